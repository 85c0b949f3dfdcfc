import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../gateway/server.js';
import { memoryService } from '../gateway/service.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { isLoopback, setDemoCredential } from './plugin.js';

let server: RunningServer;

before(async () => {
  const catalogue = defaultCatalogue();
  server = await startServer({ service: memoryService({ catalogue, sessions: 'always-open', clockMicros: () => Date.now() * 1000 }), port: 0, catalogue });
});
after(() => server.close());

test('the page, its type-stripped modules and the chart script are served; test files and paths are not', async () => {
  const page = await fetch(`${server.url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /text\/html/);
  assert.match(await page.text(), /<script type="module" src="\/web\/main.js">/);
  const hedge = await fetch(`${server.url}/web/hedge.js`);
  assert.equal(hedge.status, 200);
  assert.match(hedge.headers.get('content-type')!, /javascript/);
  const code = await hedge.text();
  assert.match(code, /function planHedge\(input\)/, "types are stripped, the code stays");
  assert.match(code, /export \{[^}]*planHedge/);
  assert.doesNotMatch(code, /export interface|: HedgeInput/);
  const charts = await fetch(`${server.url}/web/vendor/lightweight-charts.js`);
  assert.equal(charts.status, 200);
  assert.match((await charts.text()).slice(0, 300), /Lightweight Charts™ v5/);
  for (const path of ['/web/hedge.test.js', '/web/%2e%2e%2fplugin.js', '/web/plugin.js', '/web/Main.js', '/web/index.html']) {
    const response = await fetch(`${server.url}${path}`);
    assert.equal(response.status, 404, path);
    assert.equal(((await response.json()) as { reason: string }).reason, 'malformed');
  }
});

test('the demo credential: 404 unless the demo set one, then only to this machine', async () => {
  assert.equal((await fetch(`${server.url}/demo/credential`)).status, 404);
  setDemoCredential(server.app, { accountId: 7, apiKey: 'tk_x', apiSecret: 's', deposits: { USD: '1.00' } });
  const local = await fetch(`${server.url}/demo/credential`);
  assert.equal(local.status, 200);
  assert.equal(((await local.json()) as { accountId: number }).accountId, 7);
  const remote = await server.app.inject({ method: 'GET', url: '/demo/credential', remoteAddress: '192.0.2.10' });
  assert.equal(remote.statusCode, 403);
  assert.match(remote.json<{ message: string }>().message, /same machine/);
  assert.deepEqual(['127.0.0.1', '::1', '::ffff:127.0.0.1', '192.0.2.10', '::ffff:10.0.0.1'].map(isLoopback), [true, true, true, false, false]);
});
