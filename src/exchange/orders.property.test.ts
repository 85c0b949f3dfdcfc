// The column store (orders.ts, written by events.ts) against the object-and-Map store it replaced, copied here
// as the model with its event handling: random adds, engine events, finishes, reads and snapshot-restores, with
// a small kept-max so that orders are forgotten and their slots reused within a run.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { EngineEvent } from '../engine/protocol.js';
import { OrderType } from '../engine/protocol.js';
import { applyOrderEvents } from './events.js';
import type { Instrument } from './instrument.js';
import { OrderStore, type OrderRecord, type OrderStatus } from './orders.js';

type ModelRecord = { -readonly [K in keyof OrderRecord]: OrderRecord[K] };

/** The store as it was: one object per order in a Map, finished ids in an array. */
class ModelStore {
  readonly byId = new Map<number, ModelRecord>();
  finished: number[] = [];
  finishedHead = 0;
  constructor(readonly keptMax: number) {}

  add(order: OrderRecord): void {
    assert.ok(!this.byId.has(order.orderId));
    this.byId.set(order.orderId, { ...order });
  }

  finish(order: ModelRecord, status: 'filled' | 'cancelled' | 'rejected', tsMicros: number, reasonCode = 0): void {
    order.status = status;
    order.reasonCode = reasonCode;
    order.updatedTsMicros = tsMicros;
    this.finished.push(order.orderId);
    if (this.finished.length - this.finishedHead > this.keptMax) this.byId.delete(this.finished[this.finishedHead++]!);
    if (this.finishedHead >= this.keptMax) {
      this.finished.splice(0, this.finishedHead);
      this.finishedHead = 0;
    }
  }

  ofAccount(accountId: number, openOnly: boolean, symbol?: string): ModelRecord[] {
    return [...this.byId.values()].filter((o) => o.accountId === accountId && (symbol === undefined || o.symbol === symbol) && (!openOnly || modelOpen(o)));
  }

  snapshot(): { orders: OrderRecord[]; finished: number[] } {
    return { orders: [...this.byId.values()].map((o) => ({ ...o })), finished: this.finished.slice(this.finishedHead) };
  }

  static restore(snapshot: { readonly orders: readonly OrderRecord[]; readonly finished: readonly number[] }, keptMax: number): ModelStore {
    const store = new ModelStore(keptMax);
    for (const order of snapshot.orders) store.add({ ...order });
    store.finished.push(...snapshot.finished);
    return store;
  }

  /** events.ts as it was, on the model's objects. */
  apply(event: EngineEvent): void {
    switch (event.kind) {
      case 'accepted': {
        const order = this.byId.get(event.orderId);
        if (order && (order.orderType === OrderType.stop || order.orderType === OrderType.stopLimit)) order.status = 'parked';
        break;
      }
      case 'trade':
        this.fill(event.makerOrderId, event.qtyLots, event.priceTicks, event.tsMicros, event.makerLeavesLots);
        this.fill(event.takerOrderId, event.qtyLots, event.priceTicks, event.tsMicros, event.takerLeavesLots);
        break;
      case 'cancelled': {
        const order = this.byId.get(event.orderId);
        if (order) this.finish(order, 'cancelled', event.tsMicros, event.cancelReason);
        break;
      }
      case 'amended': {
        const order = this.byId.get(event.orderId);
        if (!order) break;
        order.priceTicks = event.priceTicks;
        order.qtyLots = order.filledLots + event.qtyLots;
        order.updatedTsMicros = event.tsMicros;
        break;
      }
      case 'triggered': {
        const order = this.byId.get(event.orderId);
        if (order) order.status = order.filledLots > 0 ? 'partiallyFilled' : 'new';
        break;
      }
      default:
        break;
    }
  }

  private fill(orderId: number, qtyLots: number, priceTicks: number, tsMicros: number, leavesLots: number): void {
    const order = this.byId.get(orderId);
    if (!order) return;
    order.filledLots += qtyLots;
    order.filledNotionalTicks += qtyLots * priceTicks;
    order.updatedTsMicros = tsMicros;
    if (leavesLots === 0 && order.filledLots === order.qtyLots) this.finish(order, 'filled', tsMicros);
    else order.status = 'partiallyFilled';
  }
}

