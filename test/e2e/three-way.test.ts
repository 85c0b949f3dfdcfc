// Issue 5 acceptance: two accounts trade through REST, WebSocket and FIX on one exchange, over real sockets.
// A rests a sell over FIX; B takes part of it over WebSocket order entry; B rests a sell over WebSocket and A
// takes it over REST. Each account sees its own fills on every channel it uses, and the other's fills ONLY as
// public market data (the trades channel and route: price, qty, aggressor side, trade id — no account, order or
// client order id). Every message of every channel is searched for the other account's identifiers.
// Then REST and FIX alone: each side's fill reported on its own channel exactly once; a wrong FIX password.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TsMicros } from '../../src/core/units.js';
import type { FixMessage } from '../../src/gateway/fix/codec.js';
import type { FixServer } from '../../src/gateway/fix/fix-server.js';
import { Tag } from '../../src/gateway/fix/tags.js';
import { field, realClock, TestClient } from '../../src/gateway/fix/testing.js';
import { formatUtcTimestamp } from '../../src/gateway/fix/time.js';
import { startFixGateway } from '../../src/gateway/fix-wiring.js';
import { startHarness, type Harness } from './harness.js';
import { WsClient } from './ws-client.js';

let h: Harness;
let fix: FixServer;
const closers: { close(): void }[] = [];
before(async () => {
  h = await startHarness();
  fix = await startFixGateway({ service: h.server.context.service, authStore: h.server.context.authStore, port: 0, clockMicros: realClock });
});
after(async () => {
  for (const c of closers) c.close();
  await fix.close();
  await h.close();
});

/** The private identifiers a message carries, wherever they sit in it. */
function identifiersIn(value: unknown, out = { orderIds: new Set<number>(), accounts: new Set<number>(), clientOrderIds: new Set<string>() }) {
  if (Array.isArray(value)) for (const v of value) identifiersIn(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'orderId' && typeof v === 'number') out.orderIds.add(v);
      else if ((key === 'account' || key === 'accountId') && typeof v === 'number') out.accounts.add(v);
      else if (key === 'clientOrderId' && typeof v === 'string') out.clientOrderIds.add(v);
      else identifiersIn(v, out);
    }
  }
  return out;
}

const publicTradeKeys = ['aggressorSide', 'channel', 'price', 'qty', 'symbol', 'tradeId', 'tsMicros', 'type'];

