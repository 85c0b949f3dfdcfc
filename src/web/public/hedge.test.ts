import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hedgeNarrowsRange, hedgePrice, lotsFor, planHedge, type HedgeInput, type SeriesQuote } from './hedge.js';
import { dec } from './decimal.js';

const quote = (symbol: string, month: string, ask: string | null, bid: string | null = null, last: string | null = null, settle: string | null = '4.770'): SeriesQuote =>
  ({ symbol, contractMonth: month, bestAsk: ask, bestBid: bid, last, previousSettlement: settle });

const tkf: HedgeInput = {
  side: 'buy', quantityPerMonth: '123000', months: 3, contractUnit: '10000',
  series: [quote('TKFZ26', '2026-12', '4.770'), quote('TKFF27', '2027-01', '4.800'), quote('TKFG27', '2027-02', null, null, '4.750')],
  indexLevel: '4.769642857', minorScale: 2, moveBpsMax: 2000, scenarioSteps: 4,
};

test('123,000 million TKF tokens a month for 3 months: 12 lots a month, 36 in all, costs by hand', () => {
  const result = planHedge(tkf);
  assert.ok(result.ok);
  const { plan } = result;
  assert.equal(plan.lotsPerMonth, 12n);
  assert.equal(plan.lotsTotal, 36n);
  // 12 lots × 10,000 M tokens = 120,000 M hedged, 3,000 M left: cover 120000/123000 = 97.56% → 9756 bps.
  assert.equal(plan.coverBps, 9756n);
  assert.equal(plan.residualPerMonth.units, 3000n);
  // 120,000 × 4.770 = 572,400.00; × 4.800 = 576,000.00; last trade 4.750 (no ask) = 570,000.00
  assert.deepEqual(plan.months.map((m) => m.lockedMinor), [57_240_000n, 57_600_000n, 57_000_000n]);
  assert.deepEqual(plan.months.map((m) => m.priceSource), ['best ask', 'best ask', 'last trade']);
  assert.equal(plan.lockedTotalMinor, 171_840_000n);
  // 123,000 × 4.769642857 = 586,666.071411 → 586,666.07 a month
  assert.equal(plan.months[0]!.atIndexMinor, 58_666_607n);
  assert.equal(plan.atIndexTotalMinor, 3n * 58_666_607n);
  // residual 9,000 M at the index: 42,926.785713 → 42,926.79
  assert.equal(plan.hedgedAtIndexTotalMinor, 171_840_000n + 4_292_679n);
  assert.deepEqual(plan.scenarios.map((s) => s.moveBps), [-2000, -1000, 0, 1000, 2000]);
  // +20%: unhedged 369,000 × 5.7235714284 = 2,111,997.857079… → 2,111,997.86; hedged 1,718,400.00 + 9,000 × 5.7235714284 = 51,512.14
  assert.equal(plan.scenarios[4]!.unhedgedMinor, 211_199_786n);
  assert.equal(plan.scenarios[4]!.hedgedMinor, 171_840_000n + 5_151_214n);
  assert.ok(hedgeNarrowsRange(plan));
});

test('half a lot rounds up; less than half refuses with the field named', () => {
  assert.equal(lotsFor(dec('125000'), dec('10000')), 13n);
  assert.equal(lotsFor(dec('124999.9'), dec('10000')), 12n);
  assert.equal(lotsFor(dec('2500'), dec('1000')), 3n);
  const small = planHedge({ ...tkf, quantityPerMonth: '4999' });
  assert.equal(small.ok, false);
  assert.equal(!small.ok && small.field, 'quantity');
  const bad = planHedge({ ...tkf, quantityPerMonth: '12,000' });
  assert.equal(!bad.ok && bad.field, 'quantity');
  const many = planHedge({ ...tkf, months: 4 });
  assert.equal(!many.ok && many.field, 'months');
});

test('a producer selling GPU-hours hedges at the best bid', () => {
  const result = planHedge({
    ...tkf, side: 'sell', quantityPerMonth: '250000', months: 1, contractUnit: '1000', indexLevel: '1.944166667',
    series: [quote('GPHZ26', '2026-12', '2.001', '1.990')],
  });
  assert.ok(result.ok);
  assert.equal(result.plan.lotsPerMonth, 250n);
  assert.equal(result.plan.months[0]!.priceSource, 'best bid');
  assert.equal(result.plan.lockedTotalMinor, 49_750_000n); // 250,000 × 1.990 = 497,500.00
  assert.equal(hedgePrice(quote('X', '2027-01', null, null, null, null), 'sell'), undefined);
});

test('property: hedged cost moves only with the unhedged remainder; with no remainder it is flat', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 5000 }), (lots, residual, move) => {
    const quantity = String(lots * 10000 + (residual % 5000));
    const result = planHedge({ ...tkf, quantityPerMonth: quantity, months: 2, moveBpsMax: move, scenarioSteps: 10 });
    assert.ok(result.ok);
    const plan = result.plan;
    assert.equal(plan.lotsPerMonth, BigInt(lots));
    assert.ok(hedgeNarrowsRange(plan));
    if (residual % 5000 === 0) for (const s of plan.scenarios) assert.equal(s.hedgedMinor, plan.lockedTotalMinor);
    const flat = plan.scenarios.find((s) => s.moveBps === 0);
    if (flat) assert.equal(flat.hedgedMinor, plan.hedgedAtIndexTotalMinor);
  }), { numRuns: 200 });
});
