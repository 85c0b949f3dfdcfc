// Index routes over a real socket, on a FixingStore holding two H100 fixings (the second restated once):
// the list with each index's latest level, levels per date, one fixing with every input and step, and the
// precise refusals (unknown index, unknown date, bad range). Without a data directory: operator.test.ts.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeGpuFixing } from '../../src/index/fixing.js';
import type { GpuQuote } from '../../src/index/gpu-index.js';
import { indexByName, type GpuIndexDefinition } from '../../src/index/indices.js';
import { decimalToNano } from '../../src/index/price.js';
import { FixingStore } from '../../src/index/store.js';
import { startHarness, type Harness } from './harness.js';

const def = indexByName('TGH-H100-USD') as GpuIndexDefinition;
const quote = (contributor: string, price: string, qtyGpuHours: number, quotedOn: string): GpuQuote =>
  ({ contributor, gpu: 'H100', term: 'on-demand', priceNanoPerGpuHour: decimalToNano(price)!, qtyGpuHours, quotedOn, source: 'test' });
const quotes = (date: string, top: string) => [quote('c1', '1.80', 100, date), quote('c2', '2.00', 300, date), quote('c3', '2.20', 200, date), quote('c4', '2.40', 300, date), quote('c5', top, 100, date)];

let dir: string;
let store: FixingStore;
let h: Harness;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tokex-indices-'));
  store = new FixingStore(dir);
  const put = (date: string, top: string, version: number, previousDate?: string, restatement?: { reason: string; supersedesVersion: number }) => {
    const previous = previousDate === undefined ? undefined : store.latest(def.name, previousDate);
    const made = makeGpuFixing(def, date, quotes(date, top), previous, { version, recordedAt: `${date}T21:00:00Z`, restatement });
    assert.ok(made.ok);
    store.insert(made.value);
  };
  put('2026-11-02', '3.50', 1);
  put('2026-11-03', '3.50', 1, '2026-11-02');
  put('2026-11-03', '9.90', 2, '2026-11-02', { reason: 'c5 quote corrected', supersedesVersion: 1 });
  h = await startHarness({}, { fixings: store });
});
after(async () => {
  await h.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('GET /v1/indices: every index with its latest level as a decimal string, null before a first fixing', async () => {
  const { indices } = await h.publicClient.get('/v1/indices');
  assert.deepEqual(indices.map((i: any) => i.name), ['TTI-FRONTIER-USD', 'TTI-EFFICIENT-USD', 'TTI-CHINA-CNY', 'TGH-H100-USD', 'TGH-H200-USD', 'TGH-B200-USD', 'TGH-A100-USD']);
  const h100 = indices.find((i: any) => i.name === 'TGH-H100-USD');
  // Trimmed mean of the restated day: c1 and c5 (100 h each) trimmed away, (300×2.00 + 200×2.20 + 300×2.40) / 800 = 2.2 (nine decimals, as fixed)
  assert.deepEqual([h100.date, h100.version, h100.level, h100.unit, h100.currency, h100.restated], ['2026-11-03', 2, '2.200000000', 'USD per GPU-hour', 'USD', true]);
  assert.deepEqual(h100.flags, []);
  const frontier = indices.find((i: any) => i.name === 'TTI-FRONTIER-USD');
  assert.deepEqual([frontier.level, frontier.date, frontier.version], [null, null, null]);
});

test('GET /v1/indices/{code}/fixings: levels per date in a range (latest versions), bounded and checked', async () => {
  const range = await h.publicClient.get('/v1/indices/TGH-H100-USD/fixings?from=2026-11-01&to=2026-11-30');
  assert.deepEqual(range.fixings.map((f: any) => [f.date, f.version, f.level]), [['2026-11-02', 1, '2.200000000'], ['2026-11-03', 2, '2.200000000']]);
  const one = await h.publicClient.get('/v1/indices/TGH-H100-USD/fixings?from=2026-11-03&to=2026-11-03');
  assert.deepEqual(one.fixings.map((f: any) => f.date), ['2026-11-03']);
  const unknown = await h.publicClient.request('GET', '/v1/indices/TGH-X999-USD/fixings');
  assert.deepEqual([unknown.status, unknown.body.reason, unknown.body.field], [404, 'unknown_index', 'code']);
  const backwards = await h.publicClient.request('GET', '/v1/indices/TGH-H100-USD/fixings?from=2026-11-30&to=2026-11-01');
  assert.deepEqual([backwards.status, backwards.body.field], [400, 'from']);
  const notADate = await h.publicClient.request('GET', '/v1/indices/TGH-H100-USD/fixings?from=2026-02-30&to=2026-03-01');
  assert.deepEqual([notADate.status, notADate.body.field], [400, 'from']);
  const tooLong = await h.publicClient.request('GET', '/v1/indices/TGH-H100-USD/fixings?from=2020-01-01&to=2026-11-30');
  assert.deepEqual([tooLong.status, tooLong.body.field], [400, 'from']);
  const extra = await h.publicClient.request('GET', '/v1/indices/TGH-H100-USD/fixings?colour=red');
  assert.deepEqual([extra.status, extra.body.reason], [400, 'unknown_field']);
});

test('GET /v1/indices/{code}/fixings/{date}: every input and intermediate value, any stored version', async () => {
  const latest = await h.publicClient.get('/v1/indices/TGH-H100-USD/fixings/2026-11-03');
  assert.deepEqual([latest.index, latest.version, latest.level, latest.method, latest.contributors], ['TGH-H100-USD', 2, '2.200000000', 'trimmed-mean', 5]);
  assert.equal(latest.restatement.reason, 'c5 quote corrected');
  assert.deepEqual(latest.versions.map((v: any) => [v.version, v.level]), [[1, '2.200000000'], [2, '2.200000000']]);
  assert.equal(latest.inputs.quotes.length, 5);
  assert.equal(latest.inputs.quotes[4].priceNanoPerGpuHour, '9900000000', 'exact integers in nano units, as strings');
  assert.equal(latest.result.levelNano, '2200000000');
  assert.deepEqual(latest.result.lines.map((l: any) => l.keptTenths), ['0', '3000', '2000', '3000', '0']);
  assert.ok(latest.explanation.some((line: string) => line.startsWith('RESTATEMENT of version 1')), 'the explanation tokex index explain prints');
  assert.ok(latest.explanation.some((line: string) => line.includes('trimmed at each end: 100 h')));
  const first = await h.publicClient.get('/v1/indices/TGH-H100-USD/fixings/2026-11-03?version=1');
  assert.deepEqual([first.version, first.inputs.quotes[4].priceNanoPerGpuHour, first.restatement ?? null], [1, '3500000000', null]);
  const missing = await h.publicClient.request('GET', '/v1/indices/TGH-H100-USD/fixings/2026-11-04');
  assert.deepEqual([missing.status, missing.body.reason, missing.body.field], [404, 'unknown_fixing', 'date']);
  const noVersion = await h.publicClient.request('GET', '/v1/indices/TGH-H100-USD/fixings/2026-11-03?version=3');
  assert.deepEqual([noVersion.status, noVersion.body.field], [404, 'version']);
});
