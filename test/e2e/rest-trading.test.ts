// Two accounts trade through REST over a real socket; each sees its own fill and only market data of the
// other's; one account cannot see or cancel the other's order.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

test('two accounts trade through REST and see their own fills, positions and balances', async () => {
  const a = await h.openAccount('alice');
  const b = await h.openAccount('bob');
  assert.match(String(a.created['fixSenderCompId']), /^TKX\d+$/);
  assert.equal(typeof a.created['fixPassword'], 'string');

  const placed = await a.client.request('POST', '/v1/orders', { symbol: h.symbol, side: 'sell', type: 'limit', price: h.price(100), qty: 3, timeInForce: 'GTC', clientOrderId: 'a-1' });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  assert.equal(placed.body.status, 'new');
  assert.equal(placed.body.remainingQty, 3);
  assert.deepEqual(placed.body.fills, []);

  const book = await h.publicClient.get(`/v1/markets/${h.symbol}/book?depth=5`);
  assert.deepEqual(book.asks, [{ price: h.price(100), qty: 3, orders: 1 }]);

  const taken = await b.client.request('POST', '/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(100), qty: 2 });
  assert.equal(taken.status, 201, JSON.stringify(taken.body));
  assert.equal(taken.body.status, 'filled');
  assert.equal(taken.body.filledQty, 2);
  assert.equal(taken.body.averagePrice, h.price(100) + '0000');
  assert.deepEqual(taken.body.fills.map((f: any) => [f.side, f.price, f.qty, f.liquidity]), [['buy', h.price(100), 2, 'taker']]);

  const mine = await a.client.get(`/v1/orders/${placed.body.orderId}`);
  assert.equal(mine.status, 'partially_filled');
  assert.equal(mine.filledQty, 2);
  assert.equal(mine.remainingQty, 1);

  const aFills = await a.client.get('/v1/fills');
  assert.deepEqual(aFills.fills.map((f: any) => [f.orderId, f.side, f.qty, f.liquidity]), [[placed.body.orderId, 'sell', 2, 'maker']]);
  const bFills = await b.client.get('/v1/fills');
  assert.deepEqual(bFills.fills.map((f: any) => [f.orderId, f.side]), [[taken.body.orderId, 'buy']]);

  const trades = await h.publicClient.get(`/v1/markets/${h.symbol}/trades`);
  assert.deepEqual(trades.trades.map((t: any) => [t.price, t.qty, t.aggressorSide]), [[h.price(100), 2, 'buy']]);
  assert.equal(Object.keys(trades.trades[0]).some((k) => /account|order/i.test(k)), false, 'the tape names no account or order');

  assert.deepEqual((await a.client.get('/v1/positions')).positions.map((p: any) => [p.symbol, p.qty]), [[h.symbol, -2]]);
  assert.deepEqual((await b.client.get('/v1/positions')).positions.map((p: any) => [p.symbol, p.qty]), [[h.symbol, 2]]);
  const balances = await b.client.get('/v1/balances');
  const usd = balances.balances.find((x: any) => x.currency === 'USD');
  assert.match(usd.cash, /^\d+\.\d{2}$/);
  assert.ok(Number(usd.cash) < 1_000_000, 'the taker paid a fee');
  const margin = await b.client.get('/v1/margin');
  assert.ok(Number(margin.currencies.find((c: any) => c.currency === 'USD').initialMargin) > 0);

  const ticker = await h.publicClient.get(`/v1/markets/${h.symbol}/ticker`);
  assert.equal(ticker.last, h.price(100));
  assert.equal(ticker.volume, 2);
  assert.equal(ticker.bestAsk, h.price(100));
  const stats = await h.publicClient.get(`/v1/markets/${h.symbol}/statistics`);
  assert.equal(stats.openInterest, 2);
  const candles = await h.publicClient.get(`/v1/markets/${h.symbol}/candles?interval=1m`);
  assert.equal(candles.candles.at(-1).close, h.price(100));
});

test('an account cannot see, amend or cancel another account\'s order: 404 as for an unknown one', async () => {
  const a = await h.openAccount('carol');
  const b = await h.openAccount('dave');
  const placed = await a.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(-500), qty: 1 });
  const unknownId = placed.orderId + 10_000;
  for (const [method, body] of [['GET', undefined], ['DELETE', undefined], ['PATCH', { qty: 2 }]] as const) {
    const other = await b.client.request(method, `/v1/orders/${placed.orderId}`, body);
    const unknown = await b.client.request(method, `/v1/orders/${unknownId}`, body);
    assert.equal(other.status, 404, `${method} another's order`);
    assert.equal(other.body.reason, 'unknown_order');
    assert.deepEqual({ ...other.body, message: '' }, { ...unknown.body, message: '' }, `${method}: same answer as unknown`);
  }
  assert.equal((await b.client.get('/v1/orders?status=all')).orders.length, 0);
  assert.equal((await a.client.get(`/v1/orders/${placed.orderId}`)).status, 'new', 'still open after the attempts');
  const massCancel = await b.client.delete('/v1/orders');
  assert.equal(massCancel.cancelled, 0);
  assert.equal((await a.client.get(`/v1/orders/${placed.orderId}`)).status, 'new', 'mass cancel touches only own orders');
});

test('amend, cancel and mass cancel own orders', async () => {
  const a = await h.openAccount('erin');
  const placed = await a.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(-40), qty: 4 });
  const amended = await a.client.patch(`/v1/orders/${placed.orderId}`, { price: h.price(-30), qty: 6 });
  assert.deepEqual([amended.price, amended.qty, amended.remainingQty], [h.price(-30), 6, 6]);
  const cancelled = await a.client.delete(`/v1/orders/${placed.orderId}`);
  assert.equal(cancelled.status, 'cancelled');
  const again = await a.client.request('DELETE', `/v1/orders/${placed.orderId}`);
  assert.equal(again.status, 409);
  assert.equal(again.body.reason, 'order_not_resting');
  await a.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(-50), qty: 1 });
  await a.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(-60), qty: 1 });
  assert.equal((await a.client.get('/v1/orders?status=open')).orders.length, 2);
  assert.equal((await a.client.delete(`/v1/orders?symbol=${h.symbol}`)).cancelled, 2);
  assert.equal((await a.client.get('/v1/orders?status=open')).orders.length, 0);
  assert.equal((await a.client.get('/v1/orders?status=all')).orders.length, 3);
});
