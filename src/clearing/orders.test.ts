import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MutableSideLots } from './order-sums.js';
import { OpenOrders, type OpenOrder } from './orders.js';

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

/** Few prices (levels reused) or many (emptied levels pile up and are swept). */
const priceArb = fc.oneof(fc.integer({ min: 90, max: 95 }), fc.integer({ min: 1, max: 60 }));

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), account: fc.nat(2), series: fc.nat(2), buy: fc.boolean(), price: priceArb, lots: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('leaves' as const), pick: fc.nat(40), lots: fc.integer({ min: 0, max: 9 }), price: fc.option(priceArb, { nil: undefined }) }),
  fc.record({ kind: fc.constant('price' as const), pick: fc.nat(40), price: priceArb }),
  fc.record({ kind: fc.constant('removeSeries' as const), series: fc.nat(2) }),
);

test('open-order sums by series, side and price follow adds, fills, amends, triggers and removals', () => {
  fc.assert(fc.property(fc.array(opArb, { maxLength: 150 }), (ops) => {
    const orders = new OpenOrders();
    // The orders themselves, kept here as plain objects: the store's rows must give them back.
    const model = new Map<number, OpenOrder>();
    let orderId = 1;
    for (const op of ops) {
      const open = orders.all();
      const picked = 'pick' in op ? open[op.pick % Math.max(1, open.length)] : undefined;
      if (op.kind === 'add') {
        const order = { orderId: orderId++, accountId: op.account + 1, seriesIdx: op.series, sign: op.buy ? 1 : -1, priceTicks: op.price, leavesLots: op.lots } as const;
        orders.add(order);
        model.set(order.orderId, order);
      } else if (op.kind === 'leaves' && picked) {
        orders.setLeaves(picked.seriesIdx, picked.orderId, op.lots, op.price);
        if (op.lots <= 0) model.delete(picked.orderId);
        else model.set(picked.orderId, { ...picked, leavesLots: op.lots, priceTicks: op.price ?? picked.priceTicks });
      } else if (op.kind === 'price' && picked) {
        orders.setPrice(picked.seriesIdx, picked.orderId, op.price);
        model.set(picked.orderId, { ...picked, priceTicks: op.price });
      } else if (op.kind === 'removeSeries') {
        orders.removeSeries(op.series);
        for (const [id, o] of model) if (o.seriesIdx === op.series) model.delete(id);
      }
      const bySeriesThenId = (a: OpenOrder, b: OpenOrder) => a.seriesIdx - b.seriesIdx || a.orderId - b.orderId;
      assert.deepEqual(orders.all(), [...model.values()].sort(bySeriesThenId));
      assert.equal(orders.size(), model.size);
      for (const o of model.values()) assert.deepEqual(orders.get(o.seriesIdx, o.orderId), o);
      for (const accountId of [1, 2, 3]) {
        const own = [...model.values()].filter((o) => o.accountId === accountId).sort(bySeriesThenId);
        assert.deepEqual(orders.ofAccount(accountId), own);
        assert.equal(orders.countOf(accountId), own.length);
      }
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

test('one side\'s levels follow adds and removals through sweeps of emptied prices', () => {
  const stepArb = fc.record({ price: fc.integer({ min: 1, max: 60 }), lots: fc.integer({ min: 1, max: 5 }), remove: fc.boolean() });
  let sweeps = 0;
  fc.assert(fc.property(fc.array(stepArb, { minLength: 50, maxLength: 400 }), (steps) => {
    const side = new MutableSideLots();
    const want = new Map<number, number>();
    for (const step of steps) {
      const open = want.get(step.price) ?? 0;
      const lots = step.remove ? -Math.min(open, step.lots) : step.lots;
      const levelsBefore = side.levelCount;
      side.add(step.price, lots);
      if (side.levelCount < levelsBefore) sweeps++;
      want.set(step.price, open + lots);
      const got = new Map<number, number>();
      for (let level = 0; level < side.levelCount; level++) got.set(side.levelPriceTicks(level), side.levelLots(level));
      assert.equal(got.size, side.levelCount, 'each price has one level');
      for (const [price, n] of got) assert.equal(n, want.get(price), `lots at ${price}`);
      assert.deepEqual(side.byPrice, new Map([...want].filter(([, n]) => n > 0)));
      assert.equal(side.lots, [...want.values()].reduce((a, b) => a + b, 0));
    }
  }), { numRuns: 200 });
  assert.ok(sweeps > 50, `only ${sweeps} sweeps: the test no longer reaches them`);
});
