import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvariantError } from '../core/assert.js';
import { JournalBackpressureError } from './errors.js';
import { collectRecords, openJournal } from './reader.js';
import { payloadFor, recordsFor, withTempDir } from './testing.js';
import { JournalWriter } from './writer.js';

test('records appended synchronously read back identically, across a reopen', () =>
  withTempDir(async (dir) => {
    const records = recordsFor(1, 50);
    const writer = JournalWriter.open(dir);
    writer.appendBatchSync(records.slice(0, 20));
    writer.appendBatchSync(records.slice(20));
    await writer.close();
    assert.deepEqual(collectRecords(dir), records);
    const reopened = JournalWriter.open(dir);
    assert.equal(reopened.lastSeq, 50);
    assert.equal(reopened.recovery.tail, null);
    reopened.appendBatchSync(recordsFor(51, 5));
    await reopened.close();
    assert.deepEqual(collectRecords(dir).map((r) => r.seq), Array.from({ length: 55 }, (_, i) => i + 1));
  }));

test('many concurrent appends are group-committed: fewer syncs than appends, all resolved, order kept', () =>
  withTempDir(async (dir) => {
    const writer = JournalWriter.open(dir);
    const resolvedOrder: number[] = [];
    const appends: Promise<void>[] = [];
    for (let seq = 1; seq <= 2000; seq++) {
      appends.push(writer.append(1, seq, seq * 10, payloadFor(seq)).then(() => void resolvedOrder.push(seq)));
      // Let some appends arrive while a batch is in flight, so more than one batch forms.
      if (seq % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(appends);
    const stats = writer.stats;
    assert.equal(stats.records, 2000);
    assert.ok(stats.syncs >= 2 && stats.syncs < 100, `expected a few group commits, got ${stats.syncs} syncs`);
    assert.equal(stats.syncs, stats.batches);
    assert.deepEqual(resolvedOrder, Array.from({ length: 2000 }, (_, i) => i + 1));
    assert.equal(writer.durableSeq, 2000);
    await writer.close();
    const back = collectRecords(dir);
    assert.deepEqual(back.map((r) => r.seq), resolvedOrder);
    assert.deepEqual(back[1234]!.payload, payloadFor(1235));
  }));

test('an append resolves only after its batch is durable', () =>
  withTempDir(async (dir) => {
    const writer = JournalWriter.open(dir);
    const pending = writer.append(1, 1, 10, payloadFor(1));
    assert.equal(writer.durableSeq, 0);
    await pending;
    assert.equal(writer.durableSeq, 1);
    assert.equal(openJournal(dir).lastSeq, 1);
    await writer.close();
  }));

test('a full batch queue refuses appends with backpressure, and they succeed after a flush', () =>
  withTempDir(async (dir) => {
    const writer = JournalWriter.open(dir, { batchRecordsMax: 4 });
    const accepted = [1, 2, 3, 4].map((seq) => writer.append(1, seq, seq, payloadFor(seq)));
    await assert.rejects(writer.append(1, 5, 5, payloadFor(5)), JournalBackpressureError);
    await Promise.all(accepted);
    await writer.append(1, 5, 5, payloadFor(5));
    await writer.close();
    assert.deepEqual(collectRecords(dir).map((r) => r.seq), [1, 2, 3, 4, 5]);
  }));

test('a seq that does not increase is an invariant breach, and nothing is written', () =>
  withTempDir(async (dir) => {
    const writer = JournalWriter.open(dir);
    await writer.append(1, 7, 1, payloadFor(7));
    assert.throws(() => writer.append(1, 7, 2, payloadFor(7)), InvariantError);
    assert.throws(() => writer.appendBatchSync(recordsFor(3, 1)), InvariantError);
    await writer.close();
    assert.deepEqual(collectRecords(dir).map((r) => r.seq), [7]);
  }));

test('segments roll at the size limit, never exceed it, and reading from a seq skips whole segments', () =>
  withTempDir(async (dir) => {
    const options = { segmentBytesMax: 4096, batchBytesMax: 1024 };
    const writer = JournalWriter.open(dir, options);
    for (let first = 1; first <= 300; first += 10) writer.appendBatchSync(recordsFor(first, 10));
    await writer.close();
    const files = readdirSync(dir).sort();
    assert.ok(files.length >= 4, `expected several segments, got ${files.join(', ')}`);
    for (const file of files) assert.ok(statSync(join(dir, file)).size <= 4096);
    assert.deepEqual(collectRecords(dir).map((r) => r.seq), Array.from({ length: 300 }, (_, i) => i + 1));
    const late = openJournal(dir, { fromSeq: 290 });
    assert.ok(late.segmentsSkipped >= 3);
    assert.deepEqual(collectRecords(dir, 290).map((r) => r.seq), [291, 292, 293, 294, 295, 296, 297, 298, 299, 300]);
    const reopened = JournalWriter.open(dir, options);
    assert.equal(reopened.lastSeq, 300);
    await reopened.append(1, 301, 1, payloadFor(301));
    await reopened.close();
    assert.equal(openJournal(dir).lastSeq, 301);
  }));

test('open replays records after a seq while recovering', () =>
  withTempDir(async (dir) => {
    const writer = JournalWriter.open(dir);
    writer.appendBatchSync(recordsFor(1, 30));
    await writer.close();
    const seen: number[] = [];
    const reopened = JournalWriter.open(dir, { replay: { fromSeq: 25, visit: (_type, seq) => void seen.push(seq) } });
    assert.deepEqual(seen, [26, 27, 28, 29, 30]);
    await reopened.close();
  }));
