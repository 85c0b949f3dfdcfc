// The hand-written JSON of orders and fills is, byte for byte, JSON.stringify of their views.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Reason } from '../core/reasons.js';
import type { OrderRecord, OrderStatus } from '../exchange/orders.js';
import { defaultCatalogue } from '../products/catalogue.js';
import type { GatewayContext } from './context.js';
import type { TradeEvent } from '../engine/protocol.js';
import { fillsOf, type Fill } from './fills.js';
import { fillView } from './routes/trading.js';
import { orderView } from './views.js';
import { fillJson, orderJson, OrderTextCache, writeOrder, writeOrderCached, writeTradeFill } from './wire.js';
import { FrameWriter } from './ws/frame-writer.js';
import { decodeFrames } from './ws/frames-testkit.js';

const products = defaultCatalogue().products;
const statuses: OrderStatus[] = ['new', 'partiallyFilled', 'filled', 'cancelled', 'rejected', 'parked'];
const reasonCodes: number[] = Object.values(Reason as Record<string, number>);
const ticks = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 30 }));
const printable = fc.stringMatching(/^[!-~]{1,36}$/);

const order = fc.record({
  orderId: fc.integer({ min: 1, max: 2 ** 40 }), accountId: fc.integer({ min: 1, max: 1000 }),
  symbol: fc.constantFrom('TKFH27', 'GPHZ26', 'TKCM27'), clientOrderId: fc.oneof(fc.constant(''), printable, fc.constant('a"b\\c')),
  side: fc.constantFrom(0, 1), orderType: fc.constantFrom(0, 1, 2, 3), timeInForce: fc.constantFrom(0, 1, 2, 3, 4),
  priceTicks: ticks, stopPriceTicks: ticks, qtyLots: fc.integer({ min: 1, max: 1_000_000 }), filledLots: fc.integer({ min: 0, max: 1_000_000 }),
  filledNotionalTicks: fc.integer({ min: 0, max: 2 ** 45 }), status: fc.constantFrom(...statuses),
  reasonCode: fc.oneof(fc.constant(0), fc.constantFrom(...reasonCodes)),
  createdTsMicros: fc.integer({ min: 0, max: 2 ** 52 }), updatedTsMicros: fc.integer({ min: 0, max: 2 ** 52 }),
}) as fc.Arbitrary<OrderRecord>;

test('orderJson is JSON.stringify(orderView) for any order of any product', () => {
  fc.assert(fc.property(order, fc.constantFrom(...products), (o, product) => {
    assert.equal(orderJson(o, product), JSON.stringify(orderView(o, product)));
  }), { numRuns: 5000 });
});

test('fillJson is JSON.stringify(fillView) for any fill', () => {
  fc.assert(fc.property(fc.record({
    tradeId: fc.integer({ min: 1, max: 2 ** 40 }), orderId: fc.integer({ min: 1, max: 2 ** 40 }), accountId: fc.integer({ min: 1, max: 1000 }),
    symbol: fc.constantFrom('TKFH27', 'GPHZ26'), side: fc.constantFrom(0, 1), priceTicks: fc.integer({ min: 1, max: 2 ** 30 }),
    qtyLots: fc.integer({ min: 1, max: 1_000_000 }), liquidity: fc.constantFrom('maker', 'taker'), tsMicros: fc.integer({ min: 0, max: 2 ** 52 }),
  }) as fc.Arbitrary<Fill>, fc.constantFrom(...products), (fill, product) => {
    const ctx = { service: { exchange: { instrument: () => ({ product }) } } } as unknown as GatewayContext;
    assert.equal(fillJson(fill, product), JSON.stringify(fillView(ctx, fill)));
  }), { numRuns: 5000 });
});

/** The payloads of the frames a writer handed over, as text. */
function payloadsOf(chunks: Buffer[]): string[] {
  return decodeFrames(Buffer.concat(chunks)).map((p) => p.toString('utf8'));
}

