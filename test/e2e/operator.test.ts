// The operator's and the public routes over a real socket: catalogue and series, halt and resume, kill
// switch, cash, keys, settlement, a regulator's read-only key, the service endpoints; snapshots need a data dir.
// Index routes on a FixingStore: the list with each index's latest level, levels per date, one fixing with
// every input and step, and the precise refusals (unknown index, unknown date, bad range); 503 without one.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokexClient } from '../../src/gateway/client.js';
import type { ExchangeServiceLike } from '../../src/gateway/service.js';
import { makeGpuFixing } from '../../src/index/fixing.js';
import type { GpuQuote } from '../../src/index/gpu-index.js';
import { indexByName, type GpuIndexDefinition } from '../../src/index/indices.js';
import { decimalToNano } from '../../src/index/price.js';
import { FixingStore } from '../../src/index/store.js';
import { startHarness, type Harness } from './harness.js';

// Index fixings: two H100 days, the second restated once (the index routes' tests are at the end).
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

test('products and series carry the fields of issue 5 item 3 as decimal strings', async () => {
  const products = await h.publicClient.get('/v1/products');
  assert.deepEqual(products.products.map((p: any) => p.code), ['TKF', 'TKE', 'TKC', 'GPH']);
  const series = await h.publicClient.get('/v1/series');
  const front = series.series.find((s: any) => s.symbol === h.symbol);
  for (const field of ['symbol', 'product', 'firstTradingDay', 'lastTradingDay', 'tickSize', 'previousSettlement', 'limitDown', 'limitUp', 'phase']) assert.ok(field in front, field);
  assert.deepEqual([front.previousSettlement, front.limitDown, front.limitUp, front.phase], [h.price(0), h.price(-500), h.price(500), 'continuous']);
  const later = await h.publicClient.get('/v1/series?date=2027-06-15&product=TKF');
  assert.equal(later.series.length, 12);
  assert.ok(later.series.some((s: any) => s.listed === false && s.phase === 'not_listed' && s.previousSettlement === null));
  const bad = await h.publicClient.request('GET', '/v1/series?date=2027-02-30');
  assert.deepEqual([bad.status, bad.body.field], [400, 'date']);
});

test('halt and resume: a halted series takes resting orders but does not match; resume re-opens', async () => {
  const a = await h.openAccount('halt-a');
  const b = await h.openAccount('halt-b');
  const halted = await h.operator.post(`/v1/markets/${h.symbol}/halt`);
  assert.equal(halted.phase, 'halted');
  const sell = await a.client.post('/v1/orders', { symbol: h.symbol, side: 'sell', type: 'limit', price: h.price(10), qty: 1 });
  const buy = await b.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(10), qty: 1 });
  assert.deepEqual([sell.status, buy.status], ['new', 'new'], 'no match while halted');
  const twice = await h.operator.request('POST', `/v1/markets/${h.symbol}/halt`);
  assert.deepEqual([twice.status, twice.body.reason], [409, 'phase_not_allowed']);
  const resumed = await h.operator.post(`/v1/markets/${h.symbol}/resume`);
  assert.equal(resumed.phase, 'continuous');
  assert.equal((await b.client.get(`/v1/orders/${buy.orderId}`)).status, 'filled', 'the re-opening auction crossed them');
  const denied = await a.client.request('POST', `/v1/markets/${h.symbol}/halt`);
  assert.equal(denied.status, 403);
});

