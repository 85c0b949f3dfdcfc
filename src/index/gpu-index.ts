// The GPU-hour index calculation: a quantity-weighted mean of contributor quotes with the highest and lowest
// 10% of quoted quantity (by price) trimmed, from at least 5 distinct contributors. With fewer, the fixing
// falls back to the previous fixing moved by the change of the quotes present in both (weighted by the
// previous quantities) and is flagged. Quantities are counted in tenths of a GPU-hour inside the trim so
// that "10% of the quantity" is always a whole number and the arithmetic stays exact.

import { assert } from '../core/assert.js';
import { compareText } from './constituents.js';
import { divRoundHalfAway } from './price.js';

export const gpuMethodVersion = 'TGH-1.0';
export type GpuModel = 'H100' | 'H200' | 'B200' | 'A100';
export const gpuModels: readonly GpuModel[] = ['H100', 'H200', 'B200', 'A100'];
export const gpuContributorsMin = 5;
/** Trimmed share of quantity at each end, in tenths (1 = 10%). */
export const gpuTrimTenths = 1n;
export const gpuQuotesPerFixingMax = 500;
export const gpuQtyGpuHoursMax = 100_000_000;

export interface GpuQuote {
  readonly contributor: string;
  readonly gpu: GpuModel;
  /** "on-demand", "1-month", "1-year" … as the contributor states it. */
  readonly term: string;
  readonly priceNanoPerGpuHour: bigint;
  readonly qtyGpuHours: number;
  readonly quotedOn: string;
  readonly source: string;
}

export interface GpuPrevious {
  readonly date: string;
  readonly version: number;
  readonly levelNano: bigint;
  readonly quotes: readonly GpuQuote[];
}

export interface GpuFixingInputs {
  readonly index: string;
  readonly date: string;
  readonly gpu: GpuModel;
  readonly quotes: readonly GpuQuote[];
  readonly previous: GpuPrevious | undefined;
}

export interface TrimLine {
  readonly contributor: string;
  readonly term: string;
  readonly priceNanoPerGpuHour: bigint;
  readonly qtyGpuHours: number;
  /** Quantity left after the trim, in tenths of a GPU-hour. */
  readonly keptTenths: bigint;
}

export interface FallbackLine {
  readonly contributor: string;
  readonly term: string;
  readonly previousPriceNano: bigint;
  readonly todayPriceNano: bigint;
  readonly previousQtyGpuHours: number;
}

export interface GpuFixingResult {
  readonly contributors: number;
  readonly method: 'trimmed-mean' | 'fallback';
  readonly lines: readonly TrimLine[];
  readonly trimEachEndTenths: bigint;
  readonly keptWeightedSumNano: bigint;
  readonly keptTenths: bigint;
  readonly fallback: { readonly lines: readonly FallbackLine[]; readonly todayValueNano: bigint; readonly previousValueNano: bigint } | undefined;
  readonly levelNano: bigint;
  readonly flags: readonly string[];
}

export type GpuFixingOutcome = { readonly ok: true; readonly result: GpuFixingResult } | { readonly ok: false; readonly message: string };

export function computeGpuFixing(inputs: GpuFixingInputs): GpuFixingOutcome {
  assert(inputs.quotes.length <= gpuQuotesPerFixingMax, `more than ${gpuQuotesPerFixingMax} quotes`);
  for (const q of inputs.quotes) {
    assert(q.gpu === inputs.gpu, `quote for ${q.gpu} in a ${inputs.gpu} fixing`);
    assert(q.priceNanoPerGpuHour > 0n && Number.isSafeInteger(q.qtyGpuHours) && q.qtyGpuHours > 0 && q.qtyGpuHours <= gpuQtyGpuHoursMax,
      `quote of ${q.contributor}: positive price and 1-${gpuQtyGpuHoursMax} GPU-hours`);
  }
  const sorted = [...inputs.quotes].sort((a, b) => (a.priceNanoPerGpuHour < b.priceNanoPerGpuHour ? -1 : a.priceNanoPerGpuHour > b.priceNanoPerGpuHour ? 1 : 0) ||
    compareText(a.contributor, b.contributor) || compareText(a.term, b.term));
  const contributors = new Set(sorted.map((q) => q.contributor)).size;
  const totalTenths = sorted.reduce((sum, q) => sum + 10n * BigInt(q.qtyGpuHours), 0n);
  const trimEachEndTenths = (totalTenths / 10n) * gpuTrimTenths;
  const kept = sorted.map((q) => 10n * BigInt(q.qtyGpuHours));
  trim(kept, trimEachEndTenths, 1);
  trim(kept, trimEachEndTenths, -1);
  const lines: TrimLine[] = sorted.map((q, i) => ({ contributor: q.contributor, term: q.term, priceNanoPerGpuHour: q.priceNanoPerGpuHour, qtyGpuHours: q.qtyGpuHours, keptTenths: kept[i]! }));
  const keptTenths = kept.reduce((a, b) => a + b, 0n);
  const keptWeightedSumNano = lines.reduce((sum, l) => sum + l.keptTenths * l.priceNanoPerGpuHour, 0n);

  if (contributors >= gpuContributorsMin) {
    const levelNano = divRoundHalfAway(keptWeightedSumNano, keptTenths);
    return { ok: true, result: { contributors, method: 'trimmed-mean', lines, trimEachEndTenths, keptWeightedSumNano, keptTenths, fallback: undefined, levelNano, flags: [] } };
  }
  const previous = inputs.previous;
  if (previous === undefined) {
    return { ok: false, message: `${inputs.index} ${inputs.date}: ${contributors} contributors (at least ${gpuContributorsMin} needed) and no previous fixing to fall back on, so no fixing` };
  }
  const today = new Map(inputs.quotes.map((q) => [`${q.contributor}\u0000${q.term}`, q]));
  const fallbackLines: FallbackLine[] = [];
  for (const p of previous.quotes) {
    const t = today.get(`${p.contributor}\u0000${p.term}`);
    if (t) fallbackLines.push({ contributor: p.contributor, term: p.term, previousPriceNano: p.priceNanoPerGpuHour, todayPriceNano: t.priceNanoPerGpuHour, previousQtyGpuHours: p.qtyGpuHours });
  }
  let todayValueNano = 0n;
  let previousValueNano = 0n;
  for (const l of fallbackLines) {
    todayValueNano += BigInt(l.previousQtyGpuHours) * l.todayPriceNano;
    previousValueNano += BigInt(l.previousQtyGpuHours) * l.previousPriceNano;
  }
  // No quote in common: nothing says the market moved, so the previous level stands (still flagged).
  const levelNano = previousValueNano === 0n ? previous.levelNano : divRoundHalfAway(previous.levelNano * todayValueNano, previousValueNano);
  const flags = [`fallback: ${contributors} contributors, fewer than ${gpuContributorsMin}`];
  if (fallbackLines.length === 0) flags.push('fallback: no quote in common with the previous fixing, previous level carried');
  return { ok: true, result: { contributors, method: 'fallback', lines, trimEachEndTenths, keptWeightedSumNano, keptTenths, fallback: { lines: fallbackLines, todayValueNano, previousValueNano }, levelNano, flags } };
}

/** Removes `amount` tenths of quantity starting from one end (1: cheapest first, −1: dearest first). */
function trim(kept: bigint[], amount: bigint, direction: 1 | -1): void {
  let left = amount;
  for (let k = 0; k < kept.length && left > 0n; k++) {
    const i = direction === 1 ? k : kept.length - 1 - k;
    const take = kept[i]! < left ? kept[i]! : left;
    kept[i] = kept[i]! - take;
    left -= take;
  }
}
