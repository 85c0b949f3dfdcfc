// The hedge calculator's arithmetic, pure and exact: "I will buy (or sell) Q units of compute per month for
// the next K months" → the series and whole lots that hedge it, the cost locked in at today's futures prices,
// the cost at today's index level, and hedged vs. unhedged cost if the index moves by ±X% by settlement.
//
// Model (stated in the panel): each month's futures settle at the month's average index, taken as today's
// index level moved by m; a futures position of L lots × unit U bought at F pays L·U·(I(1+m) − F), so what the
// hedger pays for the hedged part is L·U·F whatever m is, and the unhedged remainder costs (Q − L·U)·I(1+m).
// Fees and margin funding are left out.

import { divRound, fromInt, mul, parseDecimal, sub, toScale, type Dec } from './decimal.js';

export type HedgeSide = 'buy' | 'sell';
export type PriceSource = 'best ask' | 'best bid' | 'last trade' | 'previous settlement';

export interface SeriesQuote {
  readonly symbol: string;
  readonly contractMonth: string;
  readonly bestBid: string | null;
  readonly bestAsk: string | null;
  readonly last: string | null;
  readonly previousSettlement: string | null;
}

export interface HedgeInput {
  readonly side: HedgeSide;
  /** Per month, in the contract unit's unit (million tokens, GPU-hours). */
  readonly quantityPerMonth: string;
  readonly months: number;
  /** The contract unit's quantity from /v1/products (e.g. "10000" million tokens). */
  readonly contractUnit: string;
  /** The months to hedge, nearest first (at least `months` of them). */
  readonly series: readonly SeriesQuote[];
  /** Today's index level in the quote unit (e.g. USD per million tokens). */
  readonly indexLevel: string;
  readonly minorScale: number;
  /** Scenarios from −moveBpsMax to +moveBpsMax. */
  readonly moveBpsMax: number;
  readonly scenarioSteps: number;
}

export interface HedgeMonth {
  readonly symbol: string;
  readonly contractMonth: string;
  readonly price: string;
  readonly priceSource: PriceSource;
  readonly lots: bigint;
  /** lots × unit × futures price: locked in for the hedged quantity. */
  readonly lockedMinor: bigint;
  /** The whole month's quantity at today's index. */
  readonly atIndexMinor: bigint;
}

export interface Scenario {
  readonly moveBps: number;
  readonly unhedgedMinor: bigint;
  readonly hedgedMinor: bigint;
}

export interface HedgePlan {
  readonly lotsPerMonth: bigint;
  readonly lotsTotal: bigint;
  /** Hedged share of the quantity, in basis points (may pass 10,000 when rounding up over-hedges). */
  readonly coverBps: bigint;
  readonly residualPerMonth: Dec;
  readonly months: readonly HedgeMonth[];
  readonly lockedTotalMinor: bigint;
  readonly atIndexTotalMinor: bigint;
  /** Locked futures cost plus the unhedged remainder at today's index. */
  readonly hedgedAtIndexTotalMinor: bigint;
  readonly scenarios: readonly Scenario[];
}

export type HedgeResult = { readonly ok: true; readonly plan: HedgePlan } | { readonly ok: false; readonly field: string; readonly message: string };

export const hedgeMonthsMax = 12;
export const moveBpsMaxLimit = 9_000;
export const scenarioStepsMax = 200;
/** 10^15 units per month is more compute than exists; a bound keeps the bigint arithmetic honest. */
const quantityDigitsMax = 15;

/** The price a hedger would deal at now: a buyer lifts the offer, a seller hits the bid; else last, else settlement. */
export function hedgePrice(quote: SeriesQuote, side: HedgeSide): { price: string; source: PriceSource } | undefined {
  const touch = side === 'buy' ? quote.bestAsk : quote.bestBid;
  if (touch !== null) return { price: touch, source: side === 'buy' ? 'best ask' : 'best bid' };
  if (quote.last !== null) return { price: quote.last, source: 'last trade' };
  if (quote.previousSettlement !== null) return { price: quote.previousSettlement, source: 'previous settlement' };
  return undefined;
}

/** Whole lots nearest to quantity / unit (half rounds up: a hedger would rather cover than fall short). */
export function lotsFor(quantity: Dec, unit: Dec): bigint {
  const numerator = quantity.units * 10n ** BigInt(unit.scale);
  const denominator = unit.units * 10n ** BigInt(quantity.scale);
  return divRound(numerator, denominator);
}

