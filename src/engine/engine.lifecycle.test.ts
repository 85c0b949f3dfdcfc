// Rule-by-rule scenarios for what happens to orders after entry: amend, cancel, mass cancel, self-trade
// prevention, stops, expiry, phases and the call auction, new limits, state hash and snapshots.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reason } from '../core/reasons.js';
import { MatchingEngine } from './engine.js';
import { EventBuffer } from './event-buffer.js';
import { CancelReason, OrderType, Phase, StpMode, TimeInForce } from './protocol.js';
import { Harness, strip, testConfig } from './test-helpers.js';

const kinds = (events: Record<string, unknown>[]): unknown[] => events.map((e) => e.kind);

test('amend: qty down keeps priority, qty up or new price loses it', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.sell(1, 1001, 5));
  h.run(s.sell(2, 1001, 5));
  assert.deepEqual(strip(h.run(s.amend(1, 1001, 3))).map((e) => e.priorityLost), [false]);
  let fills = strip(h.run(s.buy(3, 1001, 1, { timeInForce: TimeInForce.IOC }))).filter((e) => e.kind === 'trade');
  assert.equal(fills[0]!.makerOrderId, 1, 'order 1 kept its place');
  assert.deepEqual(strip(h.run(s.amend(1, 1001, 4))).map((e) => e.priorityLost), [true]);
  fills = strip(h.run(s.buy(4, 1001, 1, { timeInForce: TimeInForce.IOC }))).filter((e) => e.kind === 'trade');
  assert.equal(fills[0]!.makerOrderId, 2, 'order 1 went to the back after qty up');
  assert.deepEqual(h.ladder().asks, [[1001, 8]]);
  // A new price that crosses trades at once, as the aggressor.
  h.run(s.buy(5, 999, 2));
  const crossed = strip(h.run(s.amend(1, 999, 4)));
  assert.deepEqual(kinds(crossed), ['amended', 'trade']);
  assert.equal(crossed[1]!.makerOrderId, 5);
  assert.deepEqual(h.ladder(), { bids: [], asks: [[999, 2], [1001, 4]] });
});

test('amend rejections: unknown, not owner, no change, qty 0, parked stop', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.sell(1, 1001, 5));
  const code = (c: ReturnType<typeof s.amend>): unknown => strip(h.run(c))[0]!.reasonCode;
  assert.equal(code(s.amend(9, 1001, 1)), Reason.unknownOrder);
  assert.equal(code(s.amend(1, 1001, 1, 2)), Reason.notOwner);
  assert.equal(code(s.amend(1, 1001, 5)), Reason.amendNoChange);
  assert.equal(code(s.amend(1, 1001, 0)), Reason.qtyOutOfRange);
  assert.equal(code(s.amend(1, 1200, 1)), Reason.priceOutsideLimits);
  h.run(s.order({ orderId: 2, side: 0, type: OrderType.stop, stopPriceTicks: 1010 as never, qtyLots: 1 as never }));
  assert.equal(code(s.amend(2, 1000, 2)), Reason.orderNotResting);
});

test('cancel and mass cancel by account or all', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.buy(1, 999, 2, { accountId: 1 as never }));
  h.run(s.buy(2, 998, 3, { accountId: 2 as never }));
  h.run(s.sell(3, 1002, 4, { accountId: 1 as never }));
  assert.equal(strip(h.run(s.cancel(2, 1)))[0]!.reasonCode, Reason.notOwner);
  assert.equal(strip(h.run(s.cancel(7, 1)))[0]!.reasonCode, Reason.unknownOrder);
  const one = strip(h.run(s.massCancel(1)));
  assert.deepEqual(one.map((e) => [e.orderId, e.qtyLots, e.cancelReason]), [[1, 2, CancelReason.massCancel], [3, 4, CancelReason.massCancel]]);
  const c = strip(h.run(s.cancel(2, 2)));
  assert.deepEqual(c.map((e) => [e.kind, e.qtyLots, e.cancelReason]), [['cancelled', 3, CancelReason.requested]]);
  h.run(s.buy(4, 999, 1, { accountId: 3 as never }));
  assert.equal(strip(h.run(s.massCancel(0))).length, 1);
  assert.equal(h.engine.restingOrderCount(), 0);
});

