// Rule-by-rule scenarios for order entry: validation, limit, market, IOC, FOK, post-only, price limits.
// Each reads as: ladder in, command, events and ladder out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reason } from '../core/reasons.js';
import { CancelReason, OrderType, Phase, TimeInForce } from './protocol.js';
import { Harness, strip } from './test-helpers.js';

const reasons = (events: { kind: string }[]): number[] => events.filter((e) => e.kind === 'rejected').map((e) => (e as unknown as { reasonCode: number }).reasonCode);

test('validation: each bad field is rejected with its reason and changes nothing', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.sell(1, 1005, 5));
  const bookOnly = (): object => {
    const { seqLast: _a, tsMicrosLast: _b, chain: _c, ...rest } = h.engine.snapshot();
    return rest;
  };
  const before = bookOnly();
  const cases: [ReturnType<typeof s.order>, number][] = [
    [s.buy(2, 1000, 0), Reason.qtyOutOfRange],
    [s.buy(3, 1000, 101), Reason.qtyOutOfRange],
    [s.buy(4, 0, 1), Reason.priceOutOfRange],
    [s.buy(5, 2_000_000, 1), Reason.priceOutOfRange],
    [s.buy(6, 1200, 1), Reason.priceOutsideLimits],
    [s.buy(7, 899, 1), Reason.priceOutsideLimits],
    [s.order({ orderId: 8, type: OrderType.stop, qtyLots: 1 as never }), Reason.stopPriceMissing],
    [s.order({ orderId: 9, priceTicks: 1000 as never, timeInForce: TimeInForce.GTD, expireTsMicros: 5 as never }), Reason.expiryInvalid],
    [s.order({ orderId: 10, type: OrderType.market, postOnly: true }), Reason.postOnlyNotLimit],
    [s.buy(1, 1000, 1), Reason.duplicateOrderId],
    [s.buy(0, 1000, 1), Reason.malformed],
  ];
  for (const [command, code] of cases) {
    assert.deepEqual(reasons(h.run(command)), [code], `${JSON.stringify(command)}`);
    assert.match(h.engine.lastRejectionMessage(), /\w+/);
  }
  assert.deepEqual(bookOnly(), before); // only seq, time and the event chain moved
  assert.deepEqual(h.ladder(), { bids: [], asks: [[1005, 5]] });
  assert.match(h.run(s.buy(11, 1000, 101)) && h.engine.lastRejectionMessage(), /qtyLots 101 is outside 1\.\.100/);
});

test('no reference price yet: orders rejected referencePriceMissing', () => {
  const h = new Harness();
  assert.deepEqual(reasons(h.run(h.script.buy(1, 1000, 1))), [Reason.referencePriceMissing]);
});

test('daily limits: ceil/floor in integer math, limitsChanged event', () => {
  const h = new Harness();
  const events = strip(h.run(h.script.reference(1003, 1000)));
  assert.deepEqual(events, [{ kind: 'limitsChanged', referencePriceTicks: 1003, limitDownTicks: 903, limitUpTicks: 1103 }]);
  assert.equal(h.engine.limitDownTicks, 903); // ceil(902.7)
  assert.equal(h.engine.limitUpTicks, 1103); // floor(1103.3)
});

test('limit orders: price-time priority, trades at the maker price with both leaves', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.sell(1, 1002, 3, { accountId: 7 as never }));
  h.run(s.sell(2, 1001, 2, { accountId: 8 as never }));
  h.run(s.sell(3, 1001, 4, { accountId: 9 as never }));
  assert.deepEqual(h.ladder(), { bids: [], asks: [[1001, 6], [1002, 3]] });
  const events = strip(h.run(s.buy(4, 1002, 7)));
  assert.deepEqual(events.map((e) => [e.kind, e.makerOrderId, e.priceTicks, e.qtyLots, e.makerLeavesLots, e.takerLeavesLots]), [
    ['accepted', undefined, 1002, 7, undefined, undefined],
    ['trade', 2, 1001, 2, 0, 5],
    ['trade', 3, 1001, 4, 0, 1],
    ['trade', 1, 1002, 1, 2, 0],
  ]);
  assert.deepEqual(h.ladder(), { bids: [], asks: [[1002, 2]] });
  assert.equal(h.engine.lastTradePriceTicks(), 1002);
});

