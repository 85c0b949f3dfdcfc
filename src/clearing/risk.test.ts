import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reason } from '../core/reasons.js';
import { Side } from '../engine/protocol.js';
import { ClearingHouse } from './clearing-house.js';
import { acceptedEvent, cancelledEvent, specFor, testClock, tradeEvent } from './testkit.js';

function setup() {
  const clock = testClock();
  const house = new ClearingHouse({ clock: clock.now });
  const member = house.addMember('Member One');
  const a = house.addAccount(member.id, 'alice', 'speculator');
  const b = house.addAccount(member.id, 'bob', 'speculator');
  house.registerSeries(specFor('TKF', 'TKFH27', 202703), 5000);
  return { house, member, a, b };
}

test('worked example: a margin check', () => {
  // Alice deposits USD 20,000 (2,000,000 cents). TKF at 5.000 is USD 50,000 a lot; 12% initial = 600,000 a lot.
  // Buy 3 at 5.000: needs 1,800,000 → accepted, free equity 200,000.
  // Buy 4 at 5.000: needs 2,400,000 → rejected, free equity would be −400,000.
  // Buy 3 at 5.010, 10 ticks above the mark: the fill would lose 10 × 3 × 1,000 = 30,000 at once, so it needs
  //   1,830,000 → accepted with free equity 170,000.
  const { house, a } = setup();
  assert.deepEqual(house.deposit(a.id, 'USD', 2_000_000n), { ok: true, cashMinor: 2_000_000n });
  const three = house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.buy, priceTicks: 5000, qtyLots: 3 });
  assert.equal(three.ok, true);
  assert.equal(three.requiredMarginMinor, 1_800_000n);
  assert.equal(three.freeEquityMinor, 200_000n);
  const four = house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.buy, priceTicks: 5000, qtyLots: 4 });
  assert.equal(four.ok, false);
  assert.equal(!four.ok && four.code, Reason.insufficientMargin);
  assert.equal(four.requiredMarginMinor, 2_400_000n);
  assert.equal(four.freeEquityMinor, -400_000n);
  assert.match(!four.ok ? four.message : '', /needs 2400000 USD minor units/);
  const above = house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.buy, priceTicks: 5010, qtyLots: 3 });
  assert.equal(above.requiredMarginMinor, 1_830_000n);
  assert.equal(above.freeEquityMinor, 170_000n);
});

test('open orders count against free equity, worst side per product', () => {
  const { house, a } = setup();
  house.deposit(a.id, 'USD', 2_000_000n);
  // A resting buy of 2 and a resting sell of 1: the buy side (2 lots) is the worse case: 1,200,000.
  house.onEngineEvents('TKFH27', [acceptedEvent(1, a.id, 'buy', 5000, 2), acceptedEvent(2, a.id, 'sell', 5000, 1)]);
  assert.equal(house.marginReport(a.id).currencies[0]!.requiredWithOrdersMinor, 1_200_000n);
  const more = house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.buy, priceTicks: 5000, qtyLots: 2 });
  assert.equal(more.ok, false); // 4 lots → 2,400,000 > 2,000,000
  house.onEngineEvents('TKFH27', [cancelledEvent(1, a.id, 'buy', 5000, 2)]);
  assert.equal(house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.buy, priceTicks: 5000, qtyLots: 2 }).ok, true);
});