test('self-trade prevention: cancelResting, cancelAggressing, cancelBoth; account 0 never', () => {
  for (const [mode, expected] of [
    [StpMode.cancelResting, [['cancelled', 1], ['trade', 2]]],
    [StpMode.cancelAggressing, [['cancelled', 3]]],
    [StpMode.cancelBoth, [['cancelled', 1], ['cancelled', 3]]],
  ] as const) {
    const h = new Harness().open();
    const s = h.script;
    h.run(s.sell(1, 1001, 2, { accountId: 5 as never }));
    h.run(s.sell(2, 1001, 2, { accountId: 6 as never }));
    const events = strip(h.run(s.buy(3, 1001, 2, { accountId: 5 as never, stpMode: mode }))).filter((e) => e.kind !== 'accepted');
    assert.deepEqual(events.map((e) => [e.kind, e.kind === 'trade' ? e.makerOrderId : e.orderId]), expected, `mode ${mode}`);
    for (const e of events) if (e.kind === 'cancelled') assert.equal(e.cancelReason, CancelReason.selfTrade);
  }
  const h = new Harness().open();
  h.run(h.script.sell(1, 1001, 2, { accountId: 0 as never }));
  const events = strip(h.run(h.script.buy(2, 1001, 2, { accountId: 0 as never, stpMode: StpMode.cancelBoth })));
  assert.deepEqual(kinds(events), ['accepted', 'trade']);
});

test('stops: parked, triggered by a print at or through, enter as market or limit; cascade in order', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.sell(1, 1000, 1));
  h.run(s.buy(2, 1000, 1)); // last = 1000
  assert.equal(strip(h.run(s.order({ orderId: 3, side: 0, type: OrderType.stop, stopPriceTicks: 1000 as never, qtyLots: 1 as never })))[0]!.reasonCode, Reason.stopPriceInvalid);
  h.run(s.order({ orderId: 4, side: 0, type: OrderType.stop, stopPriceTicks: 1002 as never, qtyLots: 2 as never }));
  h.run(s.order({ orderId: 5, side: 0, type: OrderType.stopLimit, priceTicks: 1004 as never, stopPriceTicks: 1003 as never, qtyLots: 1 as never }));
  assert.equal(h.engine.parkedStopCount(), 2);
  h.run(s.sell(6, 1002, 1));
  h.run(s.sell(7, 1003, 2));
  h.run(s.sell(8, 1004, 1));
  const events = strip(h.run(s.buy(9, 1002, 1))); // prints 1002: stop 4 triggers, buys 1003 x2, which triggers 5
  assert.deepEqual(events.map((e) => [e.kind, e.orderId ?? e.takerOrderId, e.priceTicks]), [
    ['accepted', 9, 1002], ['trade', 9, 1002],
    ['triggered', 4, 1008], ['trade', 4, 1003],
    ['triggered', 5, 1004], ['trade', 5, 1004],
  ]);
  assert.equal(h.engine.parkedStopCount(), 0);
  assert.deepEqual(h.ladder(), { bids: [], asks: [] });
});

test('GTD expires at advanceTime or any later command; GFD at the session end', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.order({ orderId: 1, side: 0, priceTicks: 999 as never, qtyLots: 1 as never, timeInForce: TimeInForce.GTD, expireTsMicros: 1000 as never }));
  h.run(s.order({ orderId: 2, side: 0, priceTicks: 998 as never, qtyLots: 1 as never, timeInForce: TimeInForce.GTD, expireTsMicros: 2000 as never }));
  h.run(s.buy(3, 997, 1, { timeInForce: TimeInForce.GFD }));
  assert.deepEqual(strip(h.run(s.time(999))), []);
  assert.deepEqual(strip(h.run(s.time(1000))).map((e) => [e.orderId, e.cancelReason]), [[1, CancelReason.expired]]);
  s.ts = 2500; // the next command carries time 2500
  const later = strip(h.run(s.cancel(3)));
  assert.deepEqual(later.map((e) => [e.orderId, e.cancelReason]), [[2, CancelReason.expired], [3, CancelReason.requested]]);
  h.run(s.buy(4, 997, 1, { timeInForce: TimeInForce.GFD }));
  h.run(s.buy(5, 996, 1));
  const close = strip(h.run(s.phase(Phase.closed)));
  assert.deepEqual(close.map((e) => [e.kind, e.orderId, e.cancelReason]), [['phaseChanged', undefined, undefined], ['cancelled', 4, CancelReason.sessionEnd]]);
  assert.equal(h.engine.restingOrderCount(), 1);
});

