import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Side, TimeInForce } from '../engine/protocol.js';
import { limitOrder } from '../exchange/testkit.js';
import { journalDir, openJournal } from '../journal/index.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { ExchangeService } from './exchange-service.js';

function clockFrom(startMicros: number): () => number {
  let now = startMicros;
  return () => (now += 10);
}

async function openService(dataDir: string): Promise<ExchangeService> {
  return ExchangeService.open({ dataDir, catalogue: defaultCatalogue(), sessions: 'always-open', clock: clockFrom(Date.UTC(2026, 10, 25, 15) * 1000) });
}

async function tradeSome(service: ExchangeService, orders: number): Promise<{ accounts: number[]; symbol: string }> {
  const listed = await service.ensureListed('2026-11-25');
  const symbol = listed.find((s) => s.startsWith('GPH'))!;
  const accounts: number[] = [];
  for (const name of ['lab', 'cloud']) {
    const created = await service.submit({ type: 'createAccount', name, accountType: 'speculator' });
    const accountId = (created.result as { accountId: number }).accountId;
    await service.submit({ type: 'deposit', accountId, currency: 'USD', amountMinor: 5_000_000_000n });
    accounts.push(accountId);
  }
  // Not awaited one by one: the answers of a batch arrive together, and the queue must keep their order.
  const pending = [];
  for (let i = 0; i < orders; i++) {
    const side = i % 2 === 0 ? Side.buy : Side.sell;
    pending.push(service.submit(limitOrder(accounts[i % 2]!, symbol, side, 2200 + ((i * 7) % 11) - 5, 1 + (i % 3))));
  }
  const outcomes = await Promise.all(pending);
  const seqs = outcomes.filter((o) => o.seq > 0).map((o) => o.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'answers in sequence order');
  return { accounts, symbol };
}

