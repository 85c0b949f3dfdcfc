// The reference-data importer: the list prices bundled in @pydantic/genai-prices → one observation per
// provider model for one UTC day. Pure: the caller passes the package's data object, the day and the package
// version (recorded as the source).
//
// The package's own rule for a price at an instant (read from its dist/index.js, version 0.1.8): a model's
// `prices` is either one price set or a list of {constraint?, prices}; the list is scanned from the LAST entry
// backwards and the first entry whose constraint holds wins — no constraint always holds; `start_date` holds
// from 00:00 UTC of that date on; `time_of_date` holds for start ≤ t < end within the UTC day (wrapping past
// midnight when end < start). If nothing holds, the first entry applies. A day's price is the time-weighted
// average of that rule over the 24 hours of the UTC day, computed exactly on the segments between the
// windows' boundaries (microsecond resolution) and rounded half away from zero at nano-units.
//
// Tiered prices (a higher rate above a prompt length) enter at their base rate, the price of an ordinary
// request. Models without both an input and an output price on that day (embeddings, free tiers) are skipped,
// with the reason.

import { assert } from '../core/assert.js';
import type { TokenObservation } from './observation.js';
import { divRoundHalfAway, numberToNano } from './price.js';

export type GenaiPrice = number | { readonly base: number; readonly tiers?: readonly unknown[] } | undefined;
export type GenaiPriceSet = Readonly<Record<string, GenaiPrice>>;
export type GenaiConstraint =
  | { readonly type: 'start_date'; readonly start_date: string }
  | { readonly type: 'time_of_date'; readonly start_time: string; readonly end_time: string };
export interface GenaiModel {
  readonly id: string;
  readonly deprecated?: boolean;
  readonly prices: GenaiPriceSet | readonly { readonly constraint?: GenaiConstraint; readonly prices: GenaiPriceSet }[];
}
export interface GenaiProvider {
  readonly id: string;
  readonly models: readonly GenaiModel[];
}

export const microsPerDay = 86_400_000_000;
/** The bundled data holds about 1,700 models; a data object far larger than this is not the package's. */
export const genaiModelsMax = 20_000;
export const priceRulesPerModelMax = 32;

export interface GenaiSkip {
  readonly provider: string;
  readonly modelId: string;
  readonly reason: string;
}

export interface GenaiImport {
  readonly observations: readonly TokenObservation[];
  readonly skipped: readonly GenaiSkip[];
}

export function importGenaiPrices(data: readonly GenaiProvider[], isoDate: string, sourceVersion: string): GenaiImport {
  assert(/^\d{4}-\d{2}-\d{2}$/.test(isoDate), `date must be YYYY-MM-DD, got "${isoDate}"`);
  const observations: TokenObservation[] = [];
  const skipped: GenaiSkip[] = [];
  let models = 0;
  for (const provider of data) {
    for (const model of provider.models) {
      models += 1;
      assert(models <= genaiModelsMax, `genai-prices data holds more than ${genaiModelsMax} models`);
      const day = dayPrice(model, isoDate);
      if (typeof day === 'string') {
        skipped.push({ provider: provider.id, modelId: model.id, reason: day });
        continue;
      }
      observations.push({
        provider: provider.id, modelId: model.id, currency: 'USD',
        inputNanoPerMtok: day.input, outputNanoPerMtok: day.output, cachedInputNanoPerMtok: day.cachedInput,
        observedAt: isoDate, sourceKind: 'reference', source: sourceVersion,
        deprecated: model.deprecated === true, note: day.note,
      });
    }
  }
  return { observations, skipped };
}

interface DayPrice {
  input: bigint;
  output: bigint;
  cachedInput: bigint | undefined;
  note: string | undefined;
}

