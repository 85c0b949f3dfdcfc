// Signed requests over a real socket: a bad signature, an old or future timestamp, a reused signature, an
// unknown or revoked key, a missing permission are refused with 401/403 and the reason; a key past its rate
// limit gets 429 with Retry-After; and no secret reaches the logs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { signedHeaders, TokexClient, type Credential } from '../../src/gateway/client.js';
import { startHarness, type Harness } from './harness.js';

const logs: string[] = [];
let h: Harness;
before(async () => {
  const logStream = new Writable({ write(chunk, _encoding, done) { logs.push(String(chunk)); done(); } });
  h = await startHarness({ rateLimit: { burst: 5, ratePerSec: 1 }, logStream, logLevel: 'debug' });
});
after(async () => { await h.close(); });

async function send(credential: Credential, path: string, timestampMs: number, mutate?: (headers: Record<string, string>) => void) {
  const headers = signedHeaders(credential, 'GET', path, '', timestampMs);
  mutate?.(headers);
  const response = await fetch(h.server.url + path, { headers });
  return { status: response.status, headers: response.headers, body: await response.json() as any };
}

test('signature, timestamp, replay and key checks', async () => {
  const a = await h.openAccount('auth-a');
  const ok = await send(a.credential, '/v1/balances', Date.now());
  assert.equal(ok.status, 200);

  const wrongSecret = await send({ apiKey: a.credential.apiKey, apiSecret: 'f'.repeat(64) }, '/v1/balances', Date.now());
  assert.deepEqual([wrongSecret.status, wrongSecret.body.reason, wrongSecret.body.field], [401, 'bad_signature', 'x-tokex-signature']);

  const otherPath = await send(a.credential, '/v1/balances', Date.now(), (headers) => {
    headers['x-tokex-signature'] = signedHeaders(a.credential, 'GET', '/v1/positions', '', Number(headers['x-tokex-timestamp']))['x-tokex-signature']!;
  });
  assert.equal(otherPath.body.reason, 'bad_signature', 'a signature covers the path');

  const old = await send(a.credential, '/v1/balances', Date.now() - 6_000);
  assert.deepEqual([old.status, old.body.reason, old.body.field], [401, 'stale_timestamp', 'x-tokex-timestamp']);
  const future = await send(a.credential, '/v1/balances', Date.now() + 6_000);
  assert.equal(future.body.reason, 'stale_timestamp');

  const timestamp = Date.now();
  const first = await send(a.credential, '/v1/positions', timestamp);
  const replay = await send(a.credential, '/v1/positions', timestamp);
  assert.equal(first.status, 200);
  assert.deepEqual([replay.status, replay.body.reason], [401, 'replayed_signature']);

  const unknown = await send({ apiKey: 'tk_' + '0'.repeat(24), apiSecret: a.credential.apiSecret }, '/v1/balances', Date.now());
  assert.deepEqual([unknown.status, unknown.body.reason], [401, 'unauthorised']);
  const unsigned = await fetch(h.server.url + '/v1/balances');
  assert.equal(unsigned.status, 401);
  assert.equal(((await unsigned.json()) as any).field, 'x-tokex-key');

  const revoked = await h.operator.request('DELETE', `/v1/keys/${a.credential.apiKey}`);
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  const afterRevoke = await send(a.credential, '/v1/balances', Date.now());
  assert.deepEqual([afterRevoke.status, afterRevoke.body.reason], [401, 'unauthorised']);
  assert.match(afterRevoke.body.message, /revoked/);
});

test('permissions: an account key cannot use operator routes; the operator key has no trading account', async () => {
  const a = await h.openAccount('perm-a');
  const denied = await a.client.request('POST', '/v1/accounts', { name: 'x', type: 'speculator' });
  assert.deepEqual([denied.status, denied.body.reason], [403, 'forbidden']);
  const operatorOrder = await h.operator.request('GET', '/v1/orders');
  assert.deepEqual([operatorOrder.status, operatorOrder.body.reason], [403, 'forbidden']);
  const readOnly = await h.operator.post(`/v1/accounts/${a.account}/keys`, { permissions: ['read'] });
  const reader = new TokexClient(h.server.url, { apiKey: readOnly.apiKey, apiSecret: readOnly.apiSecret });
  assert.equal((await reader.request('GET', '/v1/orders')).status, 200);
  const trade = await reader.request('POST', '/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(0), qty: 1 });
  assert.deepEqual([trade.status, trade.body.reason], [403, 'forbidden']);
});

test('rate limit: past the burst a key gets 429 with Retry-After; another key is unaffected', async () => {
  const a = await h.openAccount('rate-a');
  const b = await h.openAccount('rate-b');
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 8; i++) {
    const response = await a.client.request('GET', '/v1/balances');
    statuses.push(response.status);
    if (response.status === 429) {
      retryAfter = response.headers.get('retry-after');
      assert.equal(response.body.reason, 'rate_limited');
    }
  }
  assert.ok(statuses.slice(0, 4).every((s) => s === 200), statuses.join(','));
  assert.ok(statuses.includes(429), statuses.join(','));
  assert.ok(retryAfter !== null && Number(retryAfter) >= 1);
  assert.equal((await b.client.request('GET', '/v1/balances')).status, 200);
});

test('secrets and signatures never reach the logs', async () => {
  const a = await h.openAccount('log-a');
  await a.client.request('GET', '/v1/balances');
  const text = logs.join('');
  assert.ok(text.includes('"url":"/v1/balances"'), 'requests are logged');
  assert.ok(!text.includes(a.credential.apiSecret), 'the API secret is not logged');
  assert.ok(!text.includes(String(a.created['fixPassword'])), 'the FIX password is not logged');
  assert.ok(!text.includes(h.server.operator.apiSecret), 'the operator secret is not logged');
});
