// WebSocket /v1/ws over a real socket: book snapshot then sequenced updates, a forced gap detected and
// resynchronised; trades; signed login (bad and reused signatures refused); order entry with private order,
// fill, position and balance pushes that no other account sees; cancel-on-disconnect; heartbeat; bad input.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';
import { WsClient } from './ws-client.js';

let h: Harness;
const sockets: WsClient[] = [];
before(async () => { h = await startHarness({ wsHeartbeatMs: 200 }); });
after(async () => {
  for (const s of sockets) s.close();
  await h.close();
});

async function openWs(): Promise<WsClient> {
  const client = await WsClient.open(h.server.url);
  sockets.push(client);
  return client;
}

test('book: snapshot, then updates numbered bookSeq + 1; a forced gap is detected and a resubscription resyncs', async () => {
  const a = await h.openAccount('ws-book-a');
  const ws = await openWs();
  ws.send({ op: 'subscribe', channel: 'book', symbol: h.symbol });
  const snapshot = await ws.waitFor((m) => m.channel === 'book' && m.type === 'snapshot', 'snapshot');
  let lastSeq = snapshot.bookSeq;
  const prices = [h.price(-200), h.price(-201), h.price(-202)];
  for (const price of prices) await a.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price, qty: 1 });
  const updates = [];
  for (let i = 1; i <= 3; i++) updates.push(await ws.waitFor((m) => m.channel === 'book' && m.type === 'update' && m.bookSeq === snapshot.bookSeq + i, `update ${i}`));
  assert.deepEqual(updates[0].changes, [{ side: 'bid', price: prices[0], qty: 1, orders: 1 }]);

  // Forced gap: this client "loses" update 2, so update 3 does not follow what it holds.
  lastSeq = updates[0].bookSeq;
  const gap = updates[2].bookSeq !== lastSeq + 1;
  assert.ok(gap, 'the client sees the gap from the numbers alone');
  const from = ws.received.length;
  ws.send({ op: 'subscribe', channel: 'book', symbol: h.symbol });
  const resync = await ws.waitFor((m) => m.channel === 'book' && m.type === 'snapshot', 'resync snapshot', from);
  assert.ok(resync.bookSeq >= updates[2].bookSeq);
  const rest = await h.publicClient.get(`/v1/markets/${h.symbol}/book?depth=50`);
  assert.deepEqual(resync.bids, rest.bids, 'the resynchronised book equals the REST book');
  await a.client.delete('/v1/orders');
});

test('trades stream: snapshot then trades with consecutive tradeIds; resubscribing resyncs', async () => {
  const a = await h.openAccount('ws-trades-a');
  const b = await h.openAccount('ws-trades-b');
  const ws = await openWs();
  ws.send({ op: 'subscribe', channel: 'trades', symbol: h.symbol });
  await ws.waitFor((m) => m.channel === 'trades' && m.type === 'snapshot', 'trades snapshot');
  await a.client.post('/v1/orders', { symbol: h.symbol, side: 'sell', type: 'limit', price: h.price(50), qty: 2 });
  await b.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(50), qty: 1 });
  await b.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(50), qty: 1 });
  const first = await ws.waitFor((m) => m.channel === 'trades' && m.type === 'trade', 'trade 1');
  const second = await ws.waitFor((m) => m.channel === 'trades' && m.type === 'trade' && m.tradeId === first.tradeId + 1, 'trade 2');
  assert.deepEqual([second.price, second.qty, second.aggressorSide], [h.price(50), 1, 'buy']);
  assert.ok(!('account' in second) && !('orderId' in second), 'public trades name no account or order');
  const from = ws.received.length;
  ws.send({ op: 'subscribe', channel: 'trades', symbol: h.symbol });
  const resync = await ws.waitFor((m) => m.channel === 'trades' && m.type === 'snapshot', 'trades resync', from);
  assert.equal(resync.trades.at(-1).tradeId, second.tradeId);
});

