import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimalToUnits } from '../core/decimal.js';
import { Reason } from '../core/reasons.js';
import { Side, TimeInForce } from '../engine/protocol.js';
import { limitOrder, testbed } from './testkit.js';

test('listing makes every catalogue series tradable, with limits from the reference price', () => {
  const { exchange, symbols } = testbed(0);
  assert.ok(symbols.length >= 40, `${symbols.length} series listed`);
  const tkf = exchange.instrument(symbols.find((s) => s.startsWith('TKF'))!)!;
  // TKF: reference 5.000 = 5000 ticks, limit ±10% → 4500..5500.
  assert.equal(tkf.engine.limitDownTicks, 4500);
  assert.equal(tkf.engine.limitUpTicks, 5500);
});

test('two accounts trade: fills, order statuses, positions and market data agree', () => {
  const { exchange, accounts, symbols, send } = testbed();
  const [a, b] = accounts as [number, number];
  const symbol = symbols.find((s) => s.startsWith('TKF'))!;
  const bid = send(limitOrder(a, symbol, Side.buy, 5000, 5));
  assert.equal(bid.rejection, undefined);
  assert.ok(bid.seq > 0 && bid.orderId !== undefined);
  const ask = send(limitOrder(b, symbol, Side.sell, 4990, 3));
  const trades = ask.events.filter((e) => e.event.kind === 'trade');
  assert.equal(trades.length, 1);
  const trade = trades[0]!.event as { priceTicks: number; qtyLots: number };
  assert.equal(trade.priceTicks, 5000, 'the trade prints at the resting price');
  assert.equal(trade.qtyLots, 3);
  assert.equal(exchange.orders.get(bid.orderId!)!.status, 'partiallyFilled');
  assert.equal(exchange.orders.get(ask.orderId!)!.status, 'filled');
  assert.equal(exchange.clearing.positionLots(a, symbol), 3);
  assert.equal(exchange.clearing.positionLots(b, symbol), -3);
  assert.equal(exchange.clearing.openInterestLots(symbol), 3);
  const instrument = exchange.instrument(symbol)!;
  assert.equal(instrument.trades.length, 1);
  assert.equal(instrument.engine.bestBidTicks(), 5000);
  assert.ok(ask.bookUpdates.length === 1 && ask.bookUpdates[0]!.symbol === symbol);
});

test('refused commands take no sequence number and change nothing', () => {
  const { exchange, accounts, symbols, send } = testbed();
  const [a, b] = accounts as [number, number];
  const symbol = symbols[0]!;
  const resting = send(limitOrder(a, symbol, Side.buy, 5000, 1));
  const before = exchange.stateHash();
  const seq = exchange.seq;
  const cases = [
    send(limitOrder(a, 'NOPEZ26', Side.buy, 5000, 1)),
    send(limitOrder(a, symbol, Side.buy, 5000, 100_000)),
    send({ type: 'cancel', accountId: b, orderId: resting.orderId! }),
    send({ type: 'cancel', accountId: a, orderId: 999_999 }),
    send({ type: 'withdraw', accountId: a, currency: 'USD', amountMinor: 10n ** 15n }),
    send({ type: 'deposit', accountId: 424242, currency: 'USD', amountMinor: 1n }),
    send({ type: 'amend', accountId: b, orderId: resting.orderId!, priceTicks: 5001, qtyLots: 1 }),
  ];
  for (const outcome of cases) {
    assert.equal(outcome.seq, 0, JSON.stringify(outcome.rejection));
    assert.ok(outcome.rejection && outcome.rejection.message.length > 0);
  }
  assert.equal(cases[0]!.rejection!.code, Reason.unknownSymbol);
  assert.equal(cases[0]!.rejection!.field, 'symbol');
  assert.equal(cases[2]!.rejection!.code, Reason.unknownOrder, "another account's order is answered as unknown");
  assert.equal(exchange.seq, seq);
  assert.equal(exchange.stateHash(), before);
});

