// The index operations the CLI (and later the gateway) run: gather the day's inputs from their sources,
// compute, store, verify, settle. This is the I/O side: it reads the genai-prices package and the store; the
// calculations it calls are the pure core files.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitForUpdate } from '@pydantic/genai-prices';
import { businessDays, CalendarRangeError, isBusinessDay } from '../products/calendar.js';
import { makeGpuFixing, makeTokenFixing, recompute, toJson, type Built, type FixingRecord, type Restatement } from './fixing.js';
import { operatorFx, referenceFx, type FxInput } from './fx.js';
import { importGenaiPrices, type GenaiProvider } from './genai-import.js';
import { quotesOn } from './gpu-quotes.js';
import type { IndexDefinition } from './indices.js';
import type { TokenObservation } from './observation.js';
import { nanoToDecimal } from './price.js';
import { finalSettlementPrice, type FinalSettlementOutcome } from './settlement.js';
import type { FixingStore } from './store.js';

export interface ReferenceData {
  readonly providers: readonly GenaiProvider[];
  /** "@pydantic/genai-prices@0.1.8" */
  readonly source: string;
}

/** The package's bundled data (no update is ever requested, so this is the shipped snapshot) and its version. */
export async function loadReferenceData(): Promise<ReferenceData> {
  const providers = (await waitForUpdate()) as unknown as GenaiProvider[] | null;
  if (!providers) throw new Error('@pydantic/genai-prices returned no data');
  const packageJson = fileURLToPath(new URL('../package.json', import.meta.resolve('@pydantic/genai-prices')));
  const { name, version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { name: string; version: string };
  return { providers, source: `${name}@${version}` };
}

export interface FixOptions {
  readonly fxRate?: string;
  readonly now: () => string;
  /** Contributed and own-trade observations for the day, ranked above the reference data. */
  readonly extraObservations?: readonly TokenObservation[];
}

export type FixOutcome = Built<FixingRecord> & { readonly existing?: boolean };

/** Business-day check on the index's calendar, as a message when the date cannot be fixed. */
export function notFixable(def: IndexDefinition, date: string): string | undefined {
  try {
    if (!isBusinessDay(def.calendar, date)) return `${date} is not a ${def.calendar} business day: ${def.name} is not fixed`;
  } catch (error) {
    if (error instanceof CalendarRangeError) return error.message;
    throw error;
  }
  return undefined;
}

export function fixingDays(def: IndexDefinition, fromIso: string, toIso: string): string[] {
  return businessDays(def.calendar, fromIso, toIso);
}

/** Computes and stores the first version of a fixing; an existing fixing is returned as it is. */
export function fixIndex(store: FixingStore, reference: ReferenceData, def: IndexDefinition, date: string, options: FixOptions): FixOutcome {
  const refused = notFixable(def, date);
  if (refused) return { ok: false, message: refused };
  const existing = store.latest(def.name, date);
  if (existing) return { ok: true, value: existing, existing: true };
  const later = store.laterThan(def.name, date);
  if (later) return { ok: false, message: `${def.name} is already fixed for ${later}, after ${date}: fixings are made in date order (a correction is a restatement)` };
  const built = compute(reference, def, date, store.previousBefore(def.name, date), options, { version: 1, recordedAt: options.now(), restatement: undefined });
  if (built.ok) store.insert(built.value);
  return built;
}

/** A correction: the fixing computed again from the current sources, stored as the next version with a reason. */
export function restateIndex(store: FixingStore, reference: ReferenceData, def: IndexDefinition, date: string, reason: string, options: FixOptions): FixOutcome {
  const latest = store.latest(def.name, date);
  if (!latest) return { ok: false, message: `${def.name} has no fixing for ${date} to restate (use fix)` };
  if (reason.trim().length === 0) return { ok: false, message: 'a restatement needs a reason' };
  const restatement: Restatement = { reason, supersedesVersion: latest.version };
  const built = compute(reference, def, date, store.previousBefore(def.name, date), options, { version: latest.version + 1, recordedAt: options.now(), restatement });
  if (built.ok) store.insert(built.value);
  return built;
}

function compute(reference: ReferenceData, def: IndexDefinition, date: string, previous: FixingRecord | undefined,
  options: FixOptions, stamp: { version: number; recordedAt: string; restatement: Restatement | undefined }): Built<FixingRecord> {
  if (def.kind === 'gpu') return makeGpuFixing(def, date, quotesOn(def.gpu, date), previous, stamp);
  let fx: FxInput | undefined;
  if (def.currency !== 'USD') {
    if (options.fxRate !== undefined) {
      fx = operatorFx(options.fxRate);
      if (!fx) return { ok: false, message: `--fx-rate must be CNY per USD as a decimal within 1-20, got "${options.fxRate}"` };
    } else {
      fx = referenceFx(date);
    }
  }
  const observations = [...(options.extraObservations ?? []), ...importGenaiPrices(reference.providers, date, reference.source).observations];
  return makeTokenFixing(def, date, observations, fx, previous, stamp);
}

export interface Verification {
  readonly reproduced: boolean;
  readonly storedLevel: string;
  readonly recomputedLevel: string | undefined;
  readonly detail: string;
}

/** Recomputes a stored version from its stored inputs and compares every intermediate value. */
export function verifyFixing(store: FixingStore, index: string, date: string, version?: number): Verification | string {
  const record = version === undefined ? store.latest(index, date) : store.version(index, date, version);
  if (!record) return `${index} has no fixing for ${date}${version === undefined ? '' : ` version ${version}`}`;
  const again = recompute(record);
  const storedLevel = nanoToDecimal(record.result.levelNano);
  if (typeof again === 'string') return { reproduced: false, storedLevel, recomputedLevel: undefined, detail: again };
  const same = toJson(again) === toJson(record.result);
  return {
    reproduced: same, storedLevel, recomputedLevel: nanoToDecimal(again.levelNano),
    detail: same ? `every intermediate value identical (${toJson(again).length} bytes of result)` : 'the recomputed intermediate values differ from the stored ones',
  };
}

/** The fixings of an index over a date range (latest versions): what clearing reads. */
export function fixingsInRange(store: FixingStore, index: string, fromIso: string, toIso: string): { date: string; version: number; levelNano: bigint }[] {
  return store.range(index, fromIso, toIso).map((r) => ({ date: r.date, version: r.version, levelNano: r.result.levelNano }));
}

/** The final settlement price of a contract month from the stored fixings. */
export function settleMonth(store: FixingStore, def: IndexDefinition, year: number, month: number, tickSize: string): FinalSettlementOutcome {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const last = `${year}-${String(month).padStart(2, '0')}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
  const days = businessDays(def.calendar, first, last);
  const prior = store.previousBefore(def.name, first);
  return finalSettlementPrice(fixingsInRange(store, def.name, first, last), tickSize,
    { businessDays: days, priorFixing: prior ? { date: prior.date, levelNano: prior.result.levelNano } : undefined });
}