test('kill switch cancels an account\'s orders and refuses new ones until released', async () => {
  const a = await h.openAccount('kill-a');
  const resting = await a.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(-100), qty: 2 });
  await h.operator.post(`/v1/accounts/${a.account}/kill-switch`, { engaged: true });
  assert.equal((await a.client.get(`/v1/orders/${resting.orderId}`)).status, 'cancelled');
  const refused = await a.client.request('POST', '/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(-100), qty: 1 });
  assert.deepEqual([refused.status, refused.body.reason], [422, 'kill_switch']);
  await h.operator.post(`/v1/accounts/${a.account}/kill-switch`, { engaged: false });
  assert.equal((await a.client.request('POST', '/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(-100), qty: 1 })).status, 201);
});

test('cash, keys and a regulator key that reads every account and changes nothing', async () => {
  const a = await h.openAccount('cash-a');
  assert.deepEqual(await h.operator.post(`/v1/accounts/${a.account}/withdrawals`, { currency: 'USD', amount: '0.01' }), { account: a.account, currency: 'USD', cash: '999999.99' });
  const second = await h.operator.post(`/v1/accounts/${a.account}/keys`, {});
  assert.deepEqual(second.permissions, ['read', 'trade']);
  const withOperator = await h.operator.request('POST', `/v1/accounts/${a.account}/keys`, { permissions: ['operator'] });
  assert.equal(withOperator.status, 403);
  const regulatorKey = await h.operator.post('/v1/keys/regulator');
  const regulator = new TokexClient(h.server.url, regulatorKey);
  const listed = await regulator.get('/v1/accounts');
  assert.ok(listed.accounts.some((x: any) => x.account === a.account));
  const one = await regulator.get(`/v1/accounts/${a.account}`);
  assert.equal(one.balances.find((x: any) => x.currency === 'USD').cash, '999999.99');
  assert.equal((await regulator.request('POST', `/v1/accounts/${a.account}/deposits`, { currency: 'USD', amount: '1' })).status, 403);
  assert.equal((await regulator.request('GET', '/v1/orders')).status, 403, 'regulator-read is not an account\'s read');
});

test('daily settlement through the operator route; settlement prices and open interest are published', async () => {
  const date = new Date().toISOString().slice(0, 10);
  const settled = await h.operator.post('/v1/settlement', { date });
  assert.equal(settled.date, date);
  const front = settled.prices.find((p: any) => p.symbol === h.symbol);
  assert.match(front.price, /^\d+\.\d{3}$/);
  const published = await h.publicClient.get(`/v1/settlements/${date}`);
  assert.equal(published.prices.find((p: any) => p.symbol === h.symbol).price, front.price);
  assert.ok(published.openInterest.some((o: any) => o.symbol === h.symbol && o.openInterest > 0));
  assert.equal((await h.publicClient.request('GET', '/v1/settlements/2020-01-01')).status, 404);
});

test('service endpoints: health, metrics, OpenAPI, docs; the snapshot route needs the operator and a data directory', async () => {
  assert.equal((await h.publicClient.get('/health')).status, 'ok');
  const metrics = await h.publicClient.request('GET', '/metrics');
  assert.match(metrics.body, /tokex_orders_total\{result="accepted"\} \d+/);
  assert.match(metrics.body, /tokex_trades_total [1-9]/);
  assert.match(metrics.body, /tokex_rejects_total\{reason="[a-z_]+"\} \d+/);
  assert.match(metrics.body, /tokex_command_latency_seconds_bucket/);
  const openapi = await h.publicClient.get('/openapi.json');
  assert.equal(openapi.openapi, '3.0.3');
  const post = openapi.paths['/v1/orders'].post;
  assert.equal(post.requestBody.content['application/json'].schema.additionalProperties, false);
  assert.equal((await fetch(h.server.url + '/docs/')).status, 200);
  assert.ok(openapi.paths['/v1/indices/{code}/fixings/{date}'], 'index routes are documented');
  const a = await h.openAccount('snapshot-a');
  assert.equal((await a.client.request('POST', '/v1/operator/snapshot')).status, 403);
  const inMemory = await h.operator.request('POST', '/v1/operator/snapshot');
  assert.deepEqual([inMemory.status, inMemory.body.reason], [501, 'malformed']);
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

test('without index fixings (no data directory) the index routes say so (503), they invent nothing', async () => {
  // The same server with its service's store taken away for the duration: a second server costs seconds.
  const service = h.server.context.service as { fixings?: ExchangeServiceLike['fixings'] };
  const kept = service.fixings;
  delete service.fixings;
  try {
    const answer = await h.publicClient.request('GET', '/v1/indices');
    assert.deepEqual([answer.status, answer.body.reason], [503, 'unknown_fixing']);
  } finally {
    service.fixings = kept;
  }
});
