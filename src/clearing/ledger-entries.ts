// The ledger's entries as growable typed-array columns: one row per entry (kind, currency, time, the span of
// its legs, what it reverses, its reference in parts) and one row per leg (ledger account, amount). An amount
// is a float64 integer below 2^53, so posting one needs no bigint; one past that (rare: a deposit is at most
// 10^15) is kept exactly beside the column, within signed 64 bits. A trade posts two entries; kept as frozen
// objects with leg arrays, a day's entries were a steady stream of objects into the old generation and of
// major collections. Entries are read back as objects only when someone asks (the history projector,
// reports, snapshots).
//
// A reference ("trade 17 TKFH27") is stored as head, number and tail ("trade ", 17, " TKFH27"): heads and tails
// are interned (bounded by the kinds of reference times symbols or dates), the number is a column, and the
// text is put back together on read. The hot path passes the parts and never builds the string.

import { assert } from '../core/assert.js';
import { ledgerEntriesMax, ledgerLegsMax, ledgerRefPartsMax } from './limits.js';

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
const entriesCapacityFirst = 1024;

/** A reference with no number: the whole text is the head. */
export const refNumberNone = Number.NaN;

export class EntryColumns {
  count = 0;
  private legsCount = 0;
  private capacity = entriesCapacityFirst;
  private legCapacity = entriesCapacityFirst * 2;
  private kindCode = new Uint8Array(this.capacity);
  private currencyCode = new Uint8Array(this.capacity);
  private tsMicros = new Float64Array(this.capacity);
  /** Entry i has legs [legStart[i], legStart[i + 1]). */
  private legStart = new Uint32Array(this.capacity + 1);
  /** The entry a reversal undoes, −1 for any other entry. */
  private reversesId = new Int32Array(this.capacity);
  private refHead = new Int32Array(this.capacity);
  private refNumber = new Float64Array(this.capacity);
  private refTail = new Int32Array(this.capacity);
  private legLedgerId = new Int32Array(this.legCapacity);
  /** NaN where the amount is past 2^53: it is then in bigLegAmountsMinor. */
  private legAmountMinor = new Float64Array(this.legCapacity);
  private readonly bigLegAmountsMinor = new Map<number, bigint>();
  private readonly refParts: string[] = [''];
  private readonly refPartIds = new Map<string, number>([['', 0]]);

  /**
   * Appends one entry whose legs (already checked by the ledger) are the first `legs` of the staged arrays: an
   * amount is amountsMinor[i], or bigAmountsMinor[i] where that is NaN.
   */
  append(
    kindCode: number, currencyCode: number, tsMicros: number, refHead: string, refNumber: number, refTail: string, reverses: number,
    ledgerIds: Int32Array, amountsMinor: Float64Array, bigAmountsMinor: readonly bigint[], legs: number,
  ): number {
    assert(this.count < ledgerEntriesMax, 'ledger entries exhausted');
    if (!(this.legsCount + legs <= ledgerLegsMax)) assert(false, 'ledger legs exhausted');
    for (let i = 0; i < legs; i++) {
      if (!Number.isNaN(amountsMinor[i]!)) continue;
      const amount = bigAmountsMinor[i]!;
      // The column held signed 64 bits: an amount outside them is stopped here, as it always was.
      if (!(amount >= int64Min && amount <= int64Max)) assert(false, `ledger amount ${amount} does not fit in 64 bits`);
    }
    const id = this.count;
    if (id >= this.capacity) this.growEntries();
    if (this.legsCount + legs > this.legCapacity) this.growLegs(this.legsCount + legs);
    this.kindCode[id] = kindCode;
    this.currencyCode[id] = currencyCode;
    this.tsMicros[id] = tsMicros;
    this.reversesId[id] = reverses;
    this.refHead[id] = this.refPartId(refHead);
    this.refNumber[id] = refNumber;
    this.refTail[id] = this.refPartId(refTail);
    let leg = this.legsCount;
    for (let i = 0; i < legs; i++, leg++) {
      this.legLedgerId[leg] = ledgerIds[i]!;
      const amount = amountsMinor[i]!;
      this.legAmountMinor[leg] = amount;
      if (Number.isNaN(amount)) this.bigLegAmountsMinor.set(leg, bigAmountsMinor[i]!);
    }
    this.legsCount = leg;
    this.legStart[id + 1] = leg;
    this.count = id + 1;
    return id;
  }

