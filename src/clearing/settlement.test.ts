import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClearingHouse } from './clearing-house.js';
import { reportToCsv } from './report.js';
import { settlementPrice } from './settlement-price.js';
import { acceptedEvent, specFor, testClock, tradeEvent } from './testkit.js';

function setup() {
  const clock = testClock();
  const house = new ClearingHouse({ clock: clock.now });
  const member = house.addMember('Member One');
  const [a, b, c] = ['alice', 'bob', 'carol'].map((owner) => house.addAccount(member.id, owner, 'speculator'));
  house.registerSeries(specFor('TKF', 'TKFH27', 202703), 5000);
  for (const account of [a!, b!, c!]) house.deposit(account.id, 'USD', 10_000_000n);
  return { house, clock, a: a!.id, b: b!.id, c: c!.id };
}

test('worked example: a daily settlement with variation margin', () => {
  // Each of alice, bob, carol deposits USD 100,000 (10,000,000 cents). TKF tick value USD 10 = 1,000 cents.
  // t1 ts 100: alice buys 2 from bob at 5.000 (alice takes: fee 2 × 150 = 300; bob makes: 2 × 50 = 100).
  // t2 ts 200: carol buys 1 from alice at 5.100 (alice makes, fee 50; carol takes, fee 150). Alice closes 1 lot
  //    bought at 5.000: realised (5100 − 5000) × 1,000 = +100,000.
  // t3 ts 300: bob buys 3 from carol at 5.040 (bob takes, 450; carol makes, 150). Bob closes his short 2 sold at
  //    5.000: realised 2 × (5000 − 5040) × 1,000 = −80,000, then is long 1 at 5.040. Carol closes her long 1
  //    bought at 5.100: (5040 − 5100) × 1,000 = −60,000, then is short 2 at 5.040.
  // Positions: alice +1 (at 5.000), bob +1 (5.040), carol −2 (5.040): sum zero.
  // Closing window from ts 150: t2 and t3 → VWAP (5100 × 1 + 5040 × 3) / 4 = 20220 / 4 = 5055 (5.055).
  // VM: alice (5055 − 5000) × 1,000 = +55,000; bob (5055 − 5040) × 1,000 = +15,000;
  //     carol −2 × (5055 − 5040) × 1,000 = −30,000. VM sums to +40,000 and realised to −40,000: zero together.
  // Cash: alice 10,000,000 − 300 − 50 + 100,000 + 55,000 = 10,154,650
  //       bob   10,000,000 − 100 − 450 − 80,000 + 15,000 =  9,934,450
  //       carol 10,000,000 − 150 − 150 − 60,000 − 30,000 =  9,909,700; fees 1,200; all together 30,000,000.
  // Margin at 5.055: one lot 5,055,000 × 12% = 606,600; carol 1,213,200.
  // Next day: reference 5055, limits ±10%: ceil(4549.5) = 4550 to floor(5560.5) = 5560.
  const { house, a, b, c } = setup();
  house.onEngineEvents('TKFH27', [
    tradeEvent({ tradeId: 1, priceTicks: 5000, qtyLots: 2, buyer: a, seller: b, aggressor: 'buy', tsMicros: 100 }),
    tradeEvent({ tradeId: 2, priceTicks: 5100, qtyLots: 1, buyer: c, seller: a, aggressor: 'buy', tsMicros: 200 }),
    tradeEvent({ tradeId: 3, priceTicks: 5040, qtyLots: 3, buyer: b, seller: c, aggressor: 'buy', tsMicros: 300 }),
  ]);
  const result = house.runDailySettlement('2027-03-15', { closingWindowStartMicros: 150 });
  assert.deepEqual(result.prices.map((p) => [p.symbol, p.priceTicks, p.method]), [['TKFH27', 5055, 'vwap']]);
  assert.deepEqual(result.references, [{ symbol: 'TKFH27', referencePriceTicks: 5055, limitBps: 1000 }]);
  assert.equal(house.cashMinor(a, 'USD'), 10_154_650n);
  assert.equal(house.cashMinor(b, 'USD'), 9_934_450n);
  assert.equal(house.cashMinor(c, 'USD'), 9_909_700n);
  const internals = house.internals();
  assert.equal(internals.ledger.balanceOf('feeIncome', 0, 'USD'), 1_200n);
  assert.equal(internals.ledger.balanceOf('settlement', 0, 'USD'), 0n);
  const series = house.series('TKFH27')!;
  assert.deepEqual([series.limitDownTicks, series.limitUpTicks], [4550, 5560]);
  const carol = result.report.accounts.find((line) => line.accountId === c)!;
  assert.equal(carol.variationMarginMinor, '-30000');
  assert.equal(carol.feesMinor, '300');
  assert.equal(carol.initialMarginMinor, '1213200');
  assert.equal(carol.equityMinor, '9909700');
  assert.equal(carol.positions[0]!.averagePriceTicks, '5040.00');
  assert.equal(result.report.openInterest[0]!.lots, 2);
  house.verify();
  const csv = reportToCsv(result.report).split('\n');
  assert.equal(csv[0]!.split(',')[0], 'date');
  assert.ok(csv.some((line) => line.startsWith('2027-03-15,3,1,carol,USD,active,TKFH27,-2,5040.00,5055,-30000,')));
  assert.equal(house.settlementReportCsv('2027-03-15'), reportToCsv(result.report));
});