test('every acknowledged command survives a restart: replay gives the same state hash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-service-'));
  try {
    const first = await openService(dir);
    const published: number[] = [];
    first.onOutcome((_c, o) => published.push(o.seq));
    await tradeSome(first, 20_000);
    assert.ok(first.exchange.allInstruments().some((i) => i.trades.length > 0), 'the flow traded');
    const hash = first.exchange.stateHash();
    const seq = first.exchange.seq;
    assert.deepEqual(published, Array.from({ length: seq }, (_, i) => i + 1), 'published once each, in order, after durability');
    await first.close();
    const second = await openService(dir);
    assert.equal(second.recovery.commandsReplayed, seq);
    assert.equal(second.exchange.stateHash(), hash);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a torn tail is cut back to the last whole record and the rest replays', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-service-'));
  try {
    const first = await openService(dir);
    await tradeSome(first, 50);
    const seq = first.exchange.seq;
    await first.close();
    // Cut into the last record itself (the zeros the journal allocates after its records are not records).
    const last = openJournal(journalDir(dir)).segments.at(-1)!;
    truncateSync(last.file, last.validBytes - 5);
    const second = await openService(dir);
    assert.equal(second.exchange.seq, seq - 1, 'the cut record is gone, everything before it is back');
    assert.match(second.recovery.tornTail ?? '', /at byte/);
    // Appends continue after the recovered sequence.
    const outcome = await second.submit({ type: 'createAccount', name: 'late', accountType: 'hedger' });
    assert.equal(outcome.seq, seq);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('recovery starts from the newest valid snapshot and replays only the journal after it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-service-'));
  try {
    const first = await openService(dir);
    const { accounts, symbol } = await tradeSome(first, 3_000);
    const seqBefore = first.exchange.seq;
    // Orders keep arriving while the snapshot is taken: it must hold exactly the commands durable at its seq.
    const during = Array.from({ length: 200 }, (_, i) => first.submit(limitOrder(accounts[i % 2]!, symbol, i % 2 === 0 ? Side.buy : Side.sell, 2195 + (i % 9), 1)));
    const snap = await first.snapshot();
    await Promise.all(during);
    assert.ok(snap.seq >= seqBefore && snap.seq <= first.exchange.seq, `snapshot at seq ${snap.seq}`);
    await tradeMore(first, accounts, symbol, 500);
    const hash = first.exchange.stateHash();
    const seq = first.exchange.seq;
    await first.close();

    const second = await openService(dir);
    assert.equal(second.recovery.snapshotSeq, snap.seq, JSON.stringify(second.recovery));
    assert.equal(second.recovery.commandsReplayed, seq - snap.seq);
    assert.equal(second.exchange.stateHash(), hash);
    // The restored exchange goes on trading exactly as the original would have.
    const created = await second.submit({ type: 'createAccount', name: 'newcomer', accountType: 'speculator' });
    const newcomer = (created.result as { accountId: number }).accountId;
    const funded = await second.submit({ type: 'deposit', accountId: newcomer, currency: 'USD', amountMinor: 1_000_000_000n });
    const later = await second.submit(limitOrder(newcomer, symbol, Side.buy, 2200, 1));
    assert.equal(funded.seq, seq + 2);
    assert.equal(later.seq, seq + 3, JSON.stringify(later.rejection));
    const snap2 = await second.snapshot();
    await second.close();

    // A damaged newest snapshot is passed over (and said so); the older one plus the journal give the same state.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(snap2.file, 'garbage');
    const third = await openService(dir);
    assert.equal(third.recovery.snapshotSeq, snap.seq);
    assert.equal(third.recovery.snapshotsSkipped.length, 1);
    assert.equal(third.exchange.seq, seq + 3);
    await third.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function tradeMore(service: ExchangeService, accounts: number[], symbol: string, orders: number): Promise<void> {
  await Promise.all(Array.from({ length: orders }, (_, i) => service.submit(limitOrder(accounts[i % 2]!, symbol, i % 2 === 0 ? Side.buy : Side.sell, 2196 + (i % 7), 1 + (i % 2)))));
}

test('snapshots are taken every N commands on their own, the newest three kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-service-'));
  try {
    const service = await ExchangeService.open({ dataDir: dir, catalogue: defaultCatalogue(), sessions: 'always-open', clock: clockFrom(Date.UTC(2026, 10, 25, 15) * 1000), snapshotEveryCommands: 400 });
    const { accounts } = await tradeSome(service, 300);
    // Waves of deposits (always sequenced): each wave's answers arrive as one durable batch.
    for (let wave = 0; wave < 12; wave++) {
      await Promise.all(Array.from({ length: 150 }, () => service.submit({ type: 'deposit', accountId: accounts[0]!, currency: 'USD', amountMinor: 1n })));
      await service.snapshotSettled();
    }
    const hash = service.exchange.stateHash();
    await service.close();
    assert.equal(service.snapshotError, undefined);
    const snapshots = () => readdirSync(join(dir, 'snapshots')).filter((f) => f.endsWith('.tks'));
    // Each wave waits for the snapshot it started, so about one in three waves takes one: more than three in all.
    assert.equal(snapshots().length, 3, snapshots().join(', '));
    const again = await openService(dir);
    assert.ok(again.recovery.snapshotSeq >= 1_000, `recovered from seq ${again.recovery.snapshotSeq}`);
    assert.equal(again.exchange.stateHash(), hash);
    for (let i = 0; i < 3; i++) {
      await again.submit({ type: 'createAccount', name: `n${i}`, accountType: 'hedger' });
      await again.snapshot();
    }
    assert.equal(snapshots().length, 3, 'the newest three are kept');
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the session mode travels in the listing command: a replay under the other mode rebuilds the same state', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-service-'));
  try {
    const real = await ExchangeService.open({ dataDir: dir, catalogue: defaultCatalogue(), sessions: 'real', clock: clockFrom(Date.UTC(2026, 10, 25, 15) * 1000) });
    await real.ensureListed('2026-11-25');
    const hash = real.exchange.stateHash();
    assert.ok(real.exchange.allInstruments().every((i) => i.engine.phase === 0), 'real sessions list series closed');
    await real.close();
    const other = await openService(dir);
    assert.equal(other.exchange.stateHash(), hash);
    await other.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('margin checks run on a timer as sequenced commands, and stop with the service', async () => {
  const service = await ExchangeService.open({ catalogue: defaultCatalogue(), sessions: 'always-open', clock: clockFrom(Date.UTC(2026, 10, 25, 15) * 1000), marginCheckEveryMs: 20 });
  await service.ensureListed('2026-11-25');
  const checked: number[] = [];
  service.onOutcome((command, outcome) => {
    if (command.type === 'marginCheck') checked.push(outcome.seq);
  });
  while (checked.length < 2) await new Promise((r) => setTimeout(r, 10));
  await service.close();
  const after = checked.length;
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(checked.length, after, 'no check after close');
});

test('a GTD order in a quiet series expires on the service timer; the sweep is journalled, so a replay has the same state', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-service-'));
  try {
    let nowMicros = Date.UTC(2026, 10, 25, 15) * 1000;
    const clock = () => (nowMicros += 10);
    const options = { dataDir: dir, catalogue: defaultCatalogue(), sessions: 'always-open' as const, clock, gtdSweepEveryMs: 10 };
    const service = await ExchangeService.open(options);
    const listed = await service.ensureListed('2026-11-25');
    const symbol = listed.find((s) => s.startsWith('GPH'))!;
    const created = await service.submit({ type: 'createAccount', name: 'lab', accountType: 'speculator' });
    const accountId = (created.result as { accountId: number }).accountId;
    await service.submit({ type: 'deposit', accountId, currency: 'USD', amountMinor: 5_000_000_000n });
    const price = service.exchange.instrument(symbol)!.engine.limitDownTicks;
    const expireTsMicros = nowMicros + 1_000_000;
    const placed = await service.submit({ ...limitOrder(accountId, symbol, Side.buy, price, 1), timeInForce: TimeInForce.GTD, expireTsMicros });
    const sweeps: number[] = [];
    service.onOutcome((command, outcome) => {
      if (command.type === 'expireDue') sweeps.push(outcome.events.length);
    });
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(sweeps, [], 'nothing is journalled while no order is due');
    assert.equal(service.exchange.orders.get(placed.orderId!)!.status, 'new');
    nowMicros = expireTsMicros;
    // The listener hears the sweep once it is durable (the state changed when it was sequenced).
    for (let waited = 0; sweeps.length === 0 && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    assert.equal(service.exchange.orders.get(placed.orderId!)!.status, 'cancelled', 'expired by the timer, with no other command in the series');
    assert.equal(sweeps[0], 1, 'one sweep, one cancel');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(sweeps.length, 1, 'no sweep once nothing is due');
    const hash = service.exchange.stateHash();
    await service.close();
    const replayed = await ExchangeService.open({ ...options, gtdSweepEveryMs: 0 });
    assert.equal(replayed.exchange.stateHash(), hash);
    assert.equal(replayed.exchange.orders.get(placed.orderId!)!.status, 'cancelled');
    await replayed.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
