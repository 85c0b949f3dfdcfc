// Issue 5, item 7: each kind of bad input gets a precise error (status, code, reason, field) and changes
// nothing: the exchange's state hash (sequence, orders, books, clearing ledger) is the same before and after.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Phase } from '../../src/engine/protocol.js';
import { TokexClient } from '../../src/gateway/client.js';
import { signedHeaders } from '../../src/gateway/client.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let a: TokexClient;
let b: TokexClient;
let aCredential: { apiKey: string; apiSecret: string };
let restingOrderId: number;
let expiredSymbol: string;
let closedSymbol: string;
let haltedSymbol: string;

before(async () => {
  h = await startHarness();
  const alice = await h.openAccount('alice');
  a = alice.client;
  aCredential = alice.credential;
  b = (await h.openAccount('bob')).client;
  restingOrderId = (await a.post('/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(0), qty: 1 })).orderId;
  const tkf = h.server.context.service.exchange.allInstruments().filter((i) => i.product.code === 'TKF').map((i) => i.symbol);
  [expiredSymbol, closedSymbol, haltedSymbol] = [tkf.at(-1)!, tkf.at(-2)!, tkf.at(-3)!];
  const service = h.server.context.service;
  assert.equal((await service.submit({ type: 'finalSettle', symbol: expiredSymbol, priceTicks: 5000 })).rejection, undefined);
  assert.equal((await service.submit({ type: 'setPhase', symbol: closedSymbol, phase: Phase.closed })).rejection, undefined);
  assert.equal((await h.operator.request('POST', `/v1/markets/${haltedSymbol}/halt`)).status, 200);
});
after(async () => { await h.close(); });

const order = (fields: Record<string, unknown>) => ({ symbol: '', side: 'buy', type: 'limit', price: h.price(0), qty: 1, ...fields });

interface Case {
  readonly name: string;
  readonly send: () => Promise<{ status: number; body: any }>;
  readonly status: number;
  readonly reason: string;
  readonly field?: string;
}

async function rawPost(path: string, text: string) {
  const headers = { 'content-type': 'application/json', ...signedHeaders(aCredential, 'POST', path, text, Date.now()) };
  const response = await fetch(h.server.url + path, { method: 'POST', headers, body: text });
  return { status: response.status, body: await response.json() };
}

const cases: Case[] = [
  { name: 'malformed JSON', send: () => rawPost('/v1/orders', '{"symbol": "TKF'), status: 400, reason: 'malformed', field: 'body' },
  { name: 'body is not an object', send: () => rawPost('/v1/orders', '[1,2]'), status: 400, reason: 'wrong_type', field: 'body' },
  { name: 'unknown field', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, colour: 'red' })), status: 400, reason: 'unknown_field', field: 'colour' },
  { name: 'missing field', send: () => a.request('POST', '/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', price: h.price(0) }), status: 400, reason: 'missing_field', field: 'qty' },
  { name: 'wrong type (qty as a string)', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, qty: '3' })), status: 400, reason: 'wrong_type', field: 'qty' },
  { name: 'wrong type (price as a number)', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, price: 6 })), status: 400, reason: 'wrong_type', field: 'price' },
  { name: 'unknown enum value', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, side: 'hold' })), status: 400, reason: 'malformed', field: 'side' },
  { name: 'qty below range', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, qty: 0 })), status: 400, reason: 'qty_out_of_range', field: 'qty' },
  { name: 'qty above the product maximum', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, qty: 501 })), status: 400, reason: 'qty_out_of_range', field: 'qty' },
  { name: 'fractional qty', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, qty: 1.5 })), status: 400, reason: 'wrong_type', field: 'qty' },
  { name: 'price not a decimal', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, price: '6,1' })), status: 400, reason: 'malformed', field: 'price' },
  { name: 'price off the tick', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, price: h.price(0) + '5' })), status: 400, reason: 'price_off_tick', field: 'price' },
  { name: 'price zero', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, price: '0.000' })), status: 400, reason: 'price_out_of_range', field: 'price' },
  { name: 'price outside the daily limits', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, price: h.price(2000) })), status: 409, reason: 'price_outside_limits', field: 'price' },
  { name: 'limit order without price', send: () => a.request('POST', '/v1/orders', { symbol: h.symbol, side: 'buy', type: 'limit', qty: 1 }), status: 400, reason: 'missing_field', field: 'price' },
  { name: 'market order with a price', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, type: 'market' })), status: 400, reason: 'malformed', field: 'price' },
  { name: 'stop order without stopPrice', send: () => a.request('POST', '/v1/orders', { symbol: h.symbol, side: 'buy', type: 'stop', qty: 1 }), status: 400, reason: 'stop_price_missing', field: 'stopPrice' },
  { name: 'GTD without expireTime', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, timeInForce: 'GTD' })), status: 400, reason: 'expiry_invalid', field: 'expireTime' },
  { name: 'post-only IOC', send: () => a.request('POST', '/v1/orders', order({ symbol: h.symbol, timeInForce: 'IOC', postOnly: true })), status: 400, reason: 'post_only_not_limit', field: 'postOnly' },
  { name: 'unknown series', send: () => a.request('POST', '/v1/orders', order({ symbol: 'TKFZ99' })), status: 400, reason: 'unknown_symbol', field: 'symbol' },
  { name: 'expired series', send: () => a.request('POST', '/v1/orders', order({ symbol: expiredSymbol })), status: 400, reason: 'series_expired', field: 'symbol' },
  { name: 'closed market', send: () => a.request('POST', '/v1/orders', order({ symbol: closedSymbol })), status: 409, reason: 'market_closed', field: 'symbol' },
  { name: 'halted market (market order)', send: () => a.request('POST', '/v1/orders', { symbol: haltedSymbol, side: 'buy', type: 'market', qty: 1 }), status: 409, reason: 'market_halted', field: 'symbol' },
  { name: 'cancel another account\'s order', send: () => b.request('DELETE', `/v1/orders/${restingOrderId}`), status: 404, reason: 'unknown_order', field: 'orderId' },
  { name: 'amend another account\'s order', send: () => b.request('PATCH', `/v1/orders/${restingOrderId}`, { qty: 5 }), status: 404, reason: 'unknown_order', field: 'orderId' },
  { name: 'amend that changes nothing', send: () => a.request('PATCH', `/v1/orders/${restingOrderId}`, { price: h.price(0) }), status: 400, reason: 'amend_no_change', field: 'orderId' },
  { name: 'amend with an empty body', send: () => a.request('PATCH', `/v1/orders/${restingOrderId}`, {}), status: 400, reason: 'malformed', field: 'body' },
  { name: 'order id not a number', send: () => a.request('GET', '/v1/orders/abc'), status: 400, reason: 'wrong_type', field: 'orderId' },
  { name: 'unknown query parameter', send: () => a.request('GET', '/v1/orders?colour=red'), status: 400, reason: 'unknown_field', field: 'colour' },
  { name: 'book depth out of range', send: () => h.publicClient.request('GET', `/v1/markets/${h.symbol}/book?depth=51`), status: 400, reason: 'malformed', field: 'depth' },
  { name: 'deposit with too many decimals', send: () => h.operator.request('POST', '/v1/accounts/1/deposits', { currency: 'USD', amount: '10.001' }), status: 400, reason: 'malformed', field: 'amount' },
  { name: 'deposit to an unknown account', send: () => h.operator.request('POST', '/v1/accounts/999/deposits', { currency: 'USD', amount: '10' }), status: 404, reason: 'unknown_account', field: 'accountId' },
  { name: 'withdrawal beyond the cash', send: () => h.operator.request('POST', '/v1/accounts/1/withdrawals', { currency: 'USD', amount: '999999999' }), status: 422, reason: 'insufficient_funds', field: 'amount' },
  { name: 'account with a bad deposit', send: () => h.operator.request('POST', '/v1/accounts', { name: 'x', type: 'speculator', deposits: [{ currency: 'USD', amount: '1.234' }] }), status: 400, reason: 'malformed', field: 'deposits.0.amount' },
  { name: 'unknown route', send: () => a.request('GET', '/v1/nothing-here'), status: 404, reason: 'malformed' },
];

for (const c of cases) {
  test(`bad input: ${c.name} → ${c.status} ${c.reason}${c.field ? ` (${c.field})` : ''}, state unchanged`, async () => {
    const before = h.stateHash();
    const seq = h.server.context.service.exchange.seq;
    const response = await c.send();
    assert.equal(response.status, c.status, JSON.stringify(response.body));
    assert.equal(response.body.reason, c.reason, JSON.stringify(response.body));
    assert.equal(typeof response.body.code, 'number');
    assert.ok(response.body.message.length > 10, 'a message a person reads');
    if (c.field !== undefined) assert.equal(response.body.field, c.field, JSON.stringify(response.body));
    assert.equal(h.server.context.service.exchange.seq, seq, 'no sequence number taken');
    assert.equal(h.stateHash(), before, 'state hash unchanged');
  });
}

test('the resting order that the bad inputs aimed at is untouched', async () => {
  const order = await a.get(`/v1/orders/${restingOrderId}`);
  assert.deepEqual([order.status, order.price, order.qty], ['new', h.price(0), 1]);
});
