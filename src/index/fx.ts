// The USD/CNY FX fixing, an input of every CNY index fixing. No live source is wired in this project: the
// reference rates ship as data (data/fx-usdcny.json, see its "source" note) and an operator may supply the
// day's official rate instead; the fixing records which was used. A rate is CNY per 1 USD, a decimal string
// with at most fxRateScale decimals, held as an integer at that scale.

import { assert } from '../core/assert.js';
import { decimalToUnits } from '../core/decimal.js';
import fxData from './data/fx-usdcny.json' with { type: 'json' };
import type { Currency } from './observation.js';
import { divRoundHalfAway } from './price.js';

export const fxRateScale = 6;
export const fxRateUnitsPerOne = 10n ** BigInt(fxRateScale);
/** A USD/CNY rate outside 1..20 is a typo, not a market. */
export const fxRateMin = 1n * fxRateUnitsPerOne;
export const fxRateMax = 20n * fxRateUnitsPerOne;
/** The data file's rate for a date may be at most this many days old. */
export const fxRateAgeDaysMax = 7;

export interface FxInput {
  readonly pair: 'USDCNY';
  /** CNY per USD as written ("7.1000"). */
  readonly rate: string;
  /** "operator" or "data:fx-usdcny.json <date>". */
  readonly source: string;
}

export function fxRateUnits(fx: FxInput): bigint {
  const units = decimalToUnits(fx.rate, fxRateScale);
  assert(units !== undefined && units >= fxRateMin && units <= fxRateMax, `USD/CNY rate "${fx.rate}" must be a decimal within 1-20 with at most ${fxRateScale} decimals`);
  return units;
}

/** Parses an operator's rate; a bad rate is a usage error the caller reports (undefined). */
export function operatorFx(rate: string): FxInput | undefined {
  const units = decimalToUnits(rate, fxRateScale);
  if (units === undefined || units < fxRateMin || units > fxRateMax) return undefined;
  return { pair: 'USDCNY', rate, source: 'operator' };
}

/** Converts a nano-unit price between currencies at the fixing's rate, rounding half away from zero. */
export function convertNano(nano: bigint, from: Currency, to: Currency, fx: FxInput | undefined): bigint {
  if (from === to) return nano;
  assert(fx !== undefined, `converting ${from} to ${to} needs the USD/CNY fixing`);
  const rate = fxRateUnits(fx);
  return from === 'USD' ? divRoundHalfAway(nano * rate, fxRateUnitsPerOne) : divRoundHalfAway(nano * fxRateUnitsPerOne, rate);
}

interface FxFile {
  readonly source: string;
  readonly rates: readonly { readonly date: string; readonly rate: string }[];
}
const file = fxData as FxFile;
let previousDate = '';
for (const entry of file.rates) {
  assert(entry.date > previousDate, `fx-usdcny.json: dates must increase (${entry.date})`);
  fxRateUnits({ pair: 'USDCNY', rate: entry.rate, source: 'data' });
  previousDate = entry.date;
}

/** The data file's rate for a date: the latest entry on or before it, if at most fxRateAgeDaysMax old. */
export function referenceFx(isoDate: string): FxInput | undefined {
  let found: { date: string; rate: string } | undefined;
  for (const entry of file.rates) if (entry.date <= isoDate) found = entry;
  if (!found) return undefined;
  const ageDays = (Date.parse(isoDate) - Date.parse(found.date)) / 86_400_000;
  if (ageDays > fxRateAgeDaysMax) return undefined;
  return { pair: 'USDCNY', rate: found.rate, source: `data:fx-usdcny.json ${found.date}` };
}
