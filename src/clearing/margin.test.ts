import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addLeg, emptyExposure, mulFracCeil, pairedScanCredit, portfolioMargin, productCharge, scanScenarios, type ProductRisk } from './margin.js';

const tkf: ProductRisk = { product: 'TKF', group: 'token', currency: 'USD', initialMarginBps: 1200, maintenanceRatioBps: 8000, scanRangeBps: 1200, calendarSpreadChargeBps: 300 };
const gph: ProductRisk = { product: 'GPH', group: 'gpu', currency: 'USD', initialMarginBps: 1500, maintenanceRatioBps: 8000, scanRangeBps: 1500, calendarSpreadChargeBps: 375 };

test('an outright position is margined at the product rate', () => {
  // Long 3 TKF at 5.000 (5000 ticks × USD 10 = USD 50,000 a lot): notional 15,000,000 cents, 12% = 1,800,000.
  const e = emptyExposure(tkf);
  addLeg(e, 3, 5000, 1000);
  const m = portfolioMargin('USD', [e]);
  assert.equal(m.outrightMinor, 1_800_000n);
  assert.equal(m.scanRiskMinor, 1_800_000n);
  assert.equal(m.initialMinor, 1_800_000n);
  assert.equal(m.maintenanceMinor, 1_440_000n); // 80%
  // A long loses when prices fall: the worst scenario is a full move down.
  assert.ok(scanScenarios[productCharge(e).worstScenario]!.moveThirds < 0);
});

test('worked example: calendar-spread credit', () => {
  // Long 10 TKFH27 at 5.000, short 10 TKFJ27 at 5.100.
  // Outright: 10 × 5,000,000 × 12% + 10 × 5,100,000 × 12% = 6,000,000 + 6,120,000 = 12,120,000 cents (USD 121,200).
  // Scan (months move together): net notional 50,000,000 − 51,000,000 = −1,000,000; the worst scenario (up a full
  //   range) loses 1,000,000 × 12% = 120,000.
  // Spread charge: 10 spread lots × dearer leg 5,100,000 × 3% = 1,530,000.
  // Initial = 120,000 + 1,530,000 = 1,650,000 (USD 16,500): a credit of 10,470,000 against the outrights.
  const e = emptyExposure(tkf);
  addLeg(e, 10, 5000, 1000);
  addLeg(e, -10, 5100, 1000);
  const m = portfolioMargin('USD', [e]);
  assert.equal(m.outrightMinor, 12_120_000n);
  assert.equal(m.scanRiskMinor, 120_000n);
  assert.equal(m.spreadChargeMinor, 1_530_000n);
  assert.equal(m.initialMinor, 1_650_000n);
  assert.equal(m.outrightMinor - m.initialMinor, 10_470_000n);
  assert.equal(m.maintenanceMinor, 1_320_000n);
});

test('worked example: inter-product credit between token and GPU futures', () => {
  // Long 10 TKF at 5.000: scan 50,000,000 × 12% = 6,000,000.
  // Short 200 GPH at 2.200 (2200 ticks × USD 1): notional 200 × 220,000 = 44,000,000, scan 15% = 6,600,000.
  // Opposite directions → credit 30% × min(6,000,000, 6,600,000) = 1,800,000.
  // Initial = 6,000,000 + 6,600,000 − 1,800,000 = 10,800,000.
  const token = emptyExposure(tkf);
  addLeg(token, 10, 5000, 1000);
  const gpu = emptyExposure(gph);
  addLeg(gpu, -200, 2200, 100);
  const m = portfolioMargin('USD', [token, gpu]);
  assert.equal(m.interProductCreditMinor, 1_800_000n);
  assert.equal(m.initialMinor, 10_800_000n);
  // Same direction: no credit.
  const gpuLong = emptyExposure(gph);
  addLeg(gpuLong, 200, 2200, 100);
  assert.equal(portfolioMargin('USD', [token, gpuLong]).interProductCreditMinor, 0n);
});

test('margin rounds up to the cent', () => {
  // 1 GPH lot at 2.201: 220,100 × 15% = 33,015 exactly; at 2.203: 220,300 × 15% = 33,045; at 0.007: 700 × 15% = 105.
  const e = emptyExposure(gph);
  addLeg(e, 1, 7, 100);
  assert.equal(portfolioMargin('USD', [e]).initialMinor, 105n);
  const odd = emptyExposure({ ...gph, scanRangeBps: 1501, initialMarginBps: 1501 });
  addLeg(odd, 1, 7, 100); // 700 × 15.01% = 105.07 → 106
  assert.equal(portfolioMargin('USD', [odd]).initialMinor, 106n);
});

test('property: the float64 rounding helpers agree with exact bigint arithmetic', () => {
  fc.assert(fc.property(fc.nat(Number.MAX_SAFE_INTEGER), fc.nat(3_000_000), fc.integer({ min: 1, max: 3_000_000 }), (x, num, den) => {
    const exact = (BigInt(x) * BigInt(num) + BigInt(den) - 1n) / BigInt(den);
    if (exact > BigInt(Number.MAX_SAFE_INTEGER)) return;
    assert.equal(BigInt(mulFracCeil(x, num, den)), exact);
  }), { numRuns: 2_000 });
});

test('the inter-product credit pairs token scan risk with opposite GPU scan risk in order, rounded down, using it up', () => {
  // 30% of 5 is 1.5: the credit is 1, and 5 of each side's scan risk is used.
  const left = [7, 5];
  assert.equal(pairedScanCredit(2, [1, 0], [0, 1], [1, -1], left), 1);
  assert.deepEqual(left, [2, 0]);
  // Same direction, or a product of neither group: nothing.
  assert.equal(pairedScanCredit(2, [1, 0], [0, 1], [1, 1], [7, 5]), 0);
  assert.equal(pairedScanCredit(2, [1, 0], [0, 0], [1, -1], [7, 5]), 0);
  // One token product against two GPU products: the first takes what it can, the second the rest.
  const three = [100, 60, 70];
  assert.equal(pairedScanCredit(3, [1, 0, 0], [0, 1, 1], [-1, 1, 1], three), 18 + 12);
  assert.deepEqual(three, [0, 0, 30]);
});
