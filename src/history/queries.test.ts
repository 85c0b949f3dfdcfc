import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Side } from '../engine/protocol.js';
import { limitOrder } from '../exchange/testkit.js';
import { runHistory, runRebuild } from './cli.js';
import { HistoryQueries } from './queries.js';
import { HistoryRecorder } from './recorder.js';
import { openService, sessionDate } from './testing/session.js';

/** Two accounts, one partial fill at the maker's price, a cancel, a resting order, a settlement. */
async function scriptedDay(dir: string): Promise<{ a: number; b: number; symbol: string; buyId: number; sellRestId: number; referenceTicks: number }> {
  const service = await openService(dir);
  const recorder = HistoryRecorder.attach(service, { dataDir: dir });
  await service.ensureListed(sessionDate);
  const symbol = service.exchange.allInstruments().find((i) => i.product.code === 'TKF')!.symbol;
  const referenceTicks = service.exchange.instrument(symbol)!.engine.referencePriceTicks;
  const ids: number[] = [];
  for (const name of ['alice', 'bob']) {
    const created = await service.submit({ type: 'createAccount', name, accountType: 'speculator' });
    const accountId = (created.result as { accountId: number }).accountId;
    await service.submit({ type: 'deposit', accountId, currency: 'USD', amountMinor: 1_000_000_00n });
    ids.push(accountId);
  }
  const [a, b] = ids as [number, number];
  const buy = await service.submit(limitOrder(a, symbol, Side.buy, referenceTicks, 5));
  await service.submit(limitOrder(b, symbol, Side.sell, referenceTicks, 3));
  await service.submit({ type: 'cancel', accountId: a, orderId: buy.orderId! });
  const sellRest = await service.submit(limitOrder(b, symbol, Side.sell, referenceTicks + 4, 2));
  await service.submit({ type: 'settleDay', isoDate: sessionDate, closingWindowStartMicros: 0 });
  await recorder.flush();
  recorder.close();
  await service.close();
  return { a, b, symbol, buyId: buy.orderId!, sellRestId: sellRest.orderId!, referenceTicks };
}

test('queries answer per account and per series, newest first, with the status history, fees and cash balances', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-history-q-'));
  try {
    const { a, b, symbol, buyId, sellRestId, referenceTicks } = await scriptedDay(dir);
    const q = HistoryQueries.open(dir);
    try {
      const [cancelled] = q.ordersOf(a, { status: 'cancelled' });
      assert.deepEqual([cancelled?.orderId, cancelled?.filledLots, cancelled?.qtyLots, cancelled?.side], [buyId, 3, 5, 'buy']);
      assert.deepEqual(q.ordersOf(a, { status: 'open' }), []);
      assert.deepEqual(q.ordersOf(b, { status: 'open' }).map((o) => o.orderId), [sellRestId]);
      assert.deepEqual(q.ordersOf(b).map((o) => o.status), ['new', 'filled'], 'newest first');
      assert.deepEqual(q.ordersOf(b, { symbol: 'NOPE' }), []);
      assert.deepEqual(q.orderEvents(buyId).map((e) => [e.kind, e.qtyLots, e.leavesLots]), [['accepted', 5, 5], ['trade', 3, 2], ['cancelled', 2, 0]]);

      const [makerFill] = q.fillsOf(a);
      const [takerFill] = q.fillsOf(b, { symbol });
      assert.deepEqual([makerFill?.liquidity, makerFill?.side, makerFill?.qtyLots, makerFill?.priceTicks], ['maker', 'buy', 3, referenceTicks]);
      assert.deepEqual([takerFill?.liquidity, takerFill?.side, takerFill?.tradeId], ['taker', 'sell', makerFill?.tradeId]);
      assert.equal(makerFill?.feeMinor, 50n * 3n, 'TKF maker fee 0.50 per lot');
      assert.equal(makerFill?.fee, '1.50');

      const trades = q.tradesOf(symbol);
      assert.deepEqual(trades.map((t) => [t.qtyLots, t.aggressorSide]), [[3, 'sell']]);
      assert.deepEqual(q.tradesOf(symbol, { before: trades[0]!.tradeId }), []);

      const byDate = q.settlementPrices(sessionDate);
      assert.ok(byDate.length > 1 && byDate.every((p) => p.isoDate === sessionDate));
      const [settled] = q.settlementPrices(symbol);
      assert.equal(settled?.symbol, symbol);

      const ledger = q.ledgerOf(a);
      assert.deepEqual(ledger.map((l) => l.kind).reverse().slice(0, 2), ['deposit', 'fee']);
      assert.equal(ledger.at(-1)?.balanceMinor, 1_000_000_00n);
      for (let i = 0; i + 1 < ledger.length; i++) assert.equal(ledger[i]!.balanceMinor, ledger[i + 1]!.balanceMinor + ledger[i]!.amountMinor, 'running balance');
      assert.equal(q.accounts().length, 2);
      assert.throws(() => q.ordersOf(a, { limit: 0 }), /limit must be a whole number from 1 to 10000, got 0/);
      assert.equal(q.ordersOf(b, { limit: 1 }).length, 1);
    } finally {
      q.close();
    }

    const lines: string[] = [];
    assert.equal(runHistory('fills', { dataDir: dir, account: String(a), json: true }, (l) => lines.push(l)), 0);
    assert.deepEqual(lines.map((l) => JSON.parse(l).feeMinor), ['150'], 'bigint amounts as strings in JSON');
    lines.length = 0;
    assert.equal(runHistory('orders', { dataDir: dir, symbol }, (l) => lines.push(l)), 0);
    assert.match(lines[0]!, /^orderId +accountId +symbol/);
    assert.match(lines.at(-1)!, /^3 orders \(history recorded to seq \d+\)$/);
    lines.length = 0;
    assert.equal(runHistory('positions', { dataDir: dir }, (l) => lines.push(l)), 2);
    assert.equal(runHistory('ledger', { dataDir: dir }, (l) => lines.push(l)), 2);
    assert.equal(runHistory('orders', { dataDir: dir, account: 'x1' }, (l) => lines.push(l)), 2);
    assert.equal(runHistory('trades', { dataDir: join(dir, 'nope') }, (l) => lines.push(l)), 2);
    assert.deepEqual(lines.map((l) => l.replace(dir, 'DIR')), [
      'tokex history: what must be one of orders, fills, trades, settlements, ledger, got "positions"',
      'tokex history: ledger needs --account',
      'tokex history: --account must be a whole number, got "x1"',
      'tokex history: DIR/nope/history.sqlite does not exist: run tokex rebuild --data-dir (or tokex serve with history) first',
    ]);

    lines.length = 0;
    assert.equal(runRebuild({ dataDir: dir, sessions: 'sometimes' }, (l) => lines.push(l), () => {}), 2);
    assert.equal(runRebuild({ dataDir: dir }, (l) => lines.push(l), () => {}), 0);
    assert.equal(lines[0], 'tokex rebuild: --sessions must be real or always-open, got "sometimes"');
    assert.match(lines[1]!, /from the journal: 10 commands to seq 10 in [\d.]+ s \(sessions always-open\)/);
    assert.equal(lines[2], '  accounts 2, orders 3 (6 order events), trades 1, fills 2');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
