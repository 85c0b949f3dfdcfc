import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OrderType, Side, TimeInForce } from '../engine/protocol.js';
import { finishedOrdersKeptMax, OrderStore, type OrderRecord } from './orders.js';

const order = (orderId: number): OrderRecord => ({
  orderId, accountId: 1, symbol: 'TKFZ26', clientOrderId: '', side: Side.buy, orderType: OrderType.limit, timeInForce: TimeInForce.GTC,
  priceTicks: 100, stopPriceTicks: 0, qtyLots: 1, filledLots: 0, filledNotionalTicks: 0, status: 'new', reasonCode: 0, createdTsMicros: 0, updatedTsMicros: 0,
});

test('the store forgets exactly the oldest finished orders past finishedOrdersKeptMax, and snapshots what it keeps', () => {
  const store = new OrderStore();
  const open = order(1);
  store.add(open);
  const total = finishedOrdersKeptMax * 2 + 7;
  for (let id = 2; id <= total + 1; id++) {
    const o = order(id);
    store.add(o);
    store.finish(id, 'filled', id);
  }
  const oldestKept = total + 2 - finishedOrdersKeptMax;
  assert.equal(store.get(oldestKept - 1), undefined, 'the newest forgotten one');
  assert.equal(store.get(oldestKept)?.status, 'filled', 'the oldest kept one');
  assert.deepEqual(JSON.parse(JSON.stringify(store.get(1))), open, 'open orders are never forgotten');
  const snapshot = store.snapshot();
  assert.equal(snapshot.finished.length, finishedOrdersKeptMax);
  assert.equal(snapshot.finished[0], oldestKept);
  assert.equal(snapshot.orders.length, finishedOrdersKeptMax + 1);
  // A restored store goes on forgetting in the same order.
  const restored = OrderStore.restore(snapshot);
  const next = order(total + 2);
  restored.add(next);
  restored.finish(next.orderId, 'cancelled', 0);
  assert.equal(restored.get(oldestKept), undefined);
  assert.equal(restored.get(oldestKept + 1)?.status, 'filled');
});

test('a view kept past its order\'s forgetting fails once the slot holds another order', () => {
  const store = new OrderStore(1);
  for (const id of [1, 2]) store.add(order(id));
  const kept = store.get(1)!;
  store.finish(1, 'filled', 5);
  store.finish(2, 'cancelled', 6);
  assert.equal(store.get(1), undefined);
  assert.equal(kept.status, 'filled', 'its last state, while the slot is free');
  store.add(order(3));
  assert.throws(() => kept.status, /kept past its forgetting/);
  assert.equal(store.get(3)!.status, 'new');
});
