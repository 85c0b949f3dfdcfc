import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OrderType, Side, StpMode, TimeInForce } from '../engine/protocol.js';
import { CommandScratch, decodeExchangeCommand, encodeExchangeCommand, encodeExchangeCommandInto } from './codec.js';
import type { ExchangeCommand } from './commands.js';

const newOrder = fc.record({
  type: fc.constant('newOrder' as const), accountId: fc.nat(2 ** 32 - 1), symbol: fc.stringMatching(/^[A-Z]{3}[FGHJKMNQUVXZ]\d{2}$/),
  side: fc.constantFrom(Side.buy, Side.sell), orderType: fc.constantFrom(...Object.values(OrderType)),
  timeInForce: fc.constantFrom(...Object.values(TimeInForce)), priceTicks: fc.nat(2 ** 31), stopPriceTicks: fc.nat(2 ** 31),
  qtyLots: fc.nat(1_000_000), postOnly: fc.boolean(), expireTsMicros: fc.maxSafeNat(), stpMode: fc.constantFrom(...Object.values(StpMode)),
  clientOrderId: fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 })),
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

test('property: one scratch reused across commands gives each command the bytes the layout says', () => {
  const encoder = new TextEncoder();
  // The newOrder layout written out independently: fixed fields, then u8 length + UTF-8 of symbol and clientOrderId.
  const reference = (c: Extract<ExchangeCommand, { type: 'newOrder' }>): Uint8Array => {
    const symbol = encoder.encode(c.symbol);
    const clientOrderId = encoder.encode(c.clientOrderId);
    const bytes = new Uint8Array(30 + 2 + symbol.length + clientOrderId.length);
    const view = new DataView(bytes.buffer);
    bytes.set([1, c.side, c.orderType, c.timeInForce, c.postOnly ? 1 : 0, c.stpMode]);
    view.setUint32(6, c.accountId, true);
    view.setUint32(10, c.priceTicks, true);
    view.setUint32(14, c.stopPriceTicks, true);
    view.setUint32(18, c.qtyLots, true);
    view.setFloat64(22, c.expireTsMicros, true);
    bytes[30] = symbol.length;
    bytes.set(symbol, 31);
    bytes[31 + symbol.length] = clientOrderId.length;
    bytes.set(clientOrderId, 32 + symbol.length);
    return bytes;
  };
  const scratch = new CommandScratch();
  fc.assert(fc.property(fc.array(newOrder, { minLength: 1, maxLength: 5 }), (commands) => {
    for (const c of commands) assert.deepEqual(encodeExchangeCommandInto(c, scratch), reference(c));
  }), { numRuns: 1000 });
});
