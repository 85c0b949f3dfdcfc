// A fixing is a record: the index, the date, a version, the method version, every input (observations or
// quotes, the FX fixing, the link to the previous fixing) and every intermediate value of the calculation.
// Records are never edited: a correction is a new version with the reason (restatement). `recompute` runs
// the calculation again from a record's stored inputs alone, which is what `tokex index verify` checks.

import { assert } from '../core/assert.js';
import { constituentList, matchObservations, reviewOn } from './constituents.js';
import type { FxInput } from './fx.js';
import { computeGpuFixing, gpuMethodVersion, type GpuFixingInputs, type GpuFixingResult, type GpuQuote } from './gpu-index.js';
import type { GpuIndexDefinition, IndexDefinition, TokenIndexDefinition } from './indices.js';
import type { TokenObservation } from './observation.js';
import { nanoToDecimal } from './price.js';
import { carryForwardFixingsMax, computeTokenFixing, tokenMethodVersion, type PreviousLink, type TokenFixingInputs, type TokenFixingResult } from './token-index.js';

export interface Restatement {
  readonly reason: string;
  readonly supersedesVersion: number;
}

interface RecordBase {
  readonly index: string;
  readonly date: string;
  readonly version: number;
  readonly methodVersion: string;
  readonly unit: string;
  readonly currency: string;
  /** When the record was made (an ISO instant supplied by the caller's clock). */
  readonly recordedAt: string;
  readonly restatement: Restatement | undefined;
}
export interface TokenFixingRecord extends RecordBase {
  readonly kind: 'token';
  readonly inputs: TokenFixingInputs;
  readonly result: TokenFixingResult;
}
export interface GpuFixingRecord extends RecordBase {
  readonly kind: 'gpu';
  readonly inputs: GpuFixingInputs;
  readonly result: GpuFixingResult;
}
export type FixingRecord = TokenFixingRecord | GpuFixingRecord;

export type Built<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface Stamp {
  readonly version: number;
  readonly recordedAt: string;
  readonly restatement: Restatement | undefined;
}

/** Token fixing from today's observations (all sources), the FX input (CNY indices) and the previous fixing. */
export function makeTokenFixing(def: TokenIndexDefinition, date: string, observations: readonly TokenObservation[],
  fx: FxInput | undefined, previous: FixingRecord | undefined, stamp: Stamp): Built<TokenFixingRecord> {
  const list = constituentList(def.tier);
  const review = reviewOn(list, date);
  if (!review) return { ok: false, message: `${def.name} has no constituent list in force on ${date} (first review ${list.reviews[0]!.effective})` };
  if (def.currency !== 'USD' && fx === undefined) return { ok: false, message: `${def.name} ${date}: no USD/${def.currency} FX fixing (supply --fx-rate)` };
  assert(previous === undefined || previous.kind === 'token', 'previous fixing of a token index must be a token fixing');
  const inputs: TokenFixingInputs = {
    index: def.name, date, currency: def.currency, review: { effective: review.effective, reason: review.reason },
    members: review.members, observations: matchObservations(list, review.members, observations),
    fx: def.currency === 'USD' ? undefined : fx, previous: previous ? linkOf(previous as TokenFixingRecord) : undefined,
  };
  const priced = new Set(inputs.observations.map((o) => o.family));
  const carryable = (inputs.previous?.basket ?? []).some((e) => e.carriedCount < carryForwardFixingsMax && review.members.some((m) => m.family === e.family));
  if (!review.members.some((m) => priced.has(m.family)) && !carryable) {
    return { ok: false, message: `${def.name} ${date}: no member has a price today or a price to carry, so no fixing (market disruption)` };
  }
  return { ok: true, value: { kind: 'token', ...head(def, date, tokenMethodVersion, stamp), inputs, result: computeTokenFixing(inputs) } };
}

export function makeGpuFixing(def: GpuIndexDefinition, date: string, quotes: readonly GpuQuote[],
  previous: FixingRecord | undefined, stamp: Stamp): Built<GpuFixingRecord> {
  assert(previous === undefined || previous.kind === 'gpu', 'previous fixing of a GPU index must be a GPU fixing');
  const inputs: GpuFixingInputs = {
    index: def.name, date, gpu: def.gpu, quotes,
    previous: previous ? { date: previous.date, version: previous.version, levelNano: previous.result.levelNano, quotes: (previous as GpuFixingRecord).inputs.quotes } : undefined,
  };
  const outcome = computeGpuFixing(inputs);
  if (!outcome.ok) return outcome;
  return { ok: true, value: { kind: 'gpu', ...head(def, date, gpuMethodVersion, stamp), inputs, result: outcome.result } };
}

function head(def: IndexDefinition, date: string, methodVersion: string, stamp: Stamp): RecordBase {
  return { index: def.name, date, version: stamp.version, methodVersion, unit: def.unit, currency: def.currency, recordedAt: stamp.recordedAt, restatement: stamp.restatement };
}

function linkOf(previous: TokenFixingRecord): PreviousLink {
  return { date: previous.date, version: previous.version, levelNano: previous.result.levelNano, divisor: previous.result.divisor, basket: previous.result.basket };
}

/** The calculation again, from the record's stored inputs only. */
export function recompute(record: FixingRecord): TokenFixingResult | GpuFixingResult | string {
  if (record.kind === 'token') return computeTokenFixing(record.inputs);
  const outcome = computeGpuFixing(record.inputs);
  return outcome.ok ? outcome.result : outcome.message;
}

// JSON: bigints are written as integer strings; on reading, the fields whose names end in a nano or tenths
// unit are turned back into bigints (the unit in the name is what makes this safe).
const bigintField = /(Nano|NanoPerMtok|NanoPerGpuHour|Tenths)$/;

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text, (key, v: unknown) => {
    if (!bigintField.test(key)) return v;
    if (typeof v === 'string') return BigInt(v);
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? BigInt(x) : x));
    return v;
  }) as T;
}

/** What `tokex index fix --json` prints: the level as a decimal string and the constituents. */
export function publicView(record: FixingRecord): Record<string, unknown> {
  const base = {
    index: record.index, date: record.date, version: record.version, level: nanoToDecimal(record.result.levelNano),
    unit: record.unit, currency: record.currency, methodVersion: record.methodVersion, flags: record.result.flags,
    restatement: record.restatement,
  };
  if (record.kind === 'token') {
    return {
      ...base,
      divisor: { numerator: nanoToDecimal(record.result.divisor.numeratorNano), denominator: nanoToDecimal(record.result.divisor.denominatorNano), rule: record.result.divisorRule },
      fx: record.inputs.fx,
      constituents: record.result.constituents.map((c) => ({
        family: c.family, weight: c.weight, status: c.status, price: c.priceNano === undefined ? null : nanoToDecimal(c.priceNano),
        providers: c.providers.map((p) => ({ provider: p.provider, price: nanoToDecimal(p.priceNano), outlier: p.outlier })),
      })),
    };
  }
  return {
    ...base, method: record.result.method, contributors: record.result.contributors,
    constituents: record.result.lines.map((l) => ({
      contributor: l.contributor, term: l.term, price: nanoToDecimal(l.priceNanoPerGpuHour), qtyGpuHours: l.qtyGpuHours,
      keptGpuHours: (Number(l.keptTenths) / 10).toString(),
    })),
  };
}
