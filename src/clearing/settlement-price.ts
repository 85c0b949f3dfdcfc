// The daily settlement price of one series, by the first rule that has data:
//   1. operator override (a settlement committee's price, when given explicitly);
//   2. VWAP of the trades in the closing window (trades at or after closingWindowStartMicros), rounded to the
//      nearest tick, halves up;
//   3. mid of the best bid and offer at the close, when both exist, rounded to the nearest tick, halves up;
//   4. the previous settlement moved by the index: previous × indexNow / indexPrevious, rounded to nearest;
//   5. the previous settlement unchanged (no trades, no two-sided book, no index move).
// Rules 3-5 are clamped to today's limits: a settlement price outside the band no order could trade at would
// let the settlement do what the market could not. A series that settles at its limit is "locked" and its
// next day's limit widens (spec.limitWidenedBps); the following normal day it returns to spec.limitBps.

import { assert } from '../core/assert.js';
import { keptTrades, limitsFor, type SeriesState } from './series.js';

export type SettlementMethod = 'override' | 'vwap' | 'mid' | 'index' | 'previous';

export interface SeriesCloseInput {
  readonly settlementPriceTicks?: number;
  readonly bestBidTicks?: number;
  readonly bestAskTicks?: number;
  /** Index values at the previous and at this settlement (any one integer scale, the ratio is what counts). */
  readonly indexPrevious?: number;
  readonly indexNow?: number;
}

export interface SettlementPrice {
  readonly symbol: string;
  readonly priceTicks: number;
  readonly previousTicks: number;
  readonly method: SettlementMethod;
  readonly lockedAtLimit: boolean;
  readonly nextLimitBps: number;
  readonly nextLimitDownTicks: number;
  readonly nextLimitUpTicks: number;
}

export function settlementPrice(series: SeriesState, closingWindowStartMicros: number, input: SeriesCloseInput = {}): SettlementPrice {
  const previous = series.markPriceTicks;
  const clamp = (ticks: number): number => Math.min(series.limitUpTicks, Math.max(series.limitDownTicks, ticks));
  let priceTicks: number;
  let method: SettlementMethod;
  const vwap = closingVwap(series, closingWindowStartMicros);
  if (input.settlementPriceTicks !== undefined) {
    assert(Number.isSafeInteger(input.settlementPriceTicks) && input.settlementPriceTicks > 0, 'override price must be positive ticks');
    priceTicks = input.settlementPriceTicks;
    method = 'override';
  } else if (vwap !== undefined) {
    priceTicks = vwap;
    method = 'vwap';
  } else if (input.bestBidTicks !== undefined && input.bestAskTicks !== undefined && input.bestBidTicks > 0 && input.bestAskTicks >= input.bestBidTicks) {
    priceTicks = clamp(roundHalfUp(BigInt(input.bestBidTicks + input.bestAskTicks), 2n));
    method = 'mid';
  } else if (input.indexPrevious !== undefined && input.indexNow !== undefined && input.indexPrevious > 0 && input.indexNow > 0) {
    priceTicks = clamp(roundHalfUp(BigInt(previous) * BigInt(input.indexNow), BigInt(input.indexPrevious)));
    method = 'index';
  } else {
    priceTicks = previous;
    method = 'previous';
  }
  priceTicks = Math.max(1, priceTicks);
  const lockedAtLimit = priceTicks >= series.limitUpTicks || priceTicks <= series.limitDownTicks;
  const nextLimitBps = lockedAtLimit ? series.spec.limitWidenedBps : series.spec.limitBps;
  const next = limitsFor(priceTicks, nextLimitBps);
  return {
    symbol: series.spec.symbol, priceTicks, previousTicks: previous, method, lockedAtLimit, nextLimitBps,
    nextLimitDownTicks: next.limitDownTicks, nextLimitUpTicks: next.limitUpTicks,
  };
}

/** VWAP of today's trades at or after the window start, to the nearest tick; undefined when there were none. */
export function closingVwap(series: SeriesState, closingWindowStartMicros: number): number | undefined {
  let value = 0n;
  let lots = 0n;
  for (const trade of keptTrades(series)) {
    if (trade.tsMicros < closingWindowStartMicros) continue;
    value += BigInt(trade.priceTicks) * BigInt(trade.qtyLots);
    lots += BigInt(trade.qtyLots);
  }
  return lots === 0n ? undefined : roundHalfUp(value, lots);
}

function roundHalfUp(numerator: bigint, denominator: bigint): number {
  assert(numerator >= 0n && denominator > 0n, 'prices are positive');
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
