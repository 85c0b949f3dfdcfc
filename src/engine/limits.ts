// Hard limits of the engine, as named constants. Each bounds a preallocated structure, so memory is known before
// the first order arrives; their relations are asserted when an engine is built (checkConfig).

import { assert } from '../core/assert.js';

/** Prices live in Int32Array columns. */
export const priceTicksLimit = 0x7fff_ffff;
/** Capacity of the order pool (resting orders plus parked stops). 2^21 slots is ~100 MB of columns. */
export const ordersRestingLimit = 1 << 21;
/** One order's quantity; per-level lot totals live in Int32Array, so ordersRestingMax * qtyLotsMax must fit. */
export const qtyLotsLimit = 1_000_000;
/**
 * Price levels of the daily band (limitUp - limitDown + 1). Levels are dense arrays indexed by price, four
 * ladders of 20 bytes per level: 2^20 levels is ~84 MB. A real band (±10% of a few thousand ticks) is tiny.
 */
export const priceLevelsMax = 1 << 20;
/** Daily limit in basis points: 1..9999 (a band of ±100% would allow price 0). */
export const limitBpsMax = 9999;
/** Market-order protection band in ticks. */
export const marketProtectionTicksMax = 1 << 20;
/** Ids are exact in a double up to 2^53. */
export const orderIdMax = Number.MAX_SAFE_INTEGER;

export interface EngineConfig {
  /** e.g. 'TKFH27' */
  symbol: string;
  /** max order size from the catalogue (500 / 1000) */
  qtyLotsMax: number;
  /** capacity of the order pool (resting + parked stops); an order that could rest when it is full is rejected bookFull */
  ordersRestingMax: number;
  /** a market order is a limit at best opposite ± this (clamped to the daily limits); it never sweeps the book */
  marketProtectionTicks: number;
  /** absolute sanity bound on any price */
  priceTicksMax: number;
}

export function checkConfig(config: EngineConfig): void {
  assert(typeof config.symbol === 'string' && config.symbol.length > 0 && config.symbol.length <= 32, `engine symbol '${config.symbol}'`);
  assert(Number.isInteger(config.qtyLotsMax) && config.qtyLotsMax >= 1 && config.qtyLotsMax <= qtyLotsLimit, `qtyLotsMax ${config.qtyLotsMax} outside 1..${qtyLotsLimit}`);
  assert(Number.isInteger(config.ordersRestingMax) && config.ordersRestingMax >= 1 && config.ordersRestingMax <= ordersRestingLimit, `ordersRestingMax ${config.ordersRestingMax} outside 1..${ordersRestingLimit}`);
  assert(config.ordersRestingMax * config.qtyLotsMax <= 0x7fff_ffff, 'ordersRestingMax * qtyLotsMax must fit a level lot total in int32');
  assert(Number.isInteger(config.marketProtectionTicks) && config.marketProtectionTicks >= 1 && config.marketProtectionTicks <= marketProtectionTicksMax, `marketProtectionTicks ${config.marketProtectionTicks} outside 1..${marketProtectionTicksMax}`);
  assert(Number.isInteger(config.priceTicksMax) && config.priceTicksMax >= 2 && config.priceTicksMax <= priceTicksLimit, `priceTicksMax ${config.priceTicksMax} outside 2..${priceTicksLimit}`);
}
