import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reason } from '../core/reasons.js';
import { Side } from '../engine/protocol.js';
import { ClearingHouse } from './clearing-house.js';
import { specFor, testClock, tradeEvent } from './testkit.js';

test('worked example: a liquidation that ends in a loss borne by the member', () => {
  // Member 1 guarantees USD 50,000 (5,000,000 cents); member 2 puts USD 100,000 into the default fund.
  // Alice (member 1) deposits USD 7,000 (700,000) and buys 1 TKF at 5.000 from bob (taker fee 150): initial
  //   margin 600,000 ≤ 700,000, so risk accepts it. Cash 699,850.
  // The day settles at the −10% limit, 4.500: VM (4500 − 5000) × 1,000 = −500,000 → cash 199,850. Margin at
  //   4.500: 4,500,000 × 12% = 540,000, maintenance 432,000; equity 199,850 < 432,000 → margin call for
  //   540,000 − 199,850 = 340,150, deadline ts 5,000. The series locked at its limit: tomorrow's limit is ±15%
  //   around 4500: 3825 to 5175.
  // Alice does not pay. At ts 5,000 the exchange liquidates: alice reduce-only, one sell of 1 lot at 3825 (the
  //   lowest price allowed), which trades against carol's bid at 4.200: realised (4200 − 4500) × 1,000 =
  //   −300,000, taker fee 150 → cash −100,300.
  // Alice is flat with −100,300: her member's guarantee pays it (5,000,000 → 4,899,700); the default fund is
  //   untouched; alice's cash is 0.
  const clock = testClock(1_000);
  const house = new ClearingHouse({ clock: clock.now });
  const m1 = house.addMember('Member One');
  const m2 = house.addMember('Member Two');
  const alice = house.addAccount(m1.id, 'alice', 'speculator').id;
  const bob = house.addAccount(m2.id, 'bob', 'marketMaker').id;
  const carol = house.addAccount(m2.id, 'carol', 'speculator').id;
  house.registerSeries(specFor('TKF', 'TKFH27', 202703), 5000);
  house.depositGuarantee(m1.id, 'USD', 5_000_000n);
  house.contributeDefaultFund(m2.id, 'USD', 10_000_000n);
  house.deposit(alice, 'USD', 700_000n);
  house.deposit(bob, 'USD', 50_000_000n);
  house.deposit(carol, 'USD', 50_000_000n);

  assert.equal(house.checkNewOrder({ accountId: alice, symbol: 'TKFH27', side: Side.buy, priceTicks: 5000, qtyLots: 1 }).ok, true);
  house.onEngineEvents('TKFH27', [tradeEvent({ tradeId: 1, priceTicks: 5000, qtyLots: 1, buyer: alice, seller: bob })]);
  assert.equal(house.cashMinor(alice, 'USD'), 699_850n);

  const eod = house.runDailySettlement('2027-03-15', {
    closingWindowStartMicros: 0, marginCallDeadlineMicros: 5_000, series: { TKFH27: { settlementPriceTicks: 4500 } },
  });
  assert.equal(house.cashMinor(alice, 'USD'), 199_850n);
  assert.deepEqual(eod.marginCalls.map((c) => [c.accountId, c.callMinor, c.deadlineMicros]), [[alice, 340_150n, 5_000]]);
  assert.equal(eod.prices[0]!.lockedAtLimit, true);
  assert.deepEqual(eod.references, [{ symbol: 'TKFH27', referencePriceTicks: 4500, limitBps: 1500 }]);

  clock.set(4_999);
  assert.deepEqual(house.runLiquidations(), [], 'nothing happens before the deadline');
  clock.set(5_000);
  const intents = house.runLiquidations();
  assert.deepEqual(intents, [{ kind: 'liquidate', symbol: 'TKFH27', accountId: alice, side: Side.sell, qtyLots: 1, priceTicks: 3825 }]);
  assert.equal(house.account(alice)!.status, 'reduceOnly');
  const grow = house.checkNewOrder({ accountId: alice, symbol: 'TKFH27', side: Side.buy, priceTicks: 4500, qtyLots: 1 });
  assert.equal(!grow.ok && grow.code, Reason.reduceOnly);

  const allocations = house.onEngineEvents('TKFH27', [
    tradeEvent({ tradeId: 2, priceTicks: 4200, qtyLots: 1, buyer: carol, seller: alice, aggressor: 'sell', tsMicros: 5_000 }),
  ]);
  assert.deepEqual(allocations, [{ accountId: alice, currency: 'USD', lossMinor: 100_300n, fromMemberMinor: 100_300n, fromDefaultFundMinor: 0n }]);
  const ledger = house.internals().ledger;
  assert.equal(house.cashMinor(alice, 'USD'), 0n);
  assert.equal(ledger.balanceOf('memberGuarantee', m1.id, 'USD'), 4_899_700n);
  assert.equal(ledger.balanceOf('defaultFund', 0, 'USD'), 10_000_000n);
  assert.equal(house.marginReport(alice).currencies[0]!.marginCall, undefined);
  house.verify();
});