test('an order the engine refuses is sequenced, answered with its reason, and recorded as rejected', () => {
  const { exchange, accounts, symbols, send } = testbed();
  const symbol = symbols.find((s) => s.startsWith('TKF'))!;
  const outside = send(limitOrder(accounts[0]!, symbol, Side.buy, 6000, 1));
  assert.equal(outside.rejection?.code, Reason.priceOutsideLimits);
  assert.match(outside.rejection!.message, /limit/i);
  assert.ok(outside.seq > 0, 'the engine saw it, so it is in the sequence (replay must see it too)');
  assert.equal(exchange.orders.get(outside.orderId!)!.status, 'rejected');
});

test('mass cancel and kill switch cancel only the account’s orders', () => {
  const { exchange, accounts, symbols, send } = testbed(3);
  const [a, b] = accounts as [number, number];
  const s1 = symbols[0]!;
  const s2 = symbols[1]!;
  const mine = [send(limitOrder(a, s1, Side.buy, 4900, 1)), send(limitOrder(a, s2, Side.buy, 4900, 1))];
  const theirs = send(limitOrder(b, s1, Side.buy, 4900, 1));
  const cancelled = send({ type: 'massCancel', accountId: a, symbol: '' });
  assert.deepEqual(cancelled.result, { cancelled: 2 });
  for (const o of mine) assert.equal(exchange.orders.get(o.orderId!)!.status, 'cancelled');
  assert.equal(exchange.orders.get(theirs.orderId!)!.status, 'new');
  send({ type: 'killSwitch', accountId: b, engaged: true });
  assert.equal(exchange.orders.get(theirs.orderId!)!.status, 'cancelled');
  const blocked = send(limitOrder(b, s1, Side.buy, 4900, 1));
  assert.equal(blocked.seq, 0);
  assert.equal(blocked.rejection?.code, Reason.killSwitch);
});

test('daily settlement marks positions and final settlement closes the series', () => {
  const { exchange, accounts, symbols, send } = testbed();
  const [a, b] = accounts as [number, number];
  const symbol = symbols.find((s) => s.startsWith('TKF'))!;
  send(limitOrder(a, symbol, Side.buy, 5000, 2));
  send(limitOrder(b, symbol, Side.sell, 5000, 2));
  const settled = send({ type: 'settleDay', isoDate: '2026-11-25', closingWindowStartMicros: 0 });
  assert.equal(settled.rejection, undefined);
  const final = send({ type: 'finalSettle', symbol, priceTicks: 5100 });
  assert.equal(final.rejection, undefined);
  assert.equal(exchange.clearing.positionLots(a, symbol), 0);
  assert.equal(exchange.instrument(symbol)!.expired, true);
  // Long 2 at 5.000, settled at 5.100: +100 ticks × 2 lots × USD 10 a tick = USD 2,000 = 200,000 cents.
  const fees = exchange.instrument(symbol)!.product.fees;
  const makerFeeMinor = decimalToUnits(fees.makerPerLot, 2)!;
  const takerFeeMinor = decimalToUnits(fees.takerPerLot, 2)!;
  const start = 10_000_000_00n;
  assert.equal(exchange.clearing.cashMinor(a, 'USD') - start, 200_000n - 2n * makerFeeMinor);
  assert.equal(exchange.clearing.cashMinor(b, 'USD') - start, -200_000n - 2n * takerFeeMinor);
  const late = send(limitOrder(a, symbol, Side.buy, 5000, 1));
  assert.equal(late.rejection?.code, Reason.seriesExpired);
});