test('position limits: speculative limit, spot month, and a hedger quota above them', () => {
  const { house, member, a } = setup();
  house.deposit(a.id, 'USD', 10n ** 12n);
  const hedger = house.addAccount(member.id, 'datacentre', 'hedger');
  house.deposit(hedger.id, 'USD', 10n ** 12n);
  // 3,000 all months: alice holds 2,900 long via resting orders; 101 more breaks the limit.
  for (let i = 0; i < 6; i++) house.onEngineEvents('TKFH27', [acceptedEvent(100 + i, a.id, 'buy', 5000, i < 5 ? 500 : 400)]);
  const over = house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.buy, priceTicks: 5000, qtyLots: 101 });
  assert.equal(!over.ok && over.code, Reason.positionLimit);
  assert.equal(over.limit, 3000);
  assert.equal(over.position, 3001);
  assert.equal(house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.buy, priceTicks: 5000, qtyLots: 100 }).ok, true);
  // Spot month: 500.
  house.setSpotMonth('TKFH27', true);
  const spot = house.checkNewOrder({ accountId: hedger.id, symbol: 'TKFH27', side: Side.sell, priceTicks: 5000, qtyLots: 1 });
  assert.equal(spot.ok, true);
  for (let i = 0; i < 1; i++) house.onEngineEvents('TKFH27', [acceptedEvent(200, hedger.id, 'sell', 5000, 500)]);
  const spotOver = house.checkNewOrder({ accountId: hedger.id, symbol: 'TKFH27', side: Side.sell, priceTicks: 5000, qtyLots: 1 });
  assert.equal(!spotOver.ok && spotOver.code, Reason.spotMonthPositionLimit);
  assert.equal(spotOver.position, -501);
  // An approved hedge quota of 800 lots lifts both limits for this product up to 800.
  house.setHedgeQuota(hedger.id, 'TKF', 800);
  assert.equal(house.checkNewOrder({ accountId: hedger.id, symbol: 'TKFH27', side: Side.sell, priceTicks: 5000, qtyLots: 300 }).ok, true);
  const quotaOver = house.checkNewOrder({ accountId: hedger.id, symbol: 'TKFH27', side: Side.sell, priceTicks: 5000, qtyLots: 301 });
  assert.equal(!quotaOver.ok && quotaOver.code, Reason.spotMonthPositionLimit);
  assert.match(!quotaOver.ok ? quotaOver.message : '', /hedge quota 800/);
});

test('order size, kill switch, reduce-only and suspension', () => {
  const { house, a, b } = setup();
  house.deposit(a.id, 'USD', 100_000_000n);
  house.deposit(b.id, 'USD', 100_000_000n);
  const big = house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.buy, priceTicks: 5000, qtyLots: 501 });
  assert.equal(!big.ok && big.code, Reason.orderSizeLimit);
  house.onEngineEvents('TKFH27', [tradeEvent({ tradeId: 1, priceTicks: 5000, qtyLots: 5, buyer: a.id, seller: b.id }), acceptedEvent(7, a.id, 'buy', 4990, 1)]);
  assert.deepEqual(house.setKillSwitch(a.id, true), [{ kind: 'massCancel', symbol: 'TKFH27', accountId: a.id }]);
  const killed = house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.sell, priceTicks: 5000, qtyLots: 1 });
  assert.equal(!killed.ok && killed.code, Reason.killSwitch);
  house.setKillSwitch(a.id, false);
  house.setStatus(a.id, 'reduceOnly');
  assert.equal(house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.sell, priceTicks: 5000, qtyLots: 5 }).ok, true);
  const flip = house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.sell, priceTicks: 5000, qtyLots: 6 });
  assert.equal(!flip.ok && flip.code, Reason.reduceOnly);
  const grow = house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.buy, priceTicks: 5000, qtyLots: 1 });
  assert.equal(!grow.ok && grow.code, Reason.reduceOnly);
  house.setStatus(a.id, 'suspended');
  const suspended = house.checkNewOrder({ accountId: a.id, symbol: 'TKFH27', side: Side.sell, priceTicks: 5000, qtyLots: 1 });
  assert.equal(!suspended.ok && suspended.code, Reason.accountSuspended);
  const unknown = house.checkNewOrder({ accountId: 99, symbol: 'TKFH27', side: Side.sell, priceTicks: 5000, qtyLots: 1 });
  assert.equal(!unknown.ok && unknown.code, Reason.unknownAccount);
});

test('withdrawals are limited to free cash', () => {
  const { house, a, b } = setup();
  house.deposit(a.id, 'USD', 1_000_000n);
  house.deposit(b.id, 'USD', 1_000_000n);
  house.onEngineEvents('TKFH27', [tradeEvent({ tradeId: 1, priceTicks: 5000, qtyLots: 1, buyer: a.id, seller: b.id })]);
  // Alice: cash 1,000,000 − 150 taker fee = 999,850; margin 600,000 → 399,850 free.
  const tooMuch = house.withdraw(a.id, 'USD', 399_851n);
  assert.equal(!tooMuch.ok && tooMuch.code, Reason.insufficientFunds);
  assert.deepEqual(house.withdraw(a.id, 'USD', 399_850n), { ok: true, cashMinor: 600_000n });
  assert.equal(house.withdraw(a.id, 'USD', 0n).ok, false);
});
