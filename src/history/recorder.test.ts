import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isOpen } from '../exchange/orders.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { HistoryQueries } from './queries.js';
import { rebuildHistory } from './rebuild.js';
import { HistoryRecorder } from './recorder.js';
import { openHistoryReadOnly, historyFile } from './schema.js';
import { burst, dumpTables, openService, sessionDate, startSession } from './testing/session.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tokex-history-'));
}

function rebuiltDump(dir: string): Record<string, unknown[]> {
  const report = rebuildHistory({ dataDir: dir, catalogue: defaultCatalogue() });
  assert.ok(report.counts.commands > 0);
  const db = openHistoryReadOnly(historyFile(dir));
  try {
    return dumpTables(db);
  } finally {
    db.close();
  }
}

test('the live recorder equals a rebuild from the journal; fills are traded lots × 2; ledger, cash and orders agree with the exchange', async () => {
  const dir = tempDir();
  try {
    const service = await openService(dir);
    const recorder = HistoryRecorder.attach(service, { dataDir: dir });
    let tradedLots = 0;
    let tradeEvents = 0;
    service.onOutcome((_command, outcome) => {
      for (const { event } of outcome.events) if (event.kind === 'trade') { tradedLots += event.qtyLots; tradeEvents++; }
    });
    const session = await startSession(service, 11);
    await session.simulation.run(250);
    await burst(session, 400, 5);
    assert.ok(recorder.lastSeq < service.exchange.seq, 'the burst is not recorded synchronously: the model lags the sequencer');
    const settled = await service.submit({ type: 'settleDay', isoDate: sessionDate, closingWindowStartMicros: 0 });
    assert.equal(settled.rejection, undefined);
    const expiring = session.symbols[0]!;
    const final = await service.submit({ type: 'finalSettle', symbol: expiring, priceTicks: service.exchange.instrument(expiring)!.engine.referencePriceTicks + 7 });
    assert.equal(final.rejection, undefined);
    await recorder.flush();

    assert.equal(recorder.lastSeq, service.exchange.seq);
    assert.equal(recorder.replica.stateHash(), service.exchange.stateHash(), 'the replica the rows come from is the live state');
    assert.ok(tradeEvents > 50, `${tradeEvents} trades`);
    const q = new HistoryQueries(recorder.db);
    const sum = (sql: string): number => Number((recorder.db.prepare(sql).get() as { n: number | null }).n ?? 0);
    assert.equal(sum('SELECT COUNT(*) AS n FROM trades'), tradeEvents);
    assert.equal(sum('SELECT SUM(qty_lots) AS n FROM fills'), tradedLots * 2, 'every trade is two fills, one per side');
    assert.equal(sum("SELECT SUM(qty_lots) AS n FROM fills WHERE liquidity = 'maker'"), tradedLots);

    // The ledger: every entry balances, every currency sums to zero, nothing missing, cash equals clearing's.
    const live = service.exchange.clearing;
    assert.equal(sum('SELECT COUNT(*) AS n FROM ledger_entries'), live.internals().ledger.entryCount());
    assert.equal(sum('SELECT COUNT(*) AS n FROM (SELECT entry_id FROM ledger_legs GROUP BY entry_id HAVING SUM(amount_minor) != 0)'), 0);
    for (const total of q.ledgerTotals()) assert.equal(total.totalMinor, 0n, `${total.currency} ledger sums to zero`);
    assert.ok(q.ledgerTotals().some((t) => t.entries > 0));
    assert.ok(sum("SELECT COUNT(*) AS n FROM ledger_entries WHERE kind = 'variationMargin'") > 0);
    assert.ok(sum("SELECT COUNT(*) AS n FROM ledger_entries WHERE kind = 'finalSettlement'") > 0);
    for (const accountId of session.accounts) {
      for (const currency of ['USD', 'CNY'] as const) {
        const [latest] = q.ledgerOf(accountId, { currency, limit: 1 });
        assert.equal(latest?.balanceMinor, live.cashMinor(accountId, currency), `cash of account ${accountId} in ${currency}`);
      }
    }
    // Orders: the latest status of every order equals the exchange's order store.
    let compared = 0;
    for (const order of service.exchange.orders.all()) {
      const row = q.order(order.orderId);
      assert.ok(row, `order ${order.orderId} recorded`);
      assert.deepEqual([row.status, row.filledLots, row.qtyLots, row.priceTicks], [order.status, order.filledLots, order.qtyLots, order.priceTicks], `order ${order.orderId}`);
      compared++;
    }
    assert.equal(sum('SELECT COUNT(*) AS n FROM orders'), compared);
    const statuses = new Set([...service.exchange.orders.all()].map((o) => (isOpen(o) ? 'open' : o.status)));
    for (const status of ['open', 'filled', 'cancelled'] as const) assert.ok(statuses.has(status), `some order is ${status}`);
    assert.equal(q.finalSettlements()[0]?.symbol, expiring);
    assert.equal(q.settlementPrices(sessionDate).length, sum(`SELECT COUNT(*) AS n FROM settlement_prices`));

    const liveDump = dumpTables(recorder.db);
    recorder.close();
    await service.close();
    assert.deepEqual(rebuiltDump(dir), liveDump, 'rebuild gives the same rows');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a recorder closed midway, the service trading on without it, catches up exactly once on reattach (from a snapshot)', async () => {
  const dir = tempDir();
  try {
    let service = await openService(dir);
    const first = HistoryRecorder.attach(service, { dataDir: dir });
    const session = await startSession(service, 12);
    await session.simulation.run(80);
    const snapshot = await service.snapshot();
    await session.simulation.run(80);
    await burst(session, 150, 6);
    first.close(); // mid-lag: some of the burst recorded, some not
    const recordedAtClose = first.lastSeq;
    assert.ok(recordedAtClose > snapshot.seq && recordedAtClose < service.exchange.seq, `closed at ${recordedAtClose}, snapshot ${snapshot.seq}, seq ${service.exchange.seq}`);
    await session.simulation.run(80);
    await service.close();

    service = await openService(dir, Date.UTC(2026, 10, 25, 18, 0) * 1000);
    const second = HistoryRecorder.attach(service, { dataDir: dir });
    const again = await startSessionAgain(service);
    await burst(again, 100, 7);
    await second.flush();
    assert.equal(second.lastSeq, service.exchange.seq);
    assert.equal(second.replica.stateHash(), service.exchange.stateHash());
    const liveDump = dumpTables(second.db);
    second.close();
    await service.close();
    assert.deepEqual(rebuiltDump(dir), liveDump, 'no seq recorded twice or skipped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a recorder refuses a history file ahead of the journal, and a history recorded under another session mode', async () => {
  const dir = tempDir();
  try {
    const service = await openService(dir);
    const recorder = HistoryRecorder.attach(service, { dataDir: dir });
    await startSession(service, 13);
    await recorder.flush();
    recorder.close();
    await service.close();
    assert.throws(() => HistoryRecorder.open({ dataDir: dir, catalogue: defaultCatalogue(), sessions: 'real' }), /recorded with sessions always-open.*tokex rebuild/);
    rmSync(join(dir, 'journal'), { recursive: true });
    assert.throws(() => HistoryRecorder.open({ dataDir: dir, catalogue: defaultCatalogue(), sessions: 'always-open' }), /recorded up to seq \d+ but the journal ends at 0/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The accounts and series of a reopened journal: the cast's accounts are 1..8 (opened first, in order). */
async function startSessionAgain(service: Awaited<ReturnType<typeof openService>>): Promise<Parameters<typeof burst>[0]> {
  const symbols = service.exchange.allInstruments().filter((i) => !i.expired).slice(0, 4).map((i) => i.symbol);
  return { service, simulation: undefined as never, symbols, accounts: [1, 2, 3, 4, 5, 6, 7, 8] };
}