test('settlement price falls back from VWAP to mid to the index-moved previous price, within limits', () => {
  const { house } = setup();
  const series = house.internals().series.mustGet('TKFH27');
  assert.deepEqual(pick(settlementPrice(series, 0, { bestBidTicks: 5010, bestAskTicks: 5015 })), [5013, 'mid']); // 5012.5 → 5013
  assert.deepEqual(pick(settlementPrice(series, 0, { bestBidTicks: 5010, indexPrevious: 400, indexNow: 404 })), [5050, 'index']); // +1%
  assert.deepEqual(pick(settlementPrice(series, 0, { indexPrevious: 100, indexNow: 150 })), [5500, 'index']); // clamped to the +10% limit
  assert.deepEqual(pick(settlementPrice(series, 0, {})), [5000, 'previous']);
  assert.deepEqual(pick(settlementPrice(series, 0, { settlementPriceTicks: 4321 })), [4321, 'override']);
  // Settling at the limit locks the series: tomorrow's limit widens to 15%; a normal day returns it to 10%.
  const locked = settlementPrice(series, 0, { indexPrevious: 100, indexNow: 150 });
  assert.equal(locked.lockedAtLimit, true);
  assert.equal(locked.nextLimitBps, 1500);
  assert.deepEqual([locked.nextLimitDownTicks, locked.nextLimitUpTicks], [4675, 6325]);
  house.runDailySettlement('2027-03-15', { closingWindowStartMicros: 0, series: { TKFH27: { indexPrevious: 100, indexNow: 150 } } });
  assert.equal(house.series('TKFH27')!.limitBps, 1500);
  house.runDailySettlement('2027-03-16', { closingWindowStartMicros: 0 });
  assert.equal(house.series('TKFH27')!.limitBps, 1000);
});

function pick(p: { priceTicks: number; method: string }): [number, string] {
  return [p.priceTicks, p.method];
}

test('worked example: a final settlement', () => {
  // Alice buys 3 TKFH27 from bob at 5.000. Daily settlement at 5.100: VM alice +3 × 100 × 1,000 = +300,000,
  // bob −300,000. Final settlement price 5.123 (the index module's monthly average): alice receives
  // 3 × (5123 − 5100) × 1,000 = 69,000, bob pays 69,000. Both positions are removed; alice's resting order in the
  // series is dropped and the engine is told to cancel every order of the series. Alice's realised P&L against
  // her entry price: 3 × (5123 − 5000) × 1,000 = 369,000 = 300,000 + 69,000.
  const { house, a, b } = setup();
  house.onEngineEvents('TKFH27', [tradeEvent({ tradeId: 1, priceTicks: 5000, qtyLots: 3, buyer: a, seller: b })]);
  house.runDailySettlement('2027-03-30', { closingWindowStartMicros: 0, series: { TKFH27: { settlementPriceTicks: 5100 } } });
  assert.equal(house.cashMinor(a, 'USD'), 10_000_000n - 450n + 300_000n);
  house.onEngineEvents('TKFH27', [acceptedEvent(77, a, 'buy', 5000, 2)]);
  assert.equal(house.internals().orders.countOf(a), 1);
  const internals = house.internals();
  const result = house.runFinalSettlement('TKFH27', 5123);
  assert.deepEqual(result.lines.find((line) => line.accountId === a), { accountId: a, qtyLots: 3, amountMinor: 69_000n, realisedPnlMinor: 369_000n });
  assert.equal(result.positionsClosed, 2);
  assert.equal(result.paidMinor, 69_000n);
  assert.deepEqual(result.intents, [{ kind: 'massCancel', symbol: 'TKFH27', accountId: 0 }]);
  assert.equal(house.cashMinor(a, 'USD'), 10_000_000n - 450n + 369_000n);
  assert.equal(house.cashMinor(b, 'USD'), 10_000_000n - 150n - 369_000n);
  assert.equal(house.positionLots(a, 'TKFH27'), 0);
  assert.equal(internals.positions.slotsOf(a).length, 0);
  assert.equal(internals.orders.countOf(a), 0);
  assert.equal(house.openInterestLots('TKFH27'), 0);
  assert.equal(internals.ledger.balanceOf('settlement', 0, 'USD'), 0n);
  const late = house.checkNewOrder({ accountId: a, symbol: 'TKFH27', side: 0, priceTicks: 5000, qtyLots: 1 });
  assert.equal(late.ok, false);
  assert.throws(() => house.runFinalSettlement('TKFH27', 5123), /already final-settled/);
  house.verify();
});
