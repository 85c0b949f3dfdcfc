import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvariantError } from '../core/assert.js';
import type { ExactColumn } from './exact-column.js';
import { Ledger } from './ledger.js';

test('entries balance, balances follow, and a reversal undoes without editing', () => {
  const ledger = new Ledger();
  const bank = ledger.account('bank', 0, 'USD');
  const cash = ledger.account('clientCash', 1, 'USD');
  const fees = ledger.account('feeIncome', 0, 'USD');
  assert.equal(ledger.account('clientCash', 1, 'USD'), cash, 'one ledger account per (kind, owner, currency)');
  ledger.transfer('deposit', 'USD', 1, bank, cash, 10_000n, 'deposit');
  const fee = ledger.post('fee', 'USD', 2, [{ ledgerId: cash, amountMinor: -150n }, { ledgerId: fees, amountMinor: 150n }], 'trade 1')!;
  assert.equal(ledger.balance(cash), 9_850n);
  const reversal = ledger.reverse(fee.id, 3, 'fee charged twice');
  assert.equal(reversal.reverses, fee.id);
  assert.equal(ledger.balance(cash), 10_000n);
  assert.equal(ledger.balance(fees), 0n);
  assert.equal(ledger.entryCount(), 3);
  assert.equal(ledger.entry(fee.id).legs[0]!.amountMinor, -150n, 'the original entry is untouched');
  ledger.verify();
  assert.equal(ledger.totalMinor('USD'), 0n);
});

test('an unbalanced or mixed-currency entry is an invariant violation', () => {
  const ledger = new Ledger();
  const a = ledger.account('clientCash', 1, 'USD');
  const b = ledger.account('clientCash', 2, 'USD');
  const c = ledger.account('clientCash', 2, 'CNY');
  assert.throws(() => ledger.post('fee', 'USD', 0, [{ ledgerId: a, amountMinor: -1n }, { ledgerId: b, amountMinor: 2n }], 'x'), InvariantError);
  assert.throws(() => ledger.post('fee', 'USD', 0, [{ ledgerId: a, amountMinor: -1n }, { ledgerId: c, amountMinor: 1n }], 'x'), InvariantError);
  assert.throws(() => ledger.postPair('fee', 'USD', 0, a, c, 1n, 'x'), InvariantError);
  assert.equal(ledger.entryCount(), 0);
});

test('verify recomputes every balance from the entries, and a JSON round trip keeps them', () => {
  const ledger = new Ledger();
  const bank = ledger.account('bank', 0, 'CNY');
  const cash = ledger.account('clientCash', 5, 'CNY');
  ledger.transfer('deposit', 'CNY', 1, bank, cash, 123n, 'd');
  ledger.postPair('variationMargin', 'CNY', 2, bank, cash, -23n, 'vm');
  const copy = Ledger.fromJSON(JSON.parse(JSON.stringify(ledger.toJSON())));
  copy.verify();
  assert.equal(copy.balance(cash), 100n);
  // Corrupt the cache behind the ledger's back: verify must notice.
  (ledger as unknown as { balancesMinor: ExactColumn }).balancesMinor.set(cash, 99n);
  assert.throws(() => ledger.verify(), /recomputed/);
});
