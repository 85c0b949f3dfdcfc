// The final settlement price of a futures series: the arithmetic mean of its index's fixings over the
// business days of the contract month, rounded to the contract's tick, half away from zero.
//
// A month with fewer than fixingsForPlainMeanMin fixings (index disruption, or a series whose index started
// mid-month): each business day without a fixing takes the most recent fixing before it (the first days of
// the month the last fixing of the previous month), so the mean still runs over every business day of the
// month and one surviving fixing cannot settle a whole month on its own; the result is flagged "filled" and
// names the days. With 10 or more fixings the missing days are left out of the mean and listed. With no
// fixing at all (none in the month and none before) there is no price: the operator determines one under
// the governance procedure of the methodology.

import { assert } from '../core/assert.js';
import { parseDecimal } from '../core/decimal.js';
import { divRoundHalfAway, priceScale } from './price.js';

export const fixingsForPlainMeanMin = 10;

export interface DailyFixing {
  readonly date: string;
  readonly levelNano: bigint;
  readonly version?: number;
}

export interface FinalSettlement {
  readonly priceTicks: number;
  /** Σ of the levels that made the mean, and how many (the mean before rounding is sum / count). */
  readonly sumNano: bigint;
  readonly count: number;
  readonly used: readonly (DailyFixing & { readonly filledFrom?: string })[];
  readonly missingDays: readonly string[];
  readonly method: 'mean' | 'filled';
}

export type FinalSettlementOutcome = { readonly ok: true; readonly settlement: FinalSettlement } | { readonly ok: false; readonly message: string };

/**
 * `fixings` are the fixings of the month (one per date, the latest version); `businessDays` the month's
 * business days on the index's calendar (when omitted, the fixings' own dates); `priorFixing` the last fixing
 * before the month, used only to fill leading days of a thin month.
 */
export function finalSettlementPrice(fixings: readonly DailyFixing[], tickSize: string,
  options: { businessDays?: readonly string[]; priorFixing?: DailyFixing } = {}): FinalSettlementOutcome {
  const tick = parseDecimal(tickSize);
  assert(tick !== undefined && !tick.negative && tick.units > 0n && tick.scale <= priceScale, `tick size "${tickSize}" must be a positive decimal with at most ${priceScale} decimals`);
  const tickNano = tick.units * 10n ** BigInt(priceScale - tick.scale);
  const byDate = new Map<string, DailyFixing>();
  for (const f of fixings) {
    assert(!byDate.has(f.date), `two fixings for ${f.date}`);
    assert(f.levelNano > 0n, `fixing ${f.date} must be positive`);
    byDate.set(f.date, f);
  }
  const days = options.businessDays ?? [...byDate.keys()].sort();
  for (const date of byDate.keys()) assert(days.includes(date), `fixing ${date} is not a business day of the month`);
  const missingDays = days.filter((d) => !byDate.has(d));
  let used: (DailyFixing & { filledFrom?: string })[];
  let method: FinalSettlement['method'] = 'mean';
  if (byDate.size >= fixingsForPlainMeanMin) {
    used = days.filter((d) => byDate.has(d)).map((d) => byDate.get(d)!);
  } else {
    method = 'filled';
    used = [];
    let last = options.priorFixing;
    for (const day of days) {
      const own = byDate.get(day);
      if (own) {
        used.push(own);
        last = own;
      } else if (last) {
        used.push({ date: day, levelNano: last.levelNano, filledFrom: last.date });
      }
    }
    if (used.length < days.length) {
      return { ok: false, message: `only ${byDate.size} fixings and no earlier fixing to fill ${days.length - used.length} leading business days: the operator determines the price` };
    }
  }
  if (used.length === 0) return { ok: false, message: 'no fixings in the month: the operator determines the price' };
  const sumNano = used.reduce((sum, f) => sum + f.levelNano, 0n);
  const ticks = divRoundHalfAway(sumNano, BigInt(used.length) * tickNano);
  assert(ticks <= BigInt(Number.MAX_SAFE_INTEGER), 'settlement price beyond safe integer ticks');
  return { ok: true, settlement: { priceTicks: Number(ticks), sumNano, count: used.length, used, missingDays, method } };
}