export function planHedge(input: HedgeInput): HedgeResult {
  const quantity = parseDecimal(input.quantityPerMonth);
  if (quantity === undefined || quantity.units <= 0n) return refuse('quantity', `quantity per month must be a positive number, got "${input.quantityPerMonth}"`);
  if (quantity.units.toString().length - quantity.scale > quantityDigitsMax) return refuse('quantity', `quantity per month has more than ${quantityDigitsMax} digits before the point`);
  if (!Number.isInteger(input.months) || input.months < 1 || input.months > hedgeMonthsMax) return refuse('months', `months must be a whole number from 1 to ${hedgeMonthsMax}, got ${input.months}`);
  if (input.series.length < input.months) return refuse('months', `only ${input.series.length} listed months ahead to hedge with, asked for ${input.months}`);
  if (!Number.isInteger(input.moveBpsMax) || input.moveBpsMax < 0 || input.moveBpsMax > moveBpsMaxLimit) return refuse('move', `index move must be 0 to ${moveBpsMaxLimit / 100}%`);
  const unit = parseDecimal(input.contractUnit);
  const index = parseDecimal(input.indexLevel);
  if (unit === undefined || unit.units <= 0n) return refuse('product', `contract unit "${input.contractUnit}" is not a positive number`);
  if (index === undefined || index.units <= 0n) return refuse('index', `index level "${input.indexLevel}" is not a positive number`);

  const lotsPerMonth = lotsFor(quantity, unit);
  if (lotsPerMonth === 0n) return refuse('quantity', `${input.quantityPerMonth} a month is less than half a contract (${input.contractUnit}): no whole lot hedges it`);
  const hedgedPerMonth = mul(fromInt(lotsPerMonth), unit);
  const residualPerMonth = sub(quantity, hedgedPerMonth);
  const coverBps = divRound(toScale(hedgedPerMonth, quantity.scale) * 10_000n, quantity.units);
  const atIndexMonth = toScale(mul(quantity, index), input.minorScale);

  const months: HedgeMonth[] = [];
  let lockedTotal = 0n;
  for (const quote of input.series.slice(0, input.months)) {
    const priced = hedgePrice(quote, input.side);
    if (priced === undefined) return refuse('months', `${quote.symbol} has no price yet (no quote, trade or settlement)`);
    const price = parseDecimal(priced.price);
    if (price === undefined || price.units <= 0n) return refuse('months', `${quote.symbol} price "${priced.price}" is not a positive number`);
    const lockedMinor = toScale(mul(hedgedPerMonth, price), input.minorScale);
    lockedTotal += lockedMinor;
    months.push({ symbol: quote.symbol, contractMonth: quote.contractMonth, price: priced.price, priceSource: priced.source, lots: lotsPerMonth, lockedMinor, atIndexMinor: atIndexMonth });
  }

  const k = fromInt(input.months);
  const residualAll = mul(residualPerMonth, k);
  const scenarios: Scenario[] = [];
  const steps = Math.max(1, Math.min(scenarioStepsMax, Math.floor(input.scenarioSteps)));
  for (let i = 0; i <= steps; i++) {
    const moveBps = input.moveBpsMax === 0 ? 0 : -input.moveBpsMax + Number(divRound(BigInt(2 * input.moveBpsMax * i), BigInt(steps)));
    // index × (1 + m): ten-thousandths of the level, exact.
    const moved = mul(index, { units: BigInt(10_000 + moveBps), scale: 4 });
    const unhedgedMinor = toScale(mul(mul(quantity, k), moved), input.minorScale);
    const hedgedMinor = lockedTotal + toScale(mul(residualAll, moved), input.minorScale);
    scenarios.push({ moveBps, unhedgedMinor, hedgedMinor });
    if (input.moveBpsMax === 0) break;
  }

  return {
    ok: true,
    plan: {
      lotsPerMonth, lotsTotal: lotsPerMonth * BigInt(input.months), coverBps, residualPerMonth, months,
      lockedTotalMinor: lockedTotal,
      atIndexTotalMinor: atIndexMonth * BigInt(input.months),
      hedgedAtIndexTotalMinor: lockedTotal + toScale(mul(residualAll, index), input.minorScale),
      scenarios,
    },
  };
}

function refuse(field: string, message: string): HedgeResult {
  return { ok: false, field, message };
}

/** True when the hedged cost moves less than the unhedged one across the scenarios (what a hedge is for). */
export function hedgeNarrowsRange(plan: HedgePlan): boolean {
  const span = (values: bigint[]) => values.reduce((a, b) => (b > a ? b : a)) - values.reduce((a, b) => (b < a ? b : a));
  return span(plan.scenarios.map((s) => s.hedgedMinor)) <= span(plan.scenarios.map((s) => s.unhedgedMinor));
}
