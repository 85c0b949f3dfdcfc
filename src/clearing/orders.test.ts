import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OpenOrders } from './orders.js';

/** The per-series, per-side sums by price, recomputed from the orders themselves. */
function sumsByScan(orders: OpenOrders, accountId: number): Map<number, { buy: Map<number, number>; sell: Map<number, number> }> {
  const out = new Map<number, { buy: Map<number, number>; sell: Map<number, number> }>();
  for (const o of orders.ofAccount(accountId)) {
    let s = out.get(o.seriesIdx);
    if (!s) out.set(o.seriesIdx, (s = { buy: new Map(), sell: new Map() }));
    const side = o.sign > 0 ? s.buy : s.sell;
    side.set(o.priceTicks, (side.get(o.priceTicks) ?? 0) + o.leavesLots);
  }
  return out;
}

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), account: fc.nat(2), series: fc.nat(2), buy: fc.boolean(), price: fc.integer({ min: 90, max: 95 }), lots: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('leaves' as const), pick: fc.nat(40), lots: fc.integer({ min: 0, max: 9 }), price: fc.option(fc.integer({ min: 90, max: 95 }), { nil: undefined }) }),
  fc.record({ kind: fc.constant('price' as const), pick: fc.nat(40), price: fc.integer({ min: 90, max: 95 }) }),
  fc.record({ kind: fc.constant('removeSeries' as const), series: fc.nat(2) }),
);

test('open-order sums by series, side and price follow adds, fills, amends, triggers and removals', () => {
  fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
    const orders = new OpenOrders();
    let orderId = 1;
    for (const op of ops) {
      const open = orders.all();
      const picked = 'pick' in op ? open[op.pick % Math.max(1, open.length)] : undefined;
      if (op.kind === 'add') orders.add({ orderId: orderId++, accountId: op.account + 1, seriesIdx: op.series, sign: op.buy ? 1 : -1, priceTicks: op.price, leavesLots: op.lots });
      else if (op.kind === 'leaves' && picked) orders.setLeaves(picked.seriesIdx, picked.orderId, op.lots, op.price);
      else if (op.kind === 'price' && picked) orders.setPrice(picked.seriesIdx, picked.orderId, op.price);
      else if (op.kind === 'removeSeries') orders.removeSeries(op.series);
      for (const accountId of [1, 2, 3]) {
        const expected = sumsByScan(orders, accountId);
        const sums = orders.sumsOf(accountId);
        assert.equal(sums.size, expected.size, 'series with open orders');
        for (const [seriesIdx, want] of expected) {
          const got = sums.get(seriesIdx)!;
          assert.deepEqual(new Map(got.buy.byPrice), want.buy);
          assert.deepEqual(new Map(got.sell.byPrice), want.sell);
          assert.equal(got.buy.lots, [...want.buy.values()].reduce((a, b) => a + b, 0));
          assert.equal(got.sell.lots, [...want.sell.values()].reduce((a, b) => a + b, 0));
          assert.equal(orders.lotsOf(accountId, seriesIdx, 1), got.buy.lots);
          assert.equal(orders.lotsOf(accountId, seriesIdx, -1), got.sell.lots);
        }
      }
    }
  }), { numRuns: 300 });
});
