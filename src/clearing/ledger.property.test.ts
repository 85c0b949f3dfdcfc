// Holds the ledger (float64 amounts and balances below 2^53, bigint beyond) to a plain bigint model of the
// same rules, with amounts from cents to past 2^63: after every operation the same entries (JSON), the same
// balances (as bigints and as the numbers risk reads), and a throw exactly where the model refuses.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Ledger, type LedgerData } from './ledger.js';
import { amountMinorMax, ledgerLegsPerEntryMax } from './limits.js';
import type { Currency } from './spec.js';

const accounts = [['clientCash', 1, 'USD'], ['clientCash', 2, 'USD'], ['feeIncome', 0, 'USD'], ['clientCash', 1, 'CNY']] as const;
const int64Max = 2n ** 63n - 1n;
const p53 = 2n ** 53n;

const amountArb = fc.oneof(
  fc.bigInt({ min: -1_000n, max: 1_000n }),
  fc.bigInt({ min: p53 / 2n - 1_000n, max: p53 / 2n + 1_000n }),
  fc.bigInt({ min: p53 - 1_000n, max: p53 + 1_000n }),
  fc.bigInt({ min: -p53 - 1_000n, max: -p53 + 1_000n }),
  fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
  fc.bigInt({ min: int64Max - 10n, max: int64Max + 10n }),
);

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('post' as const), legs: fc.array(fc.record({ account: fc.nat(3), amount: amountArb }), { maxLength: 4 }), balance: fc.boolean(), usd: fc.boolean() }),
  fc.record({ kind: fc.constant('numbers' as const), legs: fc.array(fc.record({ account: fc.nat(2), amount: fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.integer({ min: -(2 ** 52), max: 2 ** 52 })) }), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('pair' as const), from: fc.nat(3), to: fc.nat(3), amount: amountArb }),
  fc.record({ kind: fc.constant('transfer' as const), from: fc.nat(3), to: fc.nat(3), amount: amountArb }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(100) }),
);

type Entry = LedgerData['entries'][number];

/** The rules, in bigint, with nothing else to them. */
class Model {
  readonly balances = accounts.map(() => 0n);
  readonly entries: Entry[] = [];

  /** Records the entry if it is valid; false when the ledger must refuse it. */
  post(kind: Entry['kind'], currency: Currency, ts: number, legs: readonly (readonly [number, bigint])[], ref: string, reverses?: number): boolean {
    const kept = legs.filter(([, amount]) => amount !== 0n);
    if (kept.length > ledgerLegsPerEntryMax) return false;
    if (kept.some(([id]) => accounts[id]![2] !== currency)) return false;
    if (kept.reduce((sum, [, amount]) => sum + amount, 0n) !== 0n) return false;
    if (kept.some(([, amount]) => amount > int64Max || amount < -int64Max - 1n)) return false;
    if (kept.length === 0) return true;
    for (const [id, amount] of kept) this.balances[id]! += amount;
    this.entries.push({ kind, currency, tsMicros: ts, ref, legs: kept.map(([id, amount]) => [id, amount.toString()] as const), ...(reverses === undefined ? {} : { reverses }) });
    return true;
  }
}

test('the ledger in float64 and bigint equals the bigint model, across 2^53 and 2^63', () => {
  let crossed = 0;
  fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
    const ledger = new Ledger();
    for (const [kind, owner, currency] of accounts) ledger.account(kind, owner, currency);
    const model = new Model();
    ops.forEach((op, ts) => {
      let valid: boolean;
      let run: () => unknown;
      if (op.kind === 'post') {
        const currency = op.usd ? 'USD' : 'CNY';
        const legs = op.legs.map((l) => [l.account, l.amount] as const);
        if (op.balance && legs.length > 0) legs[legs.length - 1] = [legs[legs.length - 1]![0], legs[legs.length - 1]![1] - legs.reduce((s, [, a]) => s + a, 0n)];
        valid = model.post('fee', currency, ts, legs, `trade ${ts} X`);
        run = () => ledger.post('fee', currency, ts, legs.map(([ledgerId, amountMinor]) => ({ ledgerId, amountMinor })), `trade ${ts} X`);
      } else if (op.kind === 'numbers') {
        const legs = op.legs.map((l) => [l.account, l.amount] as const);
        const balancingBig = -legs.reduce((s, [, a]) => s + BigInt(a), 0n);
        const balancing = Number(balancingBig);
        // legNumber takes only integers below 2^53: a balancing leg past that must be refused.
        valid = Number.isSafeInteger(balancing)
          && model.post('realisedPnl', 'USD', ts, [...legs.map(([id, a]) => [id, BigInt(a)] as const), [2, balancingBig]], `trade ${ts} X`);
        run = () => {
          ledger.begin();
          for (const [id, a] of legs) ledger.legNumber(id, a);
          ledger.legNumber(2, balancing);
          ledger.commit('realisedPnl', 'USD', ts, 'trade ', ts, ' X');
        };
      } else if (op.kind === 'pair' || op.kind === 'transfer') {
        const currency = accounts[op.from]![2];
        const transferOk = op.kind === 'pair' || (op.amount >= 0n && op.amount <= amountMinorMax * 1000n);
        const pairOk = op.kind === 'transfer' || op.amount === 0n || (op.from !== op.to && accounts[op.to]![2] === currency);
        valid = transferOk && pairOk && model.post('variationMargin', currency, ts, [[op.from, -op.amount], [op.to, op.amount]], 'vm');
        run = () => op.kind === 'pair'
          ? ledger.postPair('variationMargin', currency, ts, op.from, op.to, op.amount, 'vm')
          : ledger.transfer('variationMargin', currency, ts, op.from, op.to, op.amount, 'vm');
      } else {
        const id = op.pick % Math.max(1, model.entries.length);
        const original = model.entries[id];
        if (original === undefined || original.kind === 'reversal') return;
        valid = model.post('reversal', original.currency, ts, original.legs.map(([ledgerId, a]) => [ledgerId, -BigInt(a)] as const), 'undo', id);
        run = () => ledger.reverse(id, ts, 'undo');
      }
      if (valid) run();
      else assert.throws(run);
      assert.equal(JSON.stringify(ledger.toJSON().entries), JSON.stringify(model.entries));
      model.balances.forEach((balance, id) => {
        assert.equal(ledger.balance(id), balance);
        const [kind, owner, currency] = accounts[id]!;
        const safe = balance <= BigInt(Number.MAX_SAFE_INTEGER) && balance >= -BigInt(Number.MAX_SAFE_INTEGER);
        assert.ok(Object.is(ledger.balanceNumberOf(kind, owner, currency), safe ? Number(balance) : Number.NaN));
        if (!safe) crossed++;
      });
      ledger.verify();
      ledger.assertBalanced();
    });
  }), { numRuns: 1_000 });
  assert.ok(crossed > 100, `balances past 2^53 seen ${crossed} times`);
});
