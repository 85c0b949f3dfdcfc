// Index values and fixings (public, like market data), read from the data directory's FixingStore
// (DIR/index.sqlite, written by `tokex index fix`). Levels are decimal strings; a fixing's full record keeps
// its exact integers as strings in nano units (the unit is in each field's name), so a reader can recompute it.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { assert } from '../../core/assert.js';
import { Reason } from '../../core/reasons.js';
import { explainFixing } from '../../index/explain.js';
import { publicView, toJson, type FixingRecord } from '../../index/fixing.js';
import { indexByName, indexDefinitions, type IndexDefinition } from '../../index/indices.js';
import { nanoToDecimal } from '../../index/price.js';
import { rangeRowsMax, versionsPerFixingMax, type FixingStore } from '../../index/store.js';
import type { GatewayContext } from '../context.js';
import { ApiError, badRequest } from '../errors.js';
import { fixingRangeDaysDefault, fixingRangeDaysMax } from '../limits.js';
import { IsoDate } from '../schemas.js';

const CodeParams = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9-]{2,40}$', description: 'index name, e.g. TTI-FRONTIER-USD' }) }, { additionalProperties: false });
const dayMs = 24 * 3600 * 1000;

assert(fixingRangeDaysMax <= rangeRowsMax, 'a range request never asks for more fixings than the store returns in one query');

/** The latest version of the latest fixed date: the index's current level. */
export function latestFixing(store: FixingStore, index: string): FixingRecord | undefined {
  return store.previousBefore(index, '9999-12-31');
}

export function fixingSummary(record: FixingRecord) {
  return { date: record.date, version: record.version, level: nanoToDecimal(record.result.levelNano), flags: record.result.flags, restated: record.restatement !== undefined };
}

function definitionOf(code: string): IndexDefinition {
  const def = indexByName(code);
  if (!def) throw new ApiError(404, Reason.unknownIndex, `index ${code} is not one of ${indexDefinitions.map((d) => d.name).join(', ')}`, 'code');
  return def;
}

function storeOf(ctx: GatewayContext): FixingStore {
  const store = ctx.service.fixings;
  if (!store) throw new ApiError(503, Reason.unknownFixing, 'this server keeps no index fixings (it runs without a data directory)');
  return store;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isRealDate(iso: string): boolean {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(ms) && isoDay(ms) === iso;
}

export function indexRoutes(ctx: GatewayContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/indices', { schema: { tags: ['indices'], summary: 'Every index with its latest fixing (level as a decimal string; null before the first fixing)' } }, async () => {
      const store = storeOf(ctx);
      return {
        indices: indexDefinitions.map((def) => {
          const latest = latestFixing(store, def.name);
          return {
            name: def.name, description: def.description, unit: def.unit, currency: def.currency, calendar: def.calendar, fixingTime: def.fixingTime,
            ...(latest ? fixingSummary(latest) : { date: null, version: null, level: null, flags: [], restated: false }),
          };
        }),
      };
    });

    app.get('/indices/:code/fixings', {
      schema: {
        tags: ['indices'], summary: `Levels per date, oldest first (latest version of each; default the last ${fixingRangeDaysDefault} days to today)`, params: CodeParams,
        querystring: Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }, { additionalProperties: false }),
      },
    }, async (request) => {
      const def = definitionOf(request.params.code);
      const store = storeOf(ctx);
      const to = request.query.to ?? isoDay(ctx.clockMs());
      const from = request.query.from ?? isoDay(Date.parse(`${to}T00:00:00Z`) - (fixingRangeDaysDefault - 1) * dayMs);
      for (const [field, value] of [['from', from], ['to', to]] as const) if (!isRealDate(value)) throw badRequest(Reason.malformed, `${field} ${value} is not a calendar date`, field);
      if (from > to) throw badRequest(Reason.malformed, `from ${from} is after to ${to}`, 'from');
      const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs + 1;
      if (days > fixingRangeDaysMax) throw badRequest(Reason.malformed, `at most ${fixingRangeDaysMax} days per request, asked for ${days}`, 'from');
      return { index: def.name, unit: def.unit, currency: def.currency, from, to, fixings: store.range(def.name, from, to).map(fixingSummary) };
    });

    app.get('/indices/:code/fixings/:date', {
      schema: {
        tags: ['indices'], summary: 'One fixing with every input and intermediate value (what `tokex index explain` shows)',
        params: Type.Object({ code: CodeParams.properties.code, date: IsoDate }, { additionalProperties: false }),
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, maximum: versionsPerFixingMax, description: 'a stored version (default: the latest)' })) }, { additionalProperties: false }),
      },
    }, async (request) => {
      const def = definitionOf(request.params.code);
      const store = storeOf(ctx);
      const { date } = request.params;
      const { version } = request.query;
      const record = version === undefined ? store.latest(def.name, date) : store.version(def.name, date, version);
      if (!record) throw new ApiError(404, Reason.unknownFixing, `${def.name} has no fixing${version === undefined ? '' : ` version ${version}`} for ${date}`, version === undefined ? 'date' : 'version');
      const versions = store.versions(def.name, date).map((r) => ({ version: r.version, recordedAt: r.recordedAt, level: nanoToDecimal(r.result.levelNano), restatement: r.restatement ?? null }));
      return {
        ...publicView(record), versions, explanation: explainFixing(record).split('\n'),
        // inputs and result exactly as stored: integers as strings, in the unit each field's name says (…Nano = 1e-9)
        inputs: JSON.parse(toJson(record.inputs)) as unknown, result: JSON.parse(toJson(record.result)) as unknown,
      };
    });
  };
}
