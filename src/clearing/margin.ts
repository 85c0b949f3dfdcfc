// Portfolio margin in the style of SPAN, per account and currency.
//
// 1. Scan risk per product: every month of a product is moved together by each scenario of the scan range
//    (0, ±1/3, ±2/3, ±3/3, and extremes of ±2× covered at 50%), and the worst loss of the product's net
//    position is its scan risk. Months offset each other fully here, so:
// 2. a calendar-spread charge adds back the risk that months do not move together: for every lot long in one
//    month against a lot short in another, calendarSpreadChargeBps of the dearer leg's notional. The
//    "calendar-spread credit" is what the spread saves against margining both legs as outrights.
// 3. An inter-product credit between token futures and GPU-hour futures of one currency when their net
//    positions point opposite ways (both are claims on compute): interProductCreditBps of the smaller of the
//    two scan risks is taken off, pairing products in catalogue order.
// Maintenance margin is maintenanceRatioBps of the initial. Every charge rounds up, every credit down.
//
// Futures are linear, so the worst scenario is always a full-range move; the scenarios are kept as a table
// because the method (and its report) is the one an options product would need too.
//
// Per-position arithmetic is in float64 integers (exact below 2^53 minor units, i.e. USD 90 trillion of
// notional per product and account — asserted); the per-product results are bigint.

import { assert } from '../core/assert.js';
import { bpsScale } from './limits.js';
import type { Currency, ProductGroup } from './spec.js';

/** Scan scenarios: price move in thirds of the scan range, and the share of that move's loss that counts. */
export const scanScenarios: readonly { readonly moveThirds: number; readonly coverPercent: number }[] = [
  { moveThirds: 0, coverPercent: 100 },
  { moveThirds: 1, coverPercent: 100 }, { moveThirds: -1, coverPercent: 100 },
  { moveThirds: 2, coverPercent: 100 }, { moveThirds: -2, coverPercent: 100 },
  { moveThirds: 3, coverPercent: 100 }, { moveThirds: -3, coverPercent: 100 },
  { moveThirds: 6, coverPercent: 50 }, { moveThirds: -6, coverPercent: 50 },
];

/** Credit between token and GPU futures of one currency, as a share of the smaller scan risk (30%). */
export const interProductCreditBps = 3_000;

assert(interProductCreditBps >= 0 && interProductCreditBps < bpsScale, 'an inter-product credit never removes all risk');

export interface ProductRisk {
  readonly product: string;
  readonly group: ProductGroup;
  readonly currency: Currency;
  readonly initialMarginBps: number;
  readonly maintenanceRatioBps: number;
  readonly scanRangeBps: number;
  readonly calendarSpreadChargeBps: number;
}

/** One product's positions (or positions plus assumed fills) in one account, summed. */
export interface ProductExposure {
  readonly risk: ProductRisk;
  /** Σ qty × price × tickValue, signed. */
  netNotionalMinor: number;
  longLots: number;
  shortLots: number;
  /** The highest price × tickValue among months held: the dearer leg of any spread. */
  dearestLotNotionalMinor: number;
  /** Σ ceil(|qty| × price × tickValue × initialMarginBps): the outright margin at the product rate. */
  outrightMinor: number;
}

export function emptyExposure(risk: ProductRisk): ProductExposure {
  return { risk, netNotionalMinor: 0, longLots: 0, shortLots: 0, dearestLotNotionalMinor: 0, outrightMinor: 0 };
}

/** Adds one month's net lots at a price to a product exposure. */
export function addLeg(exposure: ProductExposure, qtyLots: number, priceTicks: number, tickValueMinor: number): void {
  if (qtyLots === 0) return;
  const lotNotional = priceTicks * tickValueMinor;
  const notional = qtyLots * lotNotional;
  // Checked on every order: the message (with its number-to-string work) is built only when it fails.
  if (!(Number.isSafeInteger(notional))) assert(false, `position notional ${notional} left the exact range`);
  exposure.netNotionalMinor += notional;
  assert(Number.isSafeInteger(exposure.netNotionalMinor), 'product notional left the exact range');
  if (qtyLots > 0) exposure.longLots += qtyLots;
  else exposure.shortLots -= qtyLots;
  if (lotNotional > exposure.dearestLotNotionalMinor) exposure.dearestLotNotionalMinor = lotNotional;
  exposure.outrightMinor += mulBpsCeil(Math.abs(notional), exposure.risk.initialMarginBps);
}

export interface ProductCharge {
  readonly product: string;
  readonly scanRiskMinor: bigint;
  /** The scenario that sets the scan risk (index into scanScenarios). */
  readonly worstScenario: number;
  readonly spreadChargeMinor: bigint;
  readonly outrightMinor: bigint;
}

/** The charges of one product as exact float64 integers (the hot path); productCharge gives them as bigints. */
interface ChargeNumbers {
  readonly scanRisk: number;
  readonly worstScenario: number;
  readonly spreadCharge: number;
}