test('login: signed like REST; a bad signature and a reused one are refused', async () => {
  const a = await h.openAccount('ws-login-a');
  const ws = await openWs();
  ws.login({ apiKey: a.credential.apiKey, apiSecret: '0'.repeat(64) });
  assert.equal((await ws.waitFor((m) => m.op === 'error', 'bad signature')).reason, 'bad_signature');
  const timestamp = Date.now();
  ws.login(a.credential, {}, timestamp);
  assert.equal((await ws.waitFor((m) => m.op === 'login', 'login')).account, a.account);
  const other = await openWs();
  other.login(a.credential, {}, timestamp);
  assert.equal((await other.waitFor((m) => m.op === 'error', 'replayed')).reason, 'replayed_signature');
  other.send({ op: 'order', id: 5, order: { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(0), qty: 1 } });
  const refused = await other.waitFor((m) => m.op === 'error' && m.id === 5, 'order without login');
  assert.deepEqual([refused.status, refused.reason], [401, 'unauthorised']);
});

test('a GTD order in a series nobody trades expires on time, and its owner gets the cancel as an order update', async () => {
  const a = await h.openAccount('ws-gtd-a');
  const ws = await openWs();
  ws.login(a.credential);
  await ws.waitFor((m) => m.op === 'login', 'login');
  // A series no other test trades: only the expiry sweep can touch it.
  const quiet = (await h.publicClient.get('/v1/series')).series.filter((s: any) => s.product === 'GPH' && s.symbol !== h.symbol).at(-1);
  const expireTime = Date.now() + 600;
  const placed = await a.client.post('/v1/orders', { symbol: quiet.symbol, side: 'buy', type: 'limit', price: quiet.limitDown, qty: 1, timeInForce: 'GTD', expireTime });
  assert.equal(placed.status, 'new');
  const expired = await ws.waitFor((m) => m.channel === 'orders' && m.data.orderId === placed.orderId && m.data.status === 'cancelled', 'expiry push');
  assert.ok(Date.now() >= expireTime, 'not before its time');
  assert.equal(expired.data.remainingQty, 0);
  assert.equal((await a.client.get(`/v1/orders/${placed.orderId}`)).status, 'cancelled');
});

test('order entry over WebSocket: answer, private pushes to the owner only, the counterparty sees market data', async () => {
  const a = await h.openAccount('ws-trade-a');
  const b = await h.openAccount('ws-trade-b');
  const wa = await openWs();
  const wb = await openWs();
  wa.login(a.credential);
  wb.login(b.credential);
  await wa.waitFor((m) => m.op === 'login', 'login a');
  await wb.waitFor((m) => m.op === 'login', 'login b');
  wa.send({ op: 'order', id: 7, order: { symbol: h.symbol, side: 'sell', type: 'limit', price: h.price(60), qty: 2, clientOrderId: 'ws-1' } });
  const placed = (await wa.waitFor((m) => m.op === 'order' && m.id === 7, 'order answer')).result;
  assert.deepEqual([placed.status, placed.clientOrderId, placed.remainingQty], ['new', 'ws-1', 2]);
  const taken = await b.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(60), qty: 2 });
  assert.equal(taken.status, 'filled');
  const fill = await wa.waitFor((m) => m.channel === 'fills' && m.data.orderId === placed.orderId, 'fill push');
  assert.deepEqual([fill.data.side, fill.data.qty, fill.data.liquidity], ['sell', 2, 'maker']);
  assert.equal((await wa.waitFor((m) => m.channel === 'orders' && m.data.orderId === placed.orderId && m.data.status === 'filled', 'order push')).data.filledQty, 2);
  const positions = await wa.waitFor((m) => m.channel === 'positions', 'positions push');
  assert.deepEqual(positions.data.map((p: any) => [p.symbol, p.qty]), [[h.symbol, -2]]);
  await wa.waitFor((m) => m.channel === 'balances', 'balances push');
  await wb.waitFor((m) => m.channel === 'fills' && m.data.orderId === taken.orderId, 'b sees its own fill');
  assert.ok(!wb.received.some((m) => m.channel === 'orders' && m.data.orderId === placed.orderId), 'b never sees a\'s order');
  assert.ok(!wa.received.some((m) => m.channel === 'fills' && m.data.orderId === taken.orderId), 'a never sees b\'s fill');

  wa.send({ op: 'cancel', id: 8, orderId: taken.orderId });
  const notMine = await wa.waitFor((m) => m.op === 'error' && m.id === 8, 'cancel another\'s order');
  assert.deepEqual([notMine.status, notMine.reason], [404, 'unknown_order']);
});

