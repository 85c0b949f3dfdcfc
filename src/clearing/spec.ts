// What clearing needs to know about one tradable series. Built from the product catalogue by
// catalogue-adapter.ts; tests build them by hand. Clearing never reads the catalogue directly, so the two parts
// can change independently.

import { assert } from '../core/assert.js';
import { bpsScale, priceTicksMax, qtyLotsMax } from './limits.js';

export type Currency = 'USD' | 'CNY';
export const currencies: readonly Currency[] = ['USD', 'CNY'];

/** Token futures and GPU-hour futures are both claims on compute: the inter-product credit pairs the groups. */
export type ProductGroup = 'token' | 'gpu';

export interface ContractSpec {
  readonly symbol: string;
  readonly product: string;
  readonly group: ProductGroup;
  readonly currency: Currency;
  /** Contract month as YYYYMM, for ordering months of one product. */
  readonly contractMonth: number;
  /** Money value of one tick move of one lot, in the currency's minor unit. */
  readonly tickValueMinor: bigint;
  readonly initialMarginBps: number;
  /** Maintenance as a fraction of initial (8000 = 80%). */
  readonly maintenanceRatioBps: number;
  /** The SPAN price-scan range as a fraction of price; launch value equals the initial margin rate. */
  readonly scanRangeBps: number;
  /** Charge per calendar-spread lot, as a fraction of the dearer leg's notional. */
  readonly calendarSpreadChargeBps: number;
  readonly limitBps: number;
  /** Limit after a day that closed locked at the limit (1.5 × limitBps at launch). */
  readonly limitWidenedBps: number;
  readonly positionLimitSpotMonth: number;
  readonly positionLimitAllMonths: number;
  readonly isSpotMonth: boolean;
  readonly qtyLotsMax: number;
  readonly feeMakerMinor: bigint;
  readonly feeTakerMinor: bigint;
}

/** Relations every spec must satisfy; a violation is a configuration defect, so it asserts. */
export function assertSpec(spec: ContractSpec): void {
  const at = `contract ${spec.symbol}`;
  assert(/^[A-Z0-9-]{2,24}$/.test(spec.symbol), `${at}: symbol must be 2-24 of A-Z 0-9 -`);
  assert(spec.tickValueMinor > 0n && spec.tickValueMinor <= 1_000_000n, `${at}: tickValueMinor out of range`);
  assert(spec.initialMarginBps > 0 && spec.initialMarginBps <= bpsScale, `${at}: initialMarginBps out of range`);
  assert(spec.maintenanceRatioBps > 0 && spec.maintenanceRatioBps <= bpsScale, `${at}: maintenance above initial`);
  assert(spec.scanRangeBps > 0 && spec.scanRangeBps <= bpsScale, `${at}: scanRangeBps out of range`);
  assert(spec.calendarSpreadChargeBps >= 0 && spec.calendarSpreadChargeBps <= spec.scanRangeBps,
    `${at}: a spread must never cost more than an outright`);
  assert(spec.limitBps > 0 && spec.limitWidenedBps >= spec.limitBps && spec.limitWidenedBps < bpsScale,
    `${at}: widened limit must be at least the limit and below 100%`);
  assert(spec.positionLimitSpotMonth > 0 && spec.positionLimitSpotMonth <= spec.positionLimitAllMonths,
    `${at}: spot-month limit must be positive and at most the all-months limit`);
  assert(spec.qtyLotsMax > 0 && spec.qtyLotsMax <= qtyLotsMax, `${at}: qtyLotsMax out of range`);
  assert(spec.feeMakerMinor >= 0n && spec.feeTakerMinor >= 0n, `${at}: fees must not be negative`);
  assert(spec.contractMonth >= 200001 && spec.contractMonth <= 299912, `${at}: contractMonth must be YYYYMM`);
  assert(Number.isSafeInteger(Number(spec.tickValueMinor) * priceTicksMax), `${at}: notional would pass 2^53`);
}

/** Notional of qty lots at a price, in minor units: qty × price × tickValue (exact, bigint). */
export function notionalMinor(spec: ContractSpec, qtyLots: number, priceTicks: number): bigint {
  return BigInt(qtyLots) * BigInt(priceTicks) * spec.tickValueMinor;
}

/** ceil(a / b) for a ≥ 0, b > 0: margin rounds up, so the exchange is never under-covered by a fraction. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  assert(b > 0n && a >= 0n, 'ceilDiv takes a non-negative numerator and a positive divisor');
  return (a + b - 1n) / b;
}
