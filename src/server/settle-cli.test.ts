import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultCatalogue } from '../products/catalogue.js';
import { runDemo } from '../sim/demo.js';
import { ExchangeService } from './exchange-service.js';
import { settleJournal } from './settle-cli.js';

const tokex = join(import.meta.dirname, '..', '..', 'bin', 'tokex.mjs');

test('tokex settle --data-dir settles the journalled day, journals the settlement, and reports per account', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-settle-journal-'));
  try {
    await runDemo({ date: '2026-11-25', steps: 300, seed: 11, tradesShown: 0, dataDir: dir }, () => {}, () => {});
    const before = await ExchangeService.open({ dataDir: dir, catalogue: defaultCatalogue(), sessions: 'always-open', clock: () => 0 });
    const seqBefore = before.exchange.seq;
    await before.close();
    const csv = execFileSync(process.execPath, [tokex, 'settle', '--date', '2026-11-26', '--data-dir', dir, '--format', 'csv'], { encoding: 'utf8' });
    const [header, ...rows] = csv.trim().split('\n');
    assert.match(header!, /^date,accountId,.*variationMarginMinor.*equityMinor/);
    assert.ok(rows.length >= 8, `${rows.length} rows`);
    assert.ok(rows.every((r) => r.startsWith('2026-11-26,')));
    assert.ok(rows.some((r) => /,-?[1-9]\d*,/.test(r)), 'some position or amount is not zero');
    const after = await ExchangeService.open({ dataDir: dir, catalogue: defaultCatalogue(), sessions: 'always-open', clock: () => 0 });
    assert.equal(after.exchange.seq, seqBefore + 1, 'the settlement is in the journal');
    assert.ok(after.exchange.clearing.settlementReport('2026-11-26'), 'replay re-runs the settlement');
    // While a process owns the directory, settle refuses rather than writing a second journal head.
    const refused = spawnSync(process.execPath, [tokex, 'settle', '--date', '2026-11-27', '--data-dir', dir], { encoding: 'utf8' });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /in use by process \d+/);
    await after.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tokex settle refuses bad arguments and an empty data directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-settle-empty-'));
  try {
    const result = spawnSync(process.execPath, [tokex, 'settle', '--date', '2026-13-01', '--data-dir', dir], { encoding: 'utf8' });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /--date must be a calendar date/);
    assert.match(await settleJournal({ date: '2026-02-30', dataDir: dir, format: 'json' }) ?? '', /--date must be a calendar date/, 'a day the month does not have');
    assert.match(await settleJournal({ date: '2026-11-25', dataDir: dir, format: 'xml' }) ?? '', /--format must be json or csv/);
    assert.match(await settleJournal({ date: '2026-11-25', dataDir: dir, format: 'json', closingWindowStart: 'noon' }) ?? '', /--closing-window-start must be an ISO date-time/);
    assert.match(await settleJournal({ date: '2026-11-25', dataDir: dir, format: 'json' }) ?? '', /no journal in/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