test('A on FIX and REST, B on WebSocket and REST trade with each other; each sees the other only as market data', async () => {
  const a = await h.openAccount('three-way-a');
  const b = await h.openAccount('three-way-b');
  const pHigh = h.price(30);
  const pLow = h.price(20);

  // Channels: A's FIX session and A's WebSocket (private pushes + public trades), B's WebSocket (order entry,
  // private pushes, public trades), and a public WebSocket with no login.
  const f = await TestClient.connect(fix.port, String(a.created['fixSenderCompId']));
  closers.push(f);
  f.logon(String(a.created['fixPassword']), [[141, 'Y']]);
  await f.waitFor((m) => m.msgType === 'A', 0, 'FIX logon');
  const wsA = await WsClient.open(h.server.url);
  const wsB = await WsClient.open(h.server.url);
  const wsPublic = await WsClient.open(h.server.url);
  closers.push(wsA, wsB, wsPublic);
  wsA.login(a.credential);
  wsB.login(b.credential);
  await wsA.waitFor((m) => m.op === 'login', 'A login');
  await wsB.waitFor((m) => m.op === 'login', 'B login');
  for (const ws of [wsA, wsB, wsPublic]) {
    ws.send({ op: 'subscribe', channel: 'trades', symbol: h.symbol });
    await ws.waitFor((m) => m.channel === 'trades' && m.type === 'snapshot', 'trades snapshot');
  }

  // 1. A rests 3 to sell over FIX.
  f.send('D', [[11, 'a-fix-1'], [55, h.symbol], [54, '2'], [60, formatUtcTimestamp(realClock() as TsMicros)], [38, '3'], [40, '2'], [44, pHigh], [59, '1']]);
  const aNew = await f.waitFor((m) => m.msgType === '8' && field(m, 11) === 'a-fix-1' && field(m, 150) === '0', 0, 'FIX New');
  const aFixOrder = Number(field(aNew, Tag.OrderID));

  // 2. B takes 2 of it over WebSocket order entry.
  wsB.send({ op: 'order', id: 21, order: { symbol: h.symbol, side: 'buy', type: 'limit', price: pHigh, qty: 2, clientOrderId: 'b-ws-1' } });
  const bTake = (await wsB.waitFor((m) => m.op === 'order' && m.id === 21, 'B take answer')).result;
  assert.deepEqual([bTake.status, bTake.filledQty, bTake.fills.map((x: any) => [x.side, x.qty, x.price, x.liquidity])], ['filled', 2, [['buy', 2, pHigh, 'taker']]]);
  const aFill = await f.waitFor((m) => m.msgType === '8' && field(m, 11) === 'a-fix-1' && field(m, 150) === 'F', 0, 'A\'s FIX fill');
  assert.deepEqual([field(aFill, Tag.LastQty), field(aFill, Tag.LastPx), field(aFill, Tag.LeavesQty), field(aFill, Tag.OrdStatus)], ['2', pHigh, '1', '1']);

  // 3. B rests 1 to sell over WebSocket (below A's remaining sell, so A's buy meets B first), A takes it over REST.
  wsB.send({ op: 'order', id: 22, order: { symbol: h.symbol, side: 'sell', type: 'limit', price: pLow, qty: 1, clientOrderId: 'b-ws-2' } });
  const bRest = (await wsB.waitFor((m) => m.op === 'order' && m.id === 22, 'B rest answer')).result;
  assert.equal(bRest.status, 'new');
  const aTake = await a.client.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: pLow, qty: 1, clientOrderId: 'a-rest-1' });
  assert.deepEqual([aTake.status, aTake.fills.map((x: any) => [x.side, x.qty, x.price, x.liquidity])], ['filled', [['buy', 1, pLow, 'taker']]]);
  await wsB.waitFor((m) => m.channel === 'fills' && m.data.orderId === bRest.orderId, 'B\'s maker fill pushed');
  await wsA.waitFor((m) => m.channel === 'fills' && m.data.orderId === aTake.orderId, 'A\'s taker fill pushed');
  for (const ws of [wsA, wsB, wsPublic]) await ws.waitFor((m) => m.channel === 'trades' && m.type === 'trade' && m.price === pLow, 'second public trade');

  const mine = { a: { orderIds: new Set([aFixOrder, aTake.orderId]), account: a.account, clientOrderIds: new Set(['a-fix-1', 'a-rest-1']) },
    b: { orderIds: new Set([bTake.orderId, bRest.orderId]), account: b.account, clientOrderIds: new Set(['b-ws-1', 'b-ws-2']) } };
  const assertOnly = (who: 'a' | 'b', messages: unknown[], channel: string) => {
    const found = identifiersIn(messages);
    for (const id of found.orderIds) assert.ok(mine[who].orderIds.has(id), `${channel}: order ${id} is not ${who.toUpperCase()}'s`);
    for (const id of found.accounts) assert.equal(id, mine[who].account, `${channel}: account ${id} is not ${who.toUpperCase()}'s`);
    for (const id of found.clientOrderIds) assert.ok(mine[who].clientOrderIds.has(id), `${channel}: client order id ${id} is not ${who.toUpperCase()}'s`);
  };

  // Each account's own fills, on each of its channels; nothing of the other's.
  const aFills = await a.client.get('/v1/fills');
  assert.deepEqual(aFills.fills.map((x: any) => [x.orderId, x.side, x.qty, x.liquidity]), [[aTake.orderId, 'buy', 1, 'taker'], [aFixOrder, 'sell', 2, 'maker']]);
  const bFills = await b.client.get('/v1/fills');
  assert.deepEqual(bFills.fills.map((x: any) => [x.orderId, x.side, x.qty, x.liquidity]), [[bRest.orderId, 'sell', 1, 'maker'], [bTake.orderId, 'buy', 2, 'taker']]);
  assertOnly('a', [aFills, await a.client.get('/v1/orders?status=all'), await a.client.get('/v1/positions'), await a.client.get('/v1/balances')], 'A over REST');
  assertOnly('b', [bFills, await b.client.get('/v1/orders?status=all'), await b.client.get('/v1/positions'), await b.client.get('/v1/balances')], 'B over REST');
  assertOnly('a', wsA.received, 'A\'s WebSocket');
  assertOnly('b', wsB.received, 'B\'s WebSocket');
  assert.ok(wsA.received.some((m) => m.channel === 'fills' && m.data.orderId === aFixOrder), 'A\'s WebSocket also carries the fill of its FIX order');
  assert.ok(wsB.received.some((m) => m.channel === 'fills' && m.data.orderId === bTake.orderId));
  // A's FIX session also gets reports of A's own REST order (one account, one view); never B's.
  const fixOrderIds = f.received.filter((m) => field(m, Tag.OrderID) !== undefined).map((m) => Number(field(m, Tag.OrderID)));
  assert.ok(fixOrderIds.includes(aFixOrder));
  for (const id of fixOrderIds) assert.ok(mine.a.orderIds.has(id), `A's FIX session reports order ${id}, not A's`);
  for (const m of f.received) assert.ok(!mine.b.clientOrderIds.has(field(m, Tag.ClOrdID) ?? ''), 'FIX never carries B\'s client order ids');
  assert.equal(f.received.filter((m) => m.msgType === '8' && field(m, 150) === 'F' && field(m, 11) === 'a-fix-1').length, 1, 'the FIX order\'s fill reported once');

  // The other's side of each trade is visible only as public market data, the same on every channel.
  const publicTrades = (ws: WsClient) => ws.received.filter((m) => m.channel === 'trades' && m.type === 'trade');
  const expected = [[pHigh, 2, 'buy'], [pLow, 1, 'buy']];
  for (const ws of [wsA, wsB, wsPublic]) {
    const trades = publicTrades(ws);
    assert.deepEqual(trades.map((t) => [t.price, t.qty, t.aggressorSide]), expected);
    for (const t of trades) assert.deepEqual(Object.keys(t).sort(), publicTradeKeys);
  }
  const tape = await h.publicClient.get(`/v1/markets/${h.symbol}/trades`);
  assert.deepEqual(tape.trades.map((t: any) => [t.price, t.qty, t.aggressorSide]).reverse(), expected);
  for (const t of tape.trades) assert.deepEqual(Object.keys(t).sort(), ['aggressorSide', 'price', 'qty', 'tradeId', 'tsMicros']);
  assert.equal(identifiersIn(wsPublic.received).orderIds.size + identifiersIn(wsPublic.received).accounts.size, 0, 'the public socket carries no private identifier');

  // And neither can reach the other's orders: B cannot see or cancel A's resting FIX order.
  assert.equal((await b.client.request('GET', `/v1/orders/${aFixOrder}`)).status, 404);
  wsB.send({ op: 'cancel', id: 23, orderId: aFixOrder });
  assert.equal((await wsB.waitFor((m) => m.op === 'error' && m.id === 23, 'cancel refused')).reason, 'unknown_order');
  assert.equal((await a.client.get(`/v1/orders/${aFixOrder}`)).remainingQty, 1, 'A\'s order untouched');
  await a.client.delete('/v1/orders');
});

// REST and FIX alone (one process with the test above: a server and a FIX acceptor cost seconds to load).
const now = () => formatUtcTimestamp(realClock() as TsMicros);
const report = (clOrdId: string, execType: string) => (m: FixMessage) => m.msgType === '8' && field(m, 11) === clOrdId && field(m, 150) === execType;

async function fixLogon(compId: string, password: string): Promise<TestClient> {
  const client = await TestClient.connect(fix.port, compId);
  closers.push(client);
  client.logon(password, [[141, 'Y']]);
  return client;
}

test('a REST account and a FIX account trade; each sees its own fill, the other\'s only as market data', async () => {
  const tradesBefore = (await h.publicClient.get(`/v1/markets/${h.symbol}/trades`)).trades.length;
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
  assert.equal(trades.trades.length, tradesBefore + 2);
});

test('a wrong FIX password is refused at logon', async () => {
  const account = await h.openAccount('fix-wrong');
  const f = await fixLogon(String(account.created['fixSenderCompId']), 'not-the-password');
  const logout = await f.waitFor((m) => m.msgType === '5', 0, 'Logout');
  assert.match(field(logout, 58) ?? '', /wrong password|unknown SenderCompID/i);
});