function modelOpen(order: OrderRecord): boolean {
  return order.status === 'new' || order.status === 'partiallyFilled' || order.status === 'parked';
}

const plain = (order: OrderRecord | undefined) => (order === undefined ? undefined : JSON.parse(JSON.stringify(order)) as OrderRecord);
const noTrades = { recordTrade: () => {} } as unknown as Instrument;

const symbols = ['TKFZ26', 'TKFH27', 'ZZZ'];
const statuses: OrderStatus[] = ['new', 'partiallyFilled', 'parked'];
/** Timestamps and notional past 2^31, and prices a refused market order may carry (the store holds them as given). */
const bigTs = 1_765_000_000_000_000;

const newOrder = fc.record({
  accountId: fc.integer({ min: 0, max: 3 }), symbol: fc.constantFrom(...symbols), clientOrderId: fc.constantFrom('', 'c1', 'ü"\\'),
  side: fc.constantFrom(0, 1), orderType: fc.constantFrom(0, 1, 2, 3), timeInForce: fc.integer({ min: 0, max: 4 }),
  priceTicks: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constantFrom(0, -5, 2 ** 33 + 1, 1.5)), stopPriceTicks: fc.integer({ min: 0, max: 200 }),
  qtyLots: fc.integer({ min: 1, max: 6 }), status: fc.constantFrom(...statuses), ts: fc.nat(1000),
});
const ref = fc.nat(40);
const step = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('add' as const), order: newOrder, reuseId: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('accepted' as const), ref }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('trade' as const), maker: ref, taker: ref, qty: fc.integer({ min: 1, max: 3 }), price: fc.integer({ min: 1, max: 2 ** 40 }), makerLeaves: fc.nat(1), takerLeaves: fc.nat(1) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('cancelled' as const), ref, reason: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('amended' as const), ref, price: fc.integer({ min: 1, max: 200 }), leaves: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('triggered' as const), ref }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('rejected' as const), ref, reason: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('get' as const), ref }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('ofAccount' as const), accountId: fc.integer({ min: 0, max: 3 }), openOnly: fc.boolean(), symbol: fc.option(fc.constantFrom(...symbols), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restore' as const), keptMax: fc.integer({ min: 1, max: 12 }) }) },
);

test('the column store answers as the object-and-Map store did, across forgetting, slot reuse and restore', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 300, size: 'max' }), (keptMax, steps) => {
    let store = new OrderStore(keptMax);
    let model = new ModelStore(keptMax);
    const ids: number[] = [];
    let ts = bigTs;
    const idOf = (n: number) => (ids.length === 0 ? 1 : ids[n % ids.length]!);
    for (const s of steps) {
      ts += 7;
      switch (s.t) {
        case 'add': {
          // A forgotten id may come again (the store allows it); a remembered one never does.
          const forgotten = ids.find((id) => !model.byId.has(id));
          const orderId = s.reuseId && forgotten !== undefined ? forgotten : ids.length + 1;
          if (orderId === ids.length + 1) ids.push(orderId);
          const { ts: createdOffset, ...o } = s.order;
          const record: OrderRecord = {
            orderId, accountId: o.accountId, symbol: o.symbol, clientOrderId: o.clientOrderId, side: o.side as 0, orderType: o.orderType as 0,
            timeInForce: o.timeInForce as 0, priceTicks: o.priceTicks, stopPriceTicks: o.stopPriceTicks, qtyLots: o.qtyLots, filledLots: 0,
            filledNotionalTicks: 0, status: o.status, reasonCode: 0, createdTsMicros: ts - createdOffset, updatedTsMicros: ts,
          };
          store.add(record);
          model.add(record);
          break;
        }
        case 'rejected': {
          const orderId = idOf(s.ref);
          const order = model.byId.get(orderId);
          if (!order) break;
          model.finish(order, 'rejected', ts, s.reason);
          store.finish(orderId, 'rejected', ts, s.reason);
          break;
        }
        case 'get':
          assert.deepEqual(plain(store.get(idOf(s.ref))), plain(model.byId.get(idOf(s.ref))));
          break;
        case 'ofAccount':
          assert.deepEqual(store.ofAccount(s.accountId, s.openOnly, s.symbol).map(plain), model.ofAccount(s.accountId, s.openOnly, s.symbol).map(plain));
          break;
        case 'restore': {
          const snapshot = store.snapshot();
          // Byte for byte: the snapshot file keeps its keys and their order.
          assert.equal(JSON.stringify(snapshot), JSON.stringify(model.snapshot()));
          const parsed = JSON.parse(JSON.stringify(snapshot)) as ReturnType<OrderStore['snapshot']>;
          // Another kept-max at times: a restored ring may hold more finished ids than it keeps, and then grows.
          store = OrderStore.restore(parsed, s.keptMax);
          model = ModelStore.restore(parsed, s.keptMax);
          break;
        }
        default: {
          const event = engineEvent(s, idOf, ts);
          applyOrderEvents(store, noTrades, [event]);
          model.apply(event);
        }
      }
    }
    assert.equal(JSON.stringify(store.snapshot()), JSON.stringify(model.snapshot()));
    assert.deepEqual([...store.all()].map(plain), [...model.byId.values()].map(plain));
  }), { numRuns: 300 });
});