function chargeNumbers(exposure: ProductExposure): ChargeNumbers {
  const { risk } = exposure;
  const worst = worstScenarioByDirection[1 - Math.sign(exposure.netNotionalMinor)]!;
  const scanRisk = scanRiskOf(exposure.netNotionalMinor, risk.scanRangeBps);
  const spreadLots = Math.min(exposure.longLots, exposure.shortLots);
  const spreadNotional = spreadLots * exposure.dearestLotNotionalMinor;
  assert(Number.isSafeInteger(spreadNotional), 'spread notional left the exact range');
  const spreadCharge = mulBpsCeil(spreadNotional, risk.calendarSpreadChargeBps);
  return { scanRisk, worstScenario: worst.index, spreadCharge };
}

/**
 * Linear positions: a scenario's loss is −net × move × cover, so the worst one is found by comparing
 * −sign(net) × moveThirds × cover (the weight). The table is fixed, so the worst scenario of each direction
 * (−sign(net) + 1: falling, flat, rising prices hurt) is found once.
 */
const worstScenarioByDirection: readonly { readonly index: number; readonly weight: number }[] = [-1, 0, 1].map((direction) => {
  let index = 0;
  let weight = 0;
  for (let i = 0; i < scanScenarios.length; i++) {
    const { moveThirds, coverPercent } = scanScenarios[i]!;
    if (direction * moveThirds * coverPercent > weight) {
      weight = direction * moveThirds * coverPercent;
      index = i;
    }
  }
  return { index, weight };
});

/** The scan risk of a product's net notional (a safe integer): |net| × (weight / 300) × scanRangeBps / 10000, rounded up. */
export function scanRiskOf(netNotionalMinor: number, scanRangeBps: number): number {
  const { weight } = worstScenarioByDirection[1 - Math.sign(netNotionalMinor)]!;
  return weight === 0 ? 0 : mulFracCeil(Math.abs(netNotionalMinor), weight * scanRangeBps, 300 * bpsScale);
}

export function productCharge(exposure: ProductExposure): ProductCharge {
  const c = chargeNumbers(exposure);
  return {
    product: exposure.risk.product, scanRiskMinor: BigInt(c.scanRisk), worstScenario: c.worstScenario,
    spreadChargeMinor: BigInt(c.spreadCharge), outrightMinor: BigInt(exposure.outrightMinor),
  };
}

export interface MarginBreakdown {
  readonly currency: Currency;
  readonly products: readonly ProductCharge[];
  /** Σ outright margins at the product rates, before any portfolio credit. */
  readonly outrightMinor: bigint;
  readonly scanRiskMinor: bigint;
  readonly spreadChargeMinor: bigint;
  readonly interProductCreditMinor: bigint;
  readonly initialMinor: bigint;
  readonly maintenanceMinor: bigint;
}

/** The totals of a portfolio margin as exact float64 integers: the end-of-day path, no per-product detail. */
export interface MarginNumbers {
  readonly outright: number;
  readonly scanRisk: number;
  readonly spreadCharge: number;
  readonly interProductCredit: number;
  readonly initial: number;
  readonly maintenance: number;
}

export function portfolioMarginNumbers(currency: Currency, exposures: readonly ProductExposure[], charges = exposures.map(chargeNumbers)): MarginNumbers {
  let scan = 0;
  let spread = 0;
  let outright = 0;
  let ratioBps = 0;
  for (let i = 0; i < charges.length; i++) {
    const charge = charges[i]!;
    const exposure = exposures[i]!;
    if (!(exposure.risk.currency === currency)) assert(false, `product ${exposure.risk.product} is not margined in ${currency}`);
    scan += charge.scanRisk;
    spread += charge.spreadCharge;
    outright += exposure.outrightMinor;
    if (charge.scanRisk + charge.spreadCharge > 0) ratioBps = Math.max(ratioBps, exposure.risk.maintenanceRatioBps);
  }
  const credit = interProductCredit(exposures, charges);
  const initial = scan + spread - credit;
  assert(initial >= 0 && Number.isSafeInteger(scan + spread) && Number.isSafeInteger(outright), 'margin left the exact range or went negative');
  return { outright, scanRisk: scan, spreadCharge: spread, interProductCredit: credit, initial, maintenance: mulBpsCeil(initial, ratioBps) };
}

/** The portfolio margin of one account in one currency from its product exposures (in catalogue order). */
export function portfolioMargin(currency: Currency, exposures: readonly ProductExposure[]): MarginBreakdown {
  const charges = exposures.map(chargeNumbers);
  const m = portfolioMarginNumbers(currency, exposures, charges);
  return {
    currency, products: exposures.map((e, i) => ({
      product: e.risk.product, scanRiskMinor: BigInt(charges[i]!.scanRisk), worstScenario: charges[i]!.worstScenario,
      spreadChargeMinor: BigInt(charges[i]!.spreadCharge), outrightMinor: BigInt(e.outrightMinor),
    })),
    ...breakdownOf(m),
  };
}