test('a loss beyond the member guarantee falls to the default fund', () => {
  const clock = testClock(1_000);
  const house = new ClearingHouse({ clock: clock.now });
  const m1 = house.addMember('Small Member');
  const m2 = house.addMember('Big Member');
  const alice = house.addAccount(m1.id, 'alice', 'speculator').id;
  const bob = house.addAccount(m2.id, 'bob', 'speculator').id;
  house.registerSeries(specFor('GPH', 'GPHH27', 202703), 2200);
  house.depositGuarantee(m1.id, 'USD', 1_000n);
  house.contributeDefaultFund(m2.id, 'USD', 1_000_000n);
  house.deposit(alice, 'USD', 40_000n);
  house.deposit(bob, 'USD', 10_000_000n);
  // Alice buys 1 GPH at 2.200 (margin 220,000 × 15% = 33,000), fee 60 → cash 39,940.
  house.onEngineEvents('GPHH27', [tradeEvent({ tradeId: 1, priceTicks: 2200, qtyLots: 1, buyer: alice, seller: bob })]);
  house.runDailySettlement('2027-03-15', { closingWindowStartMicros: 0, marginCallDeadlineMicros: 2_000, series: { GPHH27: { settlementPriceTicks: 1980 } } });
  // VM (1980 − 2200) × 100 = −22,000 → 17,940 < maintenance 0.8 × ceil(198,000 × 15%) = 23,760.
  clock.set(2_000);
  const intents = house.runLiquidations();
  assert.equal(intents.length, 1);
  // Sold at 1.500: (1500 − 1980) × 100 = −48,000; fee 60 → cash −30,120. Guarantee 1,000, default fund 29,120.
  const allocations = house.onEngineEvents('GPHH27', [tradeEvent({ tradeId: 2, priceTicks: 1500, qtyLots: 1, buyer: bob, seller: alice, aggressor: 'sell' })]);
  assert.deepEqual(allocations, [{ accountId: alice, currency: 'USD', lossMinor: 30_120n, fromMemberMinor: 1_000n, fromDefaultFundMinor: 29_120n }]);
  assert.equal(house.internals().ledger.balanceOf('defaultFund', 0, 'USD'), 1_000_000n - 29_120n);
  house.verify();
});

test('a call met by a deposit before the deadline is cleared, not liquidated', () => {
  const clock = testClock(1_000);
  const house = new ClearingHouse({ clock: clock.now });
  const m = house.addMember('M');
  const alice = house.addAccount(m.id, 'alice', 'speculator').id;
  const bob = house.addAccount(m.id, 'bob', 'speculator').id;
  house.registerSeries(specFor('TKF', 'TKFH27', 202703), 5000);
  house.deposit(alice, 'USD', 700_000n);
  house.deposit(bob, 'USD', 50_000_000n);
  house.onEngineEvents('TKFH27', [tradeEvent({ tradeId: 1, priceTicks: 5000, qtyLots: 1, buyer: alice, seller: bob })]);
  house.runDailySettlement('2027-03-15', { closingWindowStartMicros: 0, marginCallDeadlineMicros: 5_000, series: { TKFH27: { settlementPriceTicks: 4500 } } });
  house.deposit(alice, 'USD', 340_150n);
  clock.set(6_000);
  assert.deepEqual(house.runLiquidations(), []);
  assert.equal(house.account(alice)!.status, 'active');
  assert.equal(house.checkMarginCalls(10_000).length, 0);
});
