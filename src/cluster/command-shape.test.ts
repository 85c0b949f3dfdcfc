import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCommandShape } from './command-shape.js';

const order = {
  type: 'newOrder', accountId: 1, symbol: 'TKFH26', side: 0, orderType: 0, timeInForce: 0, priceTicks: 5000,
  stopPriceTicks: 0, qtyLots: 3, postOnly: false, expireTsMicros: 0, stpMode: 0, clientOrderId: 'c1',
};

test('a well-formed order passes unchanged', () => {
  const checked = checkCommandShape(order);
  assert.ok(checked.ok);
  assert.deepEqual(checked.command, order);
});

test('each malformed field is named with what it must be', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...order, side: 2 }, /^side: must be 0 \(buy\) or 1 \(sell\), got 2$/],
    [{ ...order, qtyLots: 1.5 }, /^qtyLots: must be an integer/],
    [{ ...order, priceTicks: -1 }, /^priceTicks: must be an integer/],
    [{ ...order, clientOrderId: 'x'.repeat(65) }, /^clientOrderId: must be text of at most 64 bytes/],
    [{ ...order, symbol: undefined }, /^symbol: must be a series symbol .*got nothing$/],
    [{ ...order, extra: 1 }, /^extra: not a field of newOrder$/],
    [{ type: 'launchRocket' }, /^type: must be one of newOrder, /],
    [{ type: 'deposit', accountId: 1, currency: 'EUR', amountMinor: '5' }, /^currency: must be USD or CNY/],
    [{ type: 'deposit', accountId: 1, currency: 'USD', amountMinor: '1.5' }, /^amountMinor: must be a positive whole number/],
  ];
  for (const [input, message] of cases) {
    const checked = checkCommandShape(input);
    assert.ok(!checked.ok, JSON.stringify(input));
    assert.match(checked.message, message);
  }
  assert.equal(checkCommandShape([1]).ok, false);
});

test('an amount given as a string of digits becomes a bigint', () => {
  const checked = checkCommandShape({ type: 'deposit', accountId: 1, currency: 'USD', amountMinor: '123456789012345678901' });
  assert.ok(checked.ok);
  assert.equal((checked.command as { amountMinor: bigint }).amountMinor, 123456789012345678901n);
});