export function breakdownOf(m: MarginNumbers): Omit<MarginBreakdown, 'currency' | 'products'> {
  return {
    outrightMinor: BigInt(m.outright), scanRiskMinor: BigInt(m.scanRisk), spreadChargeMinor: BigInt(m.spreadCharge),
    interProductCreditMinor: BigInt(m.interProductCredit), initialMinor: BigInt(m.initial), maintenanceMinor: BigInt(m.maintenance),
  };
}

function interProductCredit(exposures: readonly ProductExposure[], charges: readonly ChargeNumbers[]): number {
  if (exposures.length < 2) return 0;
  return pairedScanCredit(
    exposures.length, exposures.map((e) => (e.risk.group === 'token' ? 1 : 0)), exposures.map((e) => (e.risk.group === 'gpu' ? 1 : 0)),
    exposures.map((e) => Math.sign(e.netNotionalMinor)), charges.map((c) => c.scanRisk),
  );
}

/**
 * The inter-product credit over count products: each token product's scan risk is paired, in order, with
 * the scan risk left of every gpu product whose net is of the opposite sign, and the paired amount earns
 * interProductCreditBps (rounded down). scanLeftMinor is used up as it is paired. Pre-trade risk calls this
 * on its reused typed arrays; the end of day on arrays made from the exposures.
 */
export function pairedScanCredit(
  count: number, isToken: ArrayLike<number>, isGpu: ArrayLike<number>, netSign: ArrayLike<number>, scanLeftMinor: { [i: number]: number },
): number {
  let credit = 0;
  for (let t = 0; t < count; t++) {
    if (isToken[t] === 0) continue;
    for (let g = 0; g < count; g++) {
      if (isGpu[g] === 0 || netSign[t]! * netSign[g]! >= 0) continue;
      const paired = Math.min(scanLeftMinor[t]!, scanLeftMinor[g]!);
      if (paired === 0) continue;
      credit += mulFracFloor(paired, interProductCreditBps, bpsScale);
      scanLeftMinor[t]! -= paired;
      scanLeftMinor[g]! -= paired;
    }
  }
  return credit;
}

/** ceil(x × bps / 10000) for x ≥ 0, exact in float64 integers (asserted). */
export function mulBpsCeil(x: number, bps: number): number {
  return mulFracCeil(x, bps, bpsScale);
}

/** ceil(x × num / den) for integers x ≥ 0, num ≥ 0, den > 0: exact, through bigint only when the result passes 2^53. */
export function mulFracCeil(x: number, num: number, den: number): number {
  const product = x * num;
  if (!Number.isSafeInteger(product)) return mulFracSplit(x, num, den, true);
  const q = floorDiv(product, den);
  return q * den === product ? q : q + 1;
}

/** floor(x × num / den), under the same terms as mulFracCeil. */
export function mulFracFloor(x: number, num: number, den: number): number {
  const product = x * num;
  if (!Number.isSafeInteger(product)) return mulFracSplit(x, num, den, false);
  return floorDiv(product, den);
}

/**
 * x × num past 2^53 (a scan of a large position: × 300 × scanRangeBps): with x = q × den + r,
 * x × num / den = q × num + r × num / den, where r × num < den × num stays small; bigint (which allocates)
 * only when a part still leaves the exact range.
 */
function mulFracSplit(x: number, num: number, den: number, roundUp: boolean): number {
  if (!(Number.isSafeInteger(x) && Number.isSafeInteger(num) && Number.isSafeInteger(den))) return bigMulDiv(x, num, den, roundUp);
  const q = floorDiv(x, den);
  const whole = q * num;
  const restProduct = (x - q * den) * num;
  if (!(Number.isSafeInteger(whole) && Number.isSafeInteger(restProduct))) return bigMulDiv(x, num, den, roundUp);
  const restQ = floorDiv(restProduct, den);
  const result = whole + (roundUp && restQ * den !== restProduct ? restQ + 1 : restQ);
  return Number.isSafeInteger(result) ? result : bigMulDiv(x, num, den, roundUp);
}

/** floor(a / den) for a safe integer a ≥ 0: the float quotient corrected by the exact remainder. */
function floorDiv(a: number, den: number): number {
  let q = Math.floor(a / den);
  if (q * den > a) q -= 1;
  else if ((q + 1) * den <= a) q += 1;
  return q;
}

function bigMulDiv(x: number, num: number, den: number, roundUp: boolean): number {
  const result = (BigInt(x) * BigInt(num) + (roundUp ? BigInt(den) - 1n : 0n)) / BigInt(den);
  assert(result <= BigInt(Number.MAX_SAFE_INTEGER), 'margin left the exact range');
  return Number(result);
}
