import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runStats, runVerify } from './cli.js';
import { encodeAdmin } from './admin-codec.js';
import { segmentFileName } from './format.js';
import { recordHeaderBytes, segmentHeaderBytes } from './limits.js';
import { journalDir, snapshotDir } from './paths.js';
import { openJournal } from './reader.js';
import { RecordType } from './record-types.js';
import { snapshotFileName, writeSnapshot } from './snapshot-store.js';
import { recordsFor, withTempDir } from './testing.js';
import { JournalWriter } from './writer.js';

const mainTs = new URL('../cli/main.ts', import.meta.url).pathname;

async function makeDataDir(dataDir: string): Promise<void> {
  const writer = JournalWriter.open(journalDir(dataDir));
  for (let first = 1; first <= 30; first += 10) writer.appendBatchSync(recordsFor(first, 10));
  await writer.append(RecordType.admin, 31, 1_700_000_000_001_000, encodeAdmin({ type: 'deposit', accountId: 1, amountMinor: 5n }));
  await writer.close();
  await writeSnapshot(snapshotDir(dataDir), 20, { seq: 20 });
}

function capture(): { lines: string[]; print: (line: string) => void } {
  const lines: string[] = [];
  return { lines, print: (line) => void lines.push(line) };
}

test('verify on a healthy data dir: counts, seq range, snapshots; exit 0', () =>
  withTempDir(async (dataDir) => {
    await makeDataDir(dataDir);
    const out = capture();
    assert.equal(runVerify(dataDir, false, out.print), 0);
    assert.equal(out.lines[0], 'ok: 31 records in 1 segments, seq 1..31');
    assert.match(out.lines[1]!, /^snapshot seq 20: valid/);
  }));

test('verify names the offset of a corrupt record and exits 1; stats does too', () =>
  withTempDir(async (dataDir) => {
    await makeDataDir(dataDir);
    const file = join(journalDir(dataDir), segmentFileName(1));
    const bytes = readFileSync(file);
    const offset = segmentHeaderBytes + 4 * (recordHeaderBytes + 24);
    bytes[offset + 30] = bytes[offset + 30]! ^ 0xff;
    writeFileSync(file, bytes);
    const out = capture();
    assert.equal(runVerify(dataDir, false, out.print), 1);
    assert.match(out.lines[0]!, new RegExp(`^CORRUPT ${file} at byte offset ${offset}: record checksum mismatch`));
    const json = capture();
    assert.equal(runVerify(dataDir, true, json.print), 1);
    const { corruption } = JSON.parse(json.lines[0]!);
    assert.deepEqual([corruption.file, corruption.offset], [file, offset]);
    const stats = capture();
    assert.equal(runStats(dataDir, false, stats.print), 1);
    assert.match(stats.lines[0]!, /^CORRUPT .* at byte offset/);
  }));

test('verify reports a torn tail without touching it, and an invalid snapshot', () =>
  withTempDir(async (dataDir) => {
    await makeDataDir(dataDir);
    const file = join(journalDir(dataDir), segmentFileName(1));
    // The writer keeps zeros allocated after the records: cut into the last record itself.
    const recordsEnd = openJournal(journalDir(dataDir)).segments[0]!.validBytes;
    truncateSync(file, recordsEnd - 3);
    const size = recordsEnd;
    truncateSync(join(snapshotDir(dataDir), snapshotFileName(20)), 45);
    const out = capture();
    assert.equal(runVerify(dataDir, false, out.print), 0);
    assert.equal(out.lines[0], 'ok: 30 records in 1 segments, seq 1..30');
    assert.match(out.lines[1]!, /^torn tail: .* bytes \(record of \d+ bytes runs past/);
    assert.match(out.lines[2]!, /^snapshot seq 20: INVALID \(file is 45 bytes, header says/);
    assert.equal(readFileSync(file).length, size - 3, 'verify is read-only');
  }));

test('stats: records by type, bytes, seq and time ranges, segments', () =>
  withTempDir(async (dataDir) => {
    await makeDataDir(dataDir);
    const out = capture();
    assert.equal(runStats(dataDir, true, out.print), 0);
    const report = JSON.parse(out.lines[0]!);
    assert.deepEqual(report.byType.map((t: { name: string; records: number }) => [t.name, t.records]), [['engineCommand', 30], ['admin', 1]]);
    assert.deepEqual([report.firstSeq, report.lastSeq, report.records, report.segments.length], [1, 31, 31, 1]);
    assert.deepEqual([report.firstTsMicros, report.lastTsMicros], [1_700_000_000_000_010, 1_700_000_000_001_000]);
    assert.equal(report.bytes, readFileSync(join(journalDir(dataDir), segmentFileName(1))).length);
  }));

test('verify fails on a hole in the last batch (intact records after the damage), which start-up would refuse', () =>
  withTempDir(async (dataDir) => {
    const writer = JournalWriter.open(journalDir(dataDir));
    writer.appendBatchSync(recordsFor(1, 20));
    writer.appendBatchSync(recordsFor(21, 10));
    await writer.close();
    const file = join(journalDir(dataDir), segmentFileName(1));
    const bytes = readFileSync(file);
    const offset = segmentHeaderBytes + 22 * (recordHeaderBytes + 24); // seq 23 of the last batch 21..30
    bytes[offset + 30] = bytes[offset + 30]! ^ 0xff;
    writeFileSync(file, bytes);
    const out = capture();
    assert.equal(runVerify(dataDir, false, out.print), 1);
    assert.equal(out.lines[0], 'NOT OK: 22 records in 1 segments, seq 1..22');
    assert.match(out.lines[1]!, new RegExp(`^WARNING: hole in the last batch: .* at byte offset ${offset} .* followed by 7 intact records`));
  }));

test('the tokex command line runs journal verify and stats', () =>
  withTempDir(async (dataDir) => {
    await makeDataDir(dataDir);
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', mainTs, 'journal', ...args, '--data-dir', dataDir], { encoding: 'utf8' });
    const verify = run('verify');
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(verify.stdout, /^ok: 31 records in 1 segments, seq 1\.\.31$/m);
    const stats = run('stats');
    assert.equal(stats.status, 0, stats.stderr);
    assert.match(stats.stdout, /engineCommand \(type 1\): 30 records/);
    assert.match(stats.stdout, /journal-000001\.tkj: \d+ bytes \(\d+ of them zero fill, allocated ahead\), 31 records/);
    assert.match(stats.stdout, /time 2023-11-14T22:13:20\.000Z \.\. 2023-11-14T22:13:20\.001Z/);
    const missing = spawnSync(process.execPath, ['--import', 'tsx', mainTs, 'journal', 'verify', '--data-dir', join(dataDir, 'nope')], { encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stdout, /no journal directory/);
    const out = capture();
    assert.equal(runStats(join(dataDir, 'nope'), false, out.print), 1);
    assert.deepEqual(out.lines, [`no journal directory at ${journalDir(join(dataDir, 'nope'))}`]);
  }));