type EventStep = { t: 'accepted' | 'triggered'; ref: number } | { t: 'cancelled'; ref: number; reason: number }
  | { t: 'amended'; ref: number; price: number; leaves: number }
  | { t: 'trade'; maker: number; taker: number; qty: number; price: number; makerLeaves: number; takerLeaves: number };

/** The event a step names (the engine's branded number types are plain numbers here). */
function engineEvent(s: EventStep, idOf: (n: number) => number, tsMicros: number): EngineEvent {
  const base = { seq: 0, tsMicros, accountId: 0, side: 0, priceTicks: 1 };
  switch (s.t) {
    case 'accepted': return { ...base, kind: 'accepted', orderId: idOf(s.ref), qtyLots: 1 } as unknown as EngineEvent;
    case 'triggered': return { ...base, kind: 'triggered', orderId: idOf(s.ref) } as unknown as EngineEvent;
    case 'cancelled': return { ...base, kind: 'cancelled', orderId: idOf(s.ref), qtyLots: 1, cancelReason: s.reason } as unknown as EngineEvent;
    case 'amended': return { ...base, kind: 'amended', orderId: idOf(s.ref), priceTicks: s.price, qtyLots: s.leaves, priorityLost: true } as unknown as EngineEvent;
    case 'trade': return {
      seq: 0, tsMicros, kind: 'trade', tradeId: 1, priceTicks: s.price, qtyLots: s.qty, aggressorSide: 0,
      makerOrderId: idOf(s.maker), makerAccountId: 0, makerLeavesLots: s.makerLeaves, takerOrderId: idOf(s.taker), takerAccountId: 0, takerLeavesLots: s.takerLeaves,
    } as unknown as EngineEvent;
  }
}

test('slots of forgotten orders are reused: the columns do not grow while the remembered orders do not', () => {
  const store = new OrderStore(3);
  for (let id = 1; id <= 20_000; id++) {
    store.add({
      orderId: id, accountId: 1, symbol: 'TKFZ26', clientOrderId: '', side: 0, orderType: 0, timeInForce: 0, priceTicks: 1, stopPriceTicks: 0,
      qtyLots: 1, filledLots: 0, filledNotionalTicks: 0, status: 'new', reasonCode: 0, createdTsMicros: 0, updatedTsMicros: 0,
    });
    store.finish(id, 'cancelled', id);
  }
  assert.equal(store.snapshot().orders.length, 3);
  assert.ok((store as unknown as { c: { capacity: number } }).c.capacity <= 1024, 'the first 1024 slots were enough');
});