/** The model's time-weighted price over the UTC day, or the reason it has none. */
function dayPrice(model: GenaiModel, isoDate: string): DayPrice | string {
  const rules = Array.isArray(model.prices)
    ? (model.prices as readonly { constraint?: GenaiConstraint; prices: GenaiPriceSet }[])
    : [{ prices: model.prices as GenaiPriceSet }];
  assert(rules.length > 0 && rules.length <= priceRulesPerModelMax, `model ${model.id}: 1-${priceRulesPerModelMax} price rules`);
  const cuts = new Set<number>([0, microsPerDay]);
  for (const rule of rules) {
    if (rule.constraint?.type === 'time_of_date') {
      cuts.add(timeOfDayMicros(rule.constraint.start_time));
      cuts.add(timeOfDayMicros(rule.constraint.end_time));
    }
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const segments: { fromMicros: number; lengthMicros: number; prices: GenaiPriceSet }[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const fromMicros = bounds[i]!;
    segments.push({ fromMicros, lengthMicros: bounds[i + 1]! - fromMicros, prices: priceAt(rules, isoDate, fromMicros) });
  }
  const input = weighted(segments, 'input_mtok');
  const output = weighted(segments, 'output_mtok');
  if (input === undefined || output === undefined) return 'no input and output price per million tokens on this day';
  if (input.nano <= 0n || output.nano <= 0n) return 'a zero input or output price (free tier)';
  const cachedInput = weighted(segments, 'cache_read_mtok');
  const notes: string[] = [];
  const distinct = new Set(segments.map((s) => s.prices));
  if (distinct.size > 1) notes.push('time-weighted over the UTC day: ' + describeSegments(segments));
  if (!input.exact || !output.exact) notes.push('rounded to nano-units');
  return { input: input.nano, output: output.nano, cachedInput: cachedInput?.nano, note: notes.length ? notes.join('; ') : undefined };
}

/** The rule of the package at one instant of the day (see the header). */
function priceAt(rules: readonly { constraint?: GenaiConstraint; prices: GenaiPriceSet }[], isoDate: string, micros: number): GenaiPriceSet {
  for (let i = rules.length - 1; i >= 0; i--) {
    const constraint = rules[i]!.constraint;
    if (constraint === undefined) return rules[i]!.prices;
    if (constraint.type === 'start_date') {
      if (isoDate >= constraint.start_date) return rules[i]!.prices;
    } else {
      const start = timeOfDayMicros(constraint.start_time);
      const end = timeOfDayMicros(constraint.end_time);
      const inside = end < start ? micros >= start || micros < end : micros >= start && micros < end;
      if (inside) return rules[i]!.prices;
    }
  }
  return rules[0]!.prices;
}

/** Σ price × length / day over the segments; undefined when some segment has no such price. */
function weighted(segments: readonly { lengthMicros: number; prices: GenaiPriceSet }[], key: string): { nano: bigint; exact: boolean } | undefined {
  let sum = 0n;
  let exact = true;
  for (const segment of segments) {
    const price = segment.prices[key];
    if (price === undefined) return undefined;
    const converted = numberToNano(typeof price === 'number' ? price : price.base);
    exact &&= converted.exact;
    sum += converted.nano * BigInt(segment.lengthMicros);
  }
  const nano = divRoundHalfAway(sum, BigInt(microsPerDay));
  return { nano, exact: exact && nano * BigInt(microsPerDay) === sum };
}

/** "HH:MM:SS[.ffffff](Z|±HH:MM)" → microseconds after 00:00 UTC, wrapped into the day. */
export function timeOfDayMicros(text: string): number {
  const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  assert(match !== null, `time-of-day "${text}" is not HH:MM:SS with a zone`);
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3])];
  assert(hours <= 23 && minutes <= 59 && seconds <= 59, `time-of-day "${text}" out of range`);
  const fraction = Number((match[4] ?? '').padEnd(6, '0'));
  let micros = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + fraction;
  if (match[5] !== 'Z') {
    const offsetMicros = (Number(match[7]) * 60 + Number(match[8])) * 60 * 1_000_000;
    micros -= match[6] === '+' ? offsetMicros : -offsetMicros;
  }
  return ((micros % microsPerDay) + microsPerDay) % microsPerDay;
}

function describeSegments(segments: readonly { fromMicros: number; lengthMicros: number; prices: GenaiPriceSet }[]): string {
  return segments.map((s) => {
    const price = (key: string): string => {
      const p = s.prices[key];
      return p === undefined ? '-' : String(typeof p === 'number' ? p : p.base);
    };
    return `${clock(s.fromMicros)}-${clock(s.fromMicros + s.lengthMicros)} in ${price('input_mtok')} out ${price('output_mtok')}`;
  }).join(', ');
}

function clock(micros: number): string {
  const minutes = Math.floor(micros / 60_000_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