  kindCodeOf(id: number): number {
    return this.kindCode[id]!;
  }

  currencyCodeOf(id: number): number {
    return this.currencyCode[id]!;
  }

  tsMicrosOf(id: number): number {
    return this.tsMicros[id]!;
  }

  /** The entry a reversal undoes, or −1. */
  reversesOf(id: number): number {
    return this.reversesId[id]!;
  }

  refOf(id: number): string {
    return refText(this.refParts[this.refHead[id]!]!, this.refNumber[id]!, this.refParts[this.refTail[id]!]!);
  }

  legFirst(id: number): number {
    return this.legStart[id]!;
  }

  legEnd(id: number): number {
    return this.legStart[id + 1]!;
  }

  legLedgerIdAt(leg: number): number {
    return this.legLedgerId[leg]!;
  }

  legAmountMinorAt(leg: number): bigint {
    const amount = this.legAmountMinor[leg]!;
    return Number.isNaN(amount) ? this.bigLegAmountsMinor.get(leg)! : BigInt(amount);
  }

  private refPartId(text: string): number {
    const existing = this.refPartIds.get(text);
    if (existing !== undefined) return existing;
    assert(this.refParts.length < ledgerRefPartsMax, 'ledger reference parts exhausted');
    this.refParts.push(text);
    this.refPartIds.set(text, this.refParts.length - 1);
    return this.refParts.length - 1;
  }

  private growEntries(): void {
    const capacity = Math.min(this.capacity * 2, ledgerEntriesMax);
    assert(capacity > this.capacity, 'ledger entries cannot grow further');
    this.kindCode = grown(this.kindCode, new Uint8Array(capacity));
    this.currencyCode = grown(this.currencyCode, new Uint8Array(capacity));
    this.tsMicros = grown(this.tsMicros, new Float64Array(capacity));
    this.legStart = grown(this.legStart, new Uint32Array(capacity + 1));
    this.reversesId = grown(this.reversesId, new Int32Array(capacity));
    this.refHead = grown(this.refHead, new Int32Array(capacity));
    this.refNumber = grown(this.refNumber, new Float64Array(capacity));
    this.refTail = grown(this.refTail, new Int32Array(capacity));
    this.capacity = capacity;
  }

  private growLegs(needed: number): void {
    let capacity = this.legCapacity;
    while (capacity < needed) capacity *= 2;
    capacity = Math.min(capacity, ledgerLegsMax);
    this.legLedgerId = grown(this.legLedgerId, new Int32Array(capacity));
    this.legAmountMinor = grown(this.legAmountMinor, new Float64Array(capacity));
    this.legCapacity = capacity;
  }
}

function grown<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(old: T, next: T): T {
  next.set(old as never);
  return next;
}

/**
 * Splits a reference at its first number, if that number reads back as the same digits ("trade 17 TKFH27" →
 * "trade ", 17, " TKFH27"; "x 007" is kept whole), so the parts interned stay few however many entries there are.
 */
export function splitRef(ref: string): { head: string; number: number; tail: string } {
  const match = refNumberPattern.exec(ref);
  if (match === null) return { head: ref, number: refNumberNone, tail: '' };
  return { head: match[1]!, number: Number(match[2]!), tail: ref.slice(match[0].length) };
}

/** The reference put back together from its parts. */
export function refText(head: string, number: number, tail: string): string {
  return Number.isNaN(number) ? head + tail : head + String(number) + tail;
}

const refNumberPattern = /^([^0-9]*)(0|[1-9][0-9]{0,14})(?![0-9])/;