test('cancel-on-disconnect cancels the orders the connection placed; heartbeats arrive; bad messages are answered precisely', async () => {
  const a = await h.openAccount('ws-cod-a');
  const ws = await openWs();
  ws.login(a.credential, { cancelOnDisconnect: true });
  await ws.waitFor((m) => m.op === 'login' && m.cancelOnDisconnect === true, 'login');
  ws.send({ op: 'order', id: 1, order: { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(-300), qty: 1 } });
  const placed = (await ws.waitFor((m) => m.op === 'order', 'order')).result;
  await ws.waitFor((m) => m.op === 'heartbeat', 'heartbeat');

  ws.send('{"op": "subscribe"');
  assert.equal((await ws.waitFor((m) => m.op === 'error' && m.reason === 'malformed', 'malformed JSON')).field, 'message');
  ws.send({ op: 'subscribe', channel: 'book', symbol: h.symbol, colour: 'red' });
  assert.equal((await ws.waitFor((m) => m.op === 'error' && m.reason === 'unknown_field', 'unknown field')).field, 'colour');
  ws.send({ op: 'order', id: 2, order: { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(0) + '1', qty: 1 } });
  assert.equal((await ws.waitFor((m) => m.op === 'error' && m.id === 2, 'off tick')).reason, 'price_off_tick');
  ws.send({ op: 'dance' });
  assert.equal((await ws.waitFor((m) => m.op === 'error' && m.field === 'op', 'unknown op')).reason, 'malformed');

  ws.close();
  const deadline = Date.now() + 5000;
  let status = 'new';
  while (status !== 'cancelled' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await a.client.get(`/v1/orders/${placed.orderId}`)).status;
  }
  assert.equal(status, 'cancelled');
});

test('pipelined order entry: a login and many orders sent at once are answered in request order, sequenced in arrival order', async () => {
  const a = await h.openAccount('ws-pipe-a');
  const ws = await openWs();
  ws.login(a.credential);
  const count = 40;
  for (let i = 0; i < count; i++) {
    ws.send({ op: 'order', id: 100 + i, order: { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(-400 - i), qty: 1 } });
  }
  ws.send({ op: 'order', id: 100 + count, order: { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(-400) + '1', qty: 1 } });
  ws.send({ op: 'ping', id: 100 + count + 1 });
  await ws.waitFor((m) => m.op === 'pong', 'pong after the orders');
  const answers = ws.received.filter((m) => m.op === 'login' || m.op === 'order' || m.op === 'error' || m.op === 'pong');
  assert.deepEqual(answers.map((m) => m.op), ['login', ...Array(count).fill('order'), 'error', 'pong'], 'the login came first: no order was refused for want of it');
  assert.deepEqual(answers.slice(1).map((m) => m.id), Array.from({ length: count + 2 }, (_, i) => 100 + i));
  const orderIds = answers.slice(1, count + 1).map((m) => m.result.orderId);
  assert.deepEqual(orderIds, [...orderIds].sort((x, y) => x - y), 'order ids follow the order of arrival');
  await a.client.delete('/v1/orders');
});