test('an unmet margin call past its deadline is liquidated into the book; the loss beyond equity leaves the account', () => {
  const { exchange, symbols, send } = testbed(0);
  const symbol = symbols.find((s) => s.startsWith('TKF'))!;
  const open = (name: string, usdMinor: bigint) => {
    const accountId = (send({ type: 'createAccount', name, accountType: 'speculator' }).result as { accountId: number }).accountId;
    send({ type: 'deposit', accountId, currency: 'USD', amountMinor: usdMinor });
    return accountId;
  };
  // A: long 10 TKF at 5.000 (initial margin 12% of 10 × 5 × 10,000 = USD 60,000) on USD 65,000.
  const a = open('thin-long', 65_000_00n);
  const b = open('seller', 10_000_000_00n);
  const c = open('bidder', 10_000_000_00n);
  send(limitOrder(b, symbol, Side.sell, 5000, 10));
  assert.equal(send(limitOrder(a, symbol, Side.buy, 5000, 10)).rejection, undefined);
  // The market falls to 4.600: settlement marks A down 400 ticks × 10 lots × USD 10 = USD 40,000.
  send(limitOrder(b, symbol, Side.sell, 4600, 1));
  send(limitOrder(c, symbol, Side.buy, 4600, 1));
  const settled = send({ type: 'settleDay', isoDate: '2026-11-25', closingWindowStartMicros: exchange.tsMicros - 500 });
  const calls = (settled.result as { marginCalls: { accountId: number; deadlineMicros: number }[] }).marginCalls;
  const call = calls.find((m) => m.accountId === a);
  assert.ok(call, 'A is called: equity about USD 25,000 under maintenance about USD 44,000');
  // Only deep bids: C at 4.150, inside tomorrow's limits (4.600 ± 10% = 4.140 .. 5.060).
  send(limitOrder(c, symbol, Side.buy, 4150, 10));
  const early = exchange.submit({ type: 'marginCheck', deadlineMicros: call.deadlineMicros }, exchange.tsMicros + 1000);
  assert.deepEqual((early.result as { liquidationOrders: number[] }).liquidationOrders, [], 'nothing happens before the deadline');
  const late = exchange.submit({ type: 'marginCheck', deadlineMicros: call.deadlineMicros + 1 }, call.deadlineMicros + 1);
  const orders = (late.result as { liquidationOrders: number[] }).liquidationOrders;
  assert.equal(orders.length, 1);
  assert.equal(exchange.orders.get(orders[0]!)!.status, 'filled', 'sold 10 at the limit down, filled at the bid');
  assert.equal(exchange.clearing.positionLots(a, symbol), 0);
  assert.equal(exchange.clearing.positionLots(c, symbol), 11);
  // Sold at 4.150 against a 4.600 mark: a further USD 45,000 loss on about USD 25,000 of equity. The account
  // ends at zero; the rest went to its member and then the default fund.
  assert.equal(exchange.clearing.cashMinor(a, 'USD'), 0n);
  assert.equal(exchange.clearing.account(a)!.status, 'reduceOnly');
  const refused = exchange.submit(limitOrder(a, symbol, Side.buy, 4600, 1), exchange.tsMicros + 1);
  assert.ok(refused.rejection, 'a reduce-only account cannot open a position');
});

test('expireDue expires GTD orders whose time has come, in a series nobody else touches, and nothing early', () => {
  const { exchange, accounts, symbols, send } = testbed(1);
  const [a] = accounts as [number];
  const quiet = symbols.find((s) => s.startsWith('GPH'))!;
  const gtd = { ...limitOrder(a, quiet, Side.buy, exchange.instrument(quiet)!.engine.limitDownTicks, 2, TimeInForce.GTD), expireTsMicros: exchange.tsMicros + 50_000 };
  const placed = send(gtd);
  assert.equal(placed.rejection, undefined);
  assert.equal(exchange.gtdExpiryNextMicros(), gtd.expireTsMicros);
  const early = send({ type: 'expireDue' });
  assert.ok(early.seq > 0);
  assert.deepEqual(early.events, [], 'nothing is due yet');
  assert.equal(exchange.orders.get(placed.orderId!)!.status, 'new');
  const due = exchange.submit({ type: 'expireDue' }, gtd.expireTsMicros);
  const cancels = due.events.filter((e) => e.event.kind === 'cancelled');
  assert.deepEqual(cancels.map((e) => [e.symbol, (e.event as { orderId: number }).orderId]), [[quiet, placed.orderId]]);
  assert.equal(exchange.orders.get(placed.orderId!)!.status, 'cancelled');
  assert.equal(exchange.instrument(quiet)!.engine.bestBidTicks(), 0, 'the book is empty');
  assert.ok(due.bookUpdates.some((u) => u.symbol === quiet), 'market data sees the level go');
  assert.equal(exchange.gtdExpiryNextMicros(), Infinity);
});