test('phase table: only listed transitions; closed accepts cancels only', () => {
  const h = new Harness();
  const s = h.script;
  assert.equal(strip(h.run(s.phase(Phase.continuous)))[0]!.reasonCode, Reason.phaseNotAllowed);
  h.run(s.reference(1000, 1000));
  assert.deepEqual(kinds(strip(h.run(s.phase(Phase.preOpen)))), ['phaseChanged']);
  h.run(s.buy(1, 999, 1));
  h.run(s.phase(Phase.continuous));
  h.run(s.phase(Phase.closed));
  assert.equal(strip(h.run(s.amend(1, 999, 2)))[0]!.reasonCode, Reason.marketClosed);
  assert.deepEqual(kinds(strip(h.run(s.cancel(1)))), ['cancelled']);
});

test('call auction: max volume, then least imbalance, then nearest reference; trades at one price in time priority', () => {
  const h = new Harness();
  const s = h.script;
  h.run(s.reference(1000, 1000));
  h.run(s.phase(Phase.preOpen));
  h.run(s.buy(1, 1005, 3));
  h.run(s.sell(2, 995, 2));
  h.run(s.buy(3, 1002, 2));
  h.run(s.sell(4, 1001, 4));
  // At 1001..1002: buys 5, sells 6 -> 5 lots. At 995..1000: buys 5, sells 2. At 1003..1005: buys 3.
  // 1001 and 1002 both execute 5 with imbalance 1; 1001 is nearer the reference 1000.
  const events = strip(h.run(s.phase(Phase.continuous)));
  assert.deepEqual(events.map((e) => [e.kind, e.priceTicks, e.qtyLots, e.makerOrderId, e.takerOrderId]), [
    ['phaseChanged', undefined, undefined, undefined, undefined],
    ['auction', 1001, 5, undefined, undefined],
    ['trade', 1001, 2, 1, 2], ['trade', 1001, 1, 1, 4], ['trade', 1001, 2, 3, 4],
  ]);
  assert.deepEqual(h.ladder(), { bids: [], asks: [[1001, 1]] });
});

test('auction on a wide overlap lands on the reference price; halted re-opens with an auction', () => {
  const h = new Harness();
  const s = h.script;
  h.run(s.reference(1000, 1000));
  h.run(s.phase(Phase.preOpen));
  h.run(s.phase(Phase.continuous));
  h.run(s.phase(Phase.halted));
  h.run(s.buy(1, 1010, 2));
  h.run(s.sell(2, 990, 2));
  const events = strip(h.run(s.phase(Phase.continuous)));
  assert.deepEqual(events[1], { kind: 'auction', priceTicks: 1000, qtyLots: 2 });
});

test('new limits cancel orders outside them (outsideNewLimits); trades never print outside', () => {
  const h = new Harness().open(1000, 1000);
  const s = h.script;
  h.run(s.buy(1, 950, 1));
  h.run(s.sell(2, 1080, 1));
  h.run(s.buy(3, 990, 1));
  const events = strip(h.run(s.reference(1000, 500))); // 950..1050
  assert.deepEqual(events.map((e) => [e.kind, e.orderId, e.cancelReason]), [['limitsChanged', undefined, undefined], ['cancelled', 2, CancelReason.outsideNewLimits]]);
  assert.deepEqual(h.ladder(), { bids: [[990, 1], [950, 1]], asks: [] });
  h.run(s.reference(1100, 500)); // 1045..1155: both bids go
  assert.equal(h.engine.restingOrderCount(), 0);
});

test('snapshot survives JSON and restore gives the same hash and the same future', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.sell(1, 1003, 4));
  h.run(s.buy(2, 999, 2, { timeInForce: TimeInForce.GTD, expireTsMicros: 100000 as never }));
  h.run(s.order({ orderId: 3, side: 1, type: OrderType.stop, stopPriceTicks: 990 as never, qtyLots: 1 as never }));
  const snap = JSON.parse(JSON.stringify(h.engine.snapshot()));
  const events = new EventBuffer(256);
  const restored = MatchingEngine.restore(testConfig, events, snap);
  assert.equal(restored.stateHash(), h.engine.stateHash());
  const next = s.buy(4, 1003, 3);
  h.run(next);
  restored.apply(next);
  assert.equal(restored.stateHash(), h.engine.stateHash());
  assert.throws(() => restored.apply(next), /seq/); // seq must increase
});
