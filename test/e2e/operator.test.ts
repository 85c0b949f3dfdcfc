// The operator's and the public routes over a real socket: catalogue and series, halt and resume, kill
// switch, cash, keys, settlement, a regulator's read-only key, the service endpoints; snapshots need a data dir.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TokexClient } from '../../src/gateway/client.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

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
  const noFixings = await h.publicClient.request('GET', '/v1/indices');
  assert.deepEqual([noFixings.status, noFixings.body.reason], [503, 'unknown_fixing'], 'without a data directory the index routes invent nothing');
  const a = await h.openAccount('snapshot-a');
  assert.equal((await a.client.request('POST', '/v1/operator/snapshot')).status, 403);
  const inMemory = await h.operator.request('POST', '/v1/operator/snapshot');
  assert.deepEqual([inMemory.status, inMemory.body.reason], [501, 'malformed']);
});