test('writeOrder writes the bytes of orderJson, whole or left open for more keys', () => {
  fc.assert(fc.property(order, fc.constantFrom(...products), fc.boolean(), (o, product, open) => {
    const chunks: Buffer[] = [];
    const w = new FrameWriter((b) => chunks.push(Buffer.from(b)));
    w.begin();
    writeOrder(w, o, product, open);
    if (open) w.ascii('}');
    w.end();
    w.flush();
    assert.deepEqual(payloadsOf(chunks), [orderJson(o, product)]);
  }), { numRuns: 3000 });
});

test('writeTradeFill writes the bytes of fillJson of the maker\'s and the taker\'s fill', () => {
  fc.assert(fc.property(fc.record({
    kind: fc.constant('trade'), tradeId: fc.integer({ min: 1, max: 2 ** 40 }), makerOrderId: fc.integer({ min: 1, max: 2 ** 40 }),
    takerOrderId: fc.integer({ min: 1, max: 2 ** 40 }), makerAccountId: fc.integer({ min: 1, max: 1000 }), takerAccountId: fc.integer({ min: 1, max: 1000 }),
    aggressorSide: fc.constantFrom(0, 1), priceTicks: fc.integer({ min: 1, max: 2 ** 30 }), qtyLots: fc.integer({ min: 1, max: 1_000_000 }),
    tsMicros: fc.integer({ min: 0, max: 2 ** 52 }),
  }) as unknown as fc.Arbitrary<TradeEvent>, fc.constantFrom('TKFH27', 'GPHZ26'), fc.constantFrom(...products), (trade, symbol, product) => {
    const chunks: Buffer[] = [];
    const w = new FrameWriter((b) => chunks.push(Buffer.from(b)));
    for (const maker of [true, false]) {
      w.begin();
      writeTradeFill(w, symbol, trade, maker, product);
      w.end();
    }
    w.flush();
    assert.deepEqual(payloadsOf(chunks), fillsOf(symbol, trade).map((f) => fillJson(f, product)));
  }), { numRuns: 3000 });
});

test('writeOrderCached writes what orderJson does through any run of writes, the same order changing or not', () => {
  // Each step writes either the previous order again (maybe changed in one field) or a new one; tiny frames
  // and long runs move the writer across slabs.
  const change = fc.constantFrom('none', 'status', 'filledLots', 'filledNotionalTicks', 'priceTicks', 'qtyLots', 'updatedTsMicros', 'reasonCode', 'orderType', 'stopPriceTicks');
  fc.assert(fc.property(order, fc.array(fc.tuple(fc.boolean(), change, fc.boolean(), order), { minLength: 1, maxLength: 400 }), fc.constantFrom(...products), fc.constantFrom(532, 700, 1000, 64 * 1024), (first, steps, product, slabBytes) => {
    const chunks: Buffer[] = [];
    const w = new FrameWriter((b) => chunks.push(Buffer.from(b)), slabBytes);
    const cache = new OrderTextCache();
    const expected: string[] = [];
    let current: OrderRecord = { ...first };
    for (const [again, field, open, fresh] of steps) {
      if (!again) current = { ...fresh };
      else if (field !== 'none') {
        const o = current as unknown as Record<string, unknown>;
        // Every change keeps the order valid: another status, order type or reason; a number one more.
        if (field === 'status') o[field] = o[field] === 'rejected' ? 'new' : 'rejected';
        else if (field === 'orderType') o[field] = ((o[field] as number) + 1) % 4;
        else if (field === 'reasonCode') o[field] = reasonCodes[(reasonCodes.indexOf(o[field] as number) + 1) % reasonCodes.length];
        else o[field] = (o[field] as number) + 1;
      }
      w.begin();
      writeOrderCached(w, cache, current, product, open);
      if (open) w.ascii('}');
      w.end();
      expected.push(orderJson(current, product));
    }
    w.flush();
    assert.deepEqual(payloadsOf(chunks), expected);
  }), { numRuns: 300 });
});
