import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeRecord } from '../journal/format.js';
import { JournalWriter } from '../journal/index.js';
import { payloadFor, recordsFor, withTempDir } from '../journal/testing.js';
import { JournalTail } from './journal-tail.js';

function writeJournal(dir: string, count: number): void {
  const writer = JournalWriter.open(dir, { segmentBytesMax: 4096, batchBytesMax: 2048 });
  for (let first = 1; first <= count; first += 10) writer.appendBatchSync(recordsFor(first, Math.min(10, count - first + 1), 100));
  void writer.close();
}

function readAll(tail: JournalTail, seqMax: number, step: number): number[] {
  const seqs: number[] = [];
  while (tail.read(seqMax, step, (type, seq, _ts, payload) => {
    assert.equal(type, 1);
    assert.deepEqual(payload, payloadFor(seq, 100), `payload of ${seq}`);
    seqs.push(seq);
  }) > 0);
  return seqs;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('the tail reads records in order across segments, never past seqMax, a few at a time', () => withTempDir((dir) => {
  writeJournal(dir, 120);
  assert.ok(readdirSync(dir).length >= 3, 'several segments');
  const tail = new JournalTail(dir);
  assert.deepEqual(readAll(tail, 50, 7), range(1, 50));
  assert.equal(tail.seq, 50);
  assert.deepEqual(readAll(tail, 500, 13), range(51, 120));
  tail.close();
  const later = new JournalTail(dir, 90);
  assert.equal(later.seq, 90);
  assert.deepEqual(readAll(later, 500, 100), range(91, 120));
  later.close();
}));

test('a record still being written is not read until it is whole; damage below seqMax is reported with the file', () => withTempDir((dir) => {
  writeJournal(dir, 20);
  const last = join(dir, readdirSync(dir).sort().at(-1)!);
  const record = new Uint8Array(28 + 100);
  encodeRecord(record, 0, 1, 21, 1_700_000_000_000_210, payloadFor(21, 100), 1);
  appendFileSync(last, record.subarray(0, 60));
  const tail = new JournalTail(dir);
  assert.deepEqual(readAll(tail, 1000, 1000), range(1, 20));
  appendFileSync(last, record.subarray(60));
  assert.deepEqual(readAll(tail, 1000, 1000), [21]);
  tail.close();

  const bytes = readFileSync(last);
  bytes[bytes.length - 10]! ^= 0xff;
  writeFileSync(last, bytes);
  const fresh = new JournalTail(dir, 15);
  assert.throws(() => fresh.read(21, 1000, () => {}), (error: Error) => error.message.includes(last) && /checksum/.test(error.message));
  fresh.close();
}));

test('the tail follows a live journal into its zero fill and across segments cut at a roll', () => withTempDir(async (dir) => {
  const writer = JournalWriter.open(dir, { zeroFillAheadBytes: 2 << 20, segmentBytesMax: 48 << 10, batchBytesMax: 8 << 10 });
  const tail = new JournalTail(dir);
  let seq = 0;
  for (let round = 0; round < 30; round++) {
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) pending.push(writer.append(1, ++seq, 1_700_000_000_000_000 + seq, payloadFor(seq, 100)));
    await Promise.all(pending);
    // Durable up to seq: the tail reads exactly those, however much zero fill it read past them before.
    assert.deepEqual(readAll(tail, seq, 1000), range(seq - 39, seq), `round ${round}`);
  }
  assert.ok(writer.stats.zeroFillBytes > 0, 'the writer allocated zero fill ahead');
  assert.ok(readdirSync(dir).length >= 3, 'several segments');
  tail.close();
  await writer.close();
}));
