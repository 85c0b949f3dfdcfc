// A growable column of exact integer amounts (minor units): a float64 while the amount is a safe integer, and
// past 2^53 its bigint in a side map, the column then holding NaN. The per-trade paths add plain numbers and
// allocate nothing; the rare amounts beyond 2^53 stay exact. Ledger balances and the per-account daily totals
// are both kept this way.

import { assert } from '../core/assert.js';

const safeMaxBig = BigInt(Number.MAX_SAFE_INTEGER);
const safeMinBig = -safeMaxBig;

export class ExactColumn {
  private numbers: Float64Array;
  private readonly big = new Map<number, bigint>();

  constructor(lengthInitial: number, private readonly lengthMax = Number.MAX_SAFE_INTEGER) {
    assert(Number.isInteger(lengthInitial) && lengthInitial >= 1 && lengthInitial <= lengthMax, `bad initial length ${lengthInitial}`);
    this.numbers = new Float64Array(lengthInitial);
  }

  /** Makes slot i hold zero, growing the column (by doubling, up to lengthMax) to reach it. */
  open(i: number): void {
    if (i >= this.numbers.length) {
      const grown = new Float64Array(Math.min(Math.max(this.numbers.length * 2, i + 1), this.lengthMax));
      assert(i < grown.length, `slot ${i} past the column's bound ${this.lengthMax}`);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[i] = 0;
    this.big.delete(i);
  }

  /** The amount as a float64 integer, NaN when it is past 2^53 (then read it with at). */
  numberAt(i: number): number {
    return this.numbers[i]!;
  }

  at(i: number): bigint {
    const amount = this.numbers[i]!;
    return Number.isNaN(amount) ? this.big.get(i)! : BigInt(amount);
  }

  set(i: number, amountMinor: bigint): void {
    if (amountMinor >= safeMinBig && amountMinor <= safeMaxBig) {
      this.numbers[i] = Number(amountMinor);
      this.big.delete(i);
    } else {
      this.numbers[i] = Number.NaN;
      this.big.set(i, amountMinor);
    }
  }

  add(i: number, amountMinor: bigint): void {
    this.set(i, this.at(i) + amountMinor);
  }

  /** add for a safe integer: in float64 while the sum stays a safe integer, else in bigint. */
  addNumber(i: number, amountMinor: number): void {
    const sum = this.numbers[i]! + amountMinor;
    if (Number.isSafeInteger(sum) && Number.isSafeInteger(amountMinor)) this.numbers[i] = sum;
    else this.set(i, this.at(i) + BigInt(amountMinor));
  }

  /** Whether slot i is in exactly one form: NaN in the column if and only if its bigint is in the map. */
  oneForm(i: number): boolean {
    return Number.isNaN(this.numbers[i]!) === this.big.has(i);
  }

  /** Forgets every bigint (the slots are reopened before use). */
  clearBig(): void {
    this.big.clear();
  }
}
