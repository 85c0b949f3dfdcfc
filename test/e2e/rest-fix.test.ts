// REST and FIX on one exchange: an account on REST and an account on FIX (its login from `account create`)
// trade with each other; each sees its own fill (REST /v1/fills, FIX ExecutionReport) and the other's only
// as market data. A wrong FIX password is refused at logon.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUtcTimestamp } from '../../src/gateway/fix/time.js';
import { field, realClock, TestClient } from '../../src/gateway/fix/testing.js';
import type { FixMessage } from '../../src/gateway/fix/codec.js';
import type { FixServer } from '../../src/gateway/fix/fix-server.js';
import { startFixGateway } from '../../src/gateway/fix-wiring.js';
import type { TsMicros } from '../../src/core/units.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let fix: FixServer;
const clients: TestClient[] = [];
before(async () => {
  h = await startHarness();
  fix = await startFixGateway({ service: h.server.context.service, authStore: h.server.context.authStore, port: 0, clockMicros: realClock });
});
after(async () => {
  for (const c of clients) c.close();
  await fix.close();
  await h.close();
});

const now = () => formatUtcTimestamp(realClock() as TsMicros);
const report = (clOrdId: string, execType: string) => (m: FixMessage) => m.msgType === '8' && field(m, 11) === clOrdId && field(m, 150) === execType;

async function fixLogon(compId: string, password: string): Promise<TestClient> {
  const client = await TestClient.connect(fix.port, compId);
  clients.push(client);
  client.logon(password, [[141, 'Y']]);
  return client;
}

test('a REST account and a FIX account trade; each sees its own fill, the other\'s only as market data', async () => {
  const rest = await h.openAccount('rest-trader');
  const fixAccount = await h.openAccount('fix-trader');
  const f = await fixLogon(String(fixAccount.created['fixSenderCompId']), String(fixAccount.created['fixPassword']));
  await f.waitFor((m) => m.msgType === 'A', 0, 'Logon answer');

  // FIX rests, REST takes: the FIX order's fill arrives unsolicited (published from the REST outcome).
  const price = h.price(20);
  f.send('D', [[11, 'f1'], [55, h.symbol], [54, '2'], [60, now()], [38, '3'], [40, '2'], [44, price], [59, '1']]);
  const ack = await f.waitFor(report('f1', '0'), 0, 'New');
  const taken = await rest.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price, qty: 2 });
  assert.equal(taken.status, 'filled');
  const fill = await f.waitFor(report('f1', 'F'), 0, 'FIX fill from the REST order');
  assert.deepEqual([field(fill, 37), field(fill, 32), field(fill, 31), field(fill, 151)], [field(ack, 37), '2', price, '1']);
  assert.equal(f.received.filter(report('f1', 'F')).length, 1, 'reported once');

  // REST rests (below the FIX account's own remaining sell, so no self-trade stands in the way), FIX takes:
  // the REST account sees its fill in /v1/fills.
  const resting = await rest.client.post('/v1/orders', { symbol: h.symbol, side: 'sell', type: 'limit', price: h.price(10), qty: 1 });
  f.send('D', [[11, 'f2'], [55, h.symbol], [54, '1'], [60, now()], [38, '1'], [40, '2'], [44, h.price(10)], [59, '3']]);
  await f.waitFor(report('f2', 'F'), 0, 'FIX taker fill');
  const restFills = await rest.client.get('/v1/fills');
  assert.deepEqual(restFills.fills.map((x: any) => [x.orderId, x.side, x.liquidity]), [[resting.orderId, 'sell', 'maker'], [taken.orderId, 'buy', 'taker']]);
  assert.ok(!f.received.some((m) => field(m, 37) === String(resting.orderId) || field(m, 37) === String(taken.orderId)), 'FIX never sees the REST account\'s orders');
  const fixOrders = await fixAccount.client.get('/v1/orders?status=all');
  assert.deepEqual(fixOrders.orders.map((o: any) => o.clientOrderId).sort(), ['f1', 'f2'], 'the FIX account sees its FIX orders over REST too');
  const trades = await h.publicClient.get(`/v1/markets/${h.symbol}/trades`);
  assert.equal(trades.trades.length, 2);
});

test('a wrong FIX password is refused at logon', async () => {
  const account = await h.openAccount('fix-wrong');
  const f = await fixLogon(String(account.created['fixSenderCompId']), 'not-the-password');
  const logout = await f.waitFor((m) => m.msgType === '5', 0, 'Logout');
  assert.match(field(logout, 58) ?? '', /wrong password|unknown SenderCompID/i);
});
