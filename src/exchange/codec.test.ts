import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OrderType, Side, StpMode, TimeInForce } from '../engine/protocol.js';
import { decodeExchangeCommand, encodeExchangeCommand } from './codec.js';
import type { ExchangeCommand } from './commands.js';

const newOrder = fc.record({
  type: fc.constant('newOrder' as const), accountId: fc.nat(2 ** 32 - 1), symbol: fc.stringMatching(/^[A-Z]{3}[FGHJKMNQUVXZ]\d{2}$/),
  side: fc.constantFrom(Side.buy, Side.sell), orderType: fc.constantFrom(...Object.values(OrderType)),
  timeInForce: fc.constantFrom(...Object.values(TimeInForce)), priceTicks: fc.nat(2 ** 31), stopPriceTicks: fc.nat(2 ** 31),
  qtyLots: fc.nat(1_000_000), postOnly: fc.boolean(), expireTsMicros: fc.maxSafeNat(), stpMode: fc.constantFrom(...Object.values(StpMode)),
  clientOrderId: fc.string({ maxLength: 20 }),
});

test('property: every command survives encode → decode unchanged', () => {
  const command: fc.Arbitrary<ExchangeCommand> = fc.oneof(
    newOrder,
    fc.record({ type: fc.constant('cancel' as const), accountId: fc.nat(2 ** 32 - 1), orderId: fc.maxSafeNat() }),
    fc.record({ type: fc.constant('amend' as const), accountId: fc.nat(2 ** 32 - 1), orderId: fc.maxSafeNat(), priceTicks: fc.nat(2 ** 31), qtyLots: fc.nat(1_000_000) }),
    fc.record({ type: fc.constantFrom('deposit' as const, 'withdraw' as const), accountId: fc.nat(), currency: fc.constantFrom('USD' as const, 'CNY' as const), amountMinor: fc.bigInt({ min: 0n, max: 10n ** 30n }) }),
    fc.record({ type: fc.constant('listSeries' as const), isoDate: fc.constant('2026-11-25'), referenceTicksByProduct: fc.dictionary(fc.constantFrom('TKF', 'GPH'), fc.nat()) }),
  );
  fc.assert(fc.property(command, (c) => {
    // fast-check builds null-prototype records; structuredClone gives the plain objects decode returns.
    assert.deepEqual(decodeExchangeCommand(encodeExchangeCommand(c)), structuredClone(c));
  }), { numRuns: 2000 });
});

test('a truncated or unknown payload is refused, not misread', () => {
  const bytes = encodeExchangeCommand({ type: 'cancel', accountId: 7, orderId: 9 });
  assert.throws(() => decodeExchangeCommand(bytes.subarray(0, 12)), /cancel payload of 12 bytes/);
  assert.throws(() => decodeExchangeCommand(new Uint8Array([9, 1, 2])), /unknown command tag 9/);
  assert.throws(() => decodeExchangeCommand(new Uint8Array()), /empty/);
});