test('market order: limit at best ± protection, never beyond; remainder cancelled marketProtection', () => {
  const h = new Harness().open(); // protection 5 ticks
  const s = h.script;
  h.run(s.sell(1, 1000, 2));
  h.run(s.sell(2, 1005, 2));
  h.run(s.sell(3, 1006, 2));
  const events = strip(h.run(s.order({ orderId: 4, side: 0, type: OrderType.market, timeInForce: TimeInForce.IOC, qtyLots: 10 as never })));
  assert.deepEqual(events.map((e) => [e.kind, e.priceTicks, e.qtyLots]), [
    ['accepted', 1005, 10], ['trade', 1000, 2], ['trade', 1005, 2], ['cancelled', 1005, 6],
  ]);
  assert.equal(events[3]!.cancelReason, CancelReason.marketProtection);
  assert.deepEqual(h.ladder(), { bids: [], asks: [[1006, 2]] });
  // Nothing on the other side: rejected noLiquidity.
  assert.deepEqual(reasons(h.run(s.order({ orderId: 5, side: 1, type: OrderType.market, qtyLots: 1 as never }))), [Reason.noLiquidity]);
});

test('market protection is clamped to the daily limits', () => {
  const h = new Harness().open(1000, 10); // limits 999..1001
  const s = h.script;
  h.run(s.sell(1, 1000, 1));
  const events = strip(h.run(s.order({ orderId: 2, side: 0, type: OrderType.market, qtyLots: 1 as never })));
  assert.equal(events[0]!.priceTicks, 1001);
});

test('IOC: fills what it can, remainder cancelled iocRemainder, never rests', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.sell(1, 1001, 3));
  const events = strip(h.run(s.buy(2, 1001, 5, { timeInForce: TimeInForce.IOC })));
  assert.deepEqual(events.map((e) => e.kind), ['accepted', 'trade', 'cancelled']);
  assert.equal(events[2]!.qtyLots, 2);
  assert.equal(events[2]!.cancelReason, CancelReason.iocRemainder);
  assert.deepEqual(h.ladder(), { bids: [], asks: [] });
});

test('FOK: all or nothing, no trades when not fully fillable', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.sell(1, 1001, 3));
  h.run(s.sell(2, 1003, 3));
  const miss = strip(h.run(s.buy(3, 1002, 4, { timeInForce: TimeInForce.FOK })));
  assert.deepEqual(miss.map((e) => [e.kind, e.cancelReason]), [['accepted', undefined], ['cancelled', CancelReason.fokUnfilled]]);
  assert.deepEqual(h.ladder().asks, [[1001, 3], [1003, 3]]);
  const hit = strip(h.run(s.buy(4, 1003, 6, { timeInForce: TimeInForce.FOK })));
  assert.deepEqual(hit.map((e) => e.kind), ['accepted', 'trade', 'trade']);
});

test('post-only: rests when passive, rejected postOnlyWouldTrade when it would cross', () => {
  const h = new Harness().open();
  const s = h.script;
  h.run(s.sell(1, 1001, 3));
  assert.deepEqual(reasons(h.run(s.buy(2, 1001, 1, { postOnly: true }))), [Reason.postOnlyWouldTrade]);
  assert.deepEqual(strip(h.run(s.buy(3, 1000, 1, { postOnly: true }))).map((e) => e.kind), ['accepted']);
  assert.deepEqual(h.ladder(), { bids: [[1000, 1]], asks: [[1001, 3]] });
});

test('pool full: an order that could rest is rejected bookFull', () => {
  const h = new Harness({ symbol: 'X', qtyLotsMax: 10, ordersRestingMax: 2, marketProtectionTicks: 5, priceTicksMax: 10000 }).open();
  const s = h.script;
  h.run(s.buy(1, 990, 1));
  h.run(s.buy(2, 991, 1));
  assert.deepEqual(reasons(h.run(s.buy(3, 992, 1))), [Reason.bookFull]);
  h.run(s.cancel(1));
  assert.deepEqual(reasons(h.run(s.buy(3, 992, 1))), []);
});

test('preOpen and halted take limit orders without matching; market/IOC/FOK/post-only refused; closed refuses all', () => {
  const h = new Harness();
  const s = h.script;
  h.run(s.reference(1000, 1000));
  assert.deepEqual(reasons(h.run(s.buy(1, 1000, 1))), [Reason.marketClosed]);
  h.run(s.phase(Phase.preOpen));
  h.run(s.buy(2, 1001, 1));
  h.run(s.sell(3, 999, 1));
  assert.deepEqual(h.ladder(), { bids: [[1001, 1]], asks: [[999, 1]] }); // crossed, waiting for the auction
  assert.deepEqual(reasons(h.run(s.buy(4, 1001, 1, { timeInForce: TimeInForce.IOC }))), [Reason.phaseNotAllowed]);
  assert.deepEqual(reasons(h.run(s.buy(5, 1001, 1, { timeInForce: TimeInForce.FOK }))), [Reason.phaseNotAllowed]);
  assert.deepEqual(reasons(h.run(s.order({ orderId: 6, type: OrderType.market, qtyLots: 1 as never }))), [Reason.phaseNotAllowed]);
  assert.deepEqual(reasons(h.run(s.buy(7, 900, 1, { postOnly: true }))), [Reason.phaseNotAllowed]);
});
