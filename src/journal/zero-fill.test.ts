import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, write as fsWrite, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalCorruptError } from './errors.js';
import { encodeRecord, recordFlagBatchStart, segmentFileName } from './format.js';
import { recordHeaderBytes, segmentHeaderBytes, zeroFillChunkBytes } from './limits.js';
import { collectRecords, openJournal } from './reader.js';
import { payloadFor, recordsFor, withTempDir, writeJournal } from './testing.js';
import { JournalWriter } from './writer.js';

const payloadBytes = 24;
const recordSize = recordHeaderBytes + payloadBytes;
const offsetOf = (index: number): number => segmentHeaderBytes + index * recordSize;
const seqsUpTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);


/** Appends asynchronously, one batch per turn, as the server does. */
async function appendAsync(writer: JournalWriter, first: number, count: number, perTurn: number): Promise<void> {
  const pending: Promise<void>[] = [];
  for (let seq = first; seq < first + count; seq++) {
    pending.push(writer.append(1, seq, seq, payloadFor(seq, payloadBytes)));
    if ((seq - first + 1) % perTurn === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(pending);
}

test('zeros after the last record end the records: no tail, nothing truncated, and the writer appends into them', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 5, 1, payloadBytes);
    const file = join(dir, segmentFileName(1));
    appendFileSync(file, new Uint8Array(3000));
    const info = openJournal(dir, { repair: true });
    assert.deepEqual([info.lastSeq, info.tail, info.truncated], [5, null, false]);
    assert.deepEqual([info.segments[0]!.validBytes, info.segments[0]!.zeroFillBytes], [offsetOf(5), 3000]);
    assert.equal(statSync(file).size, offsetOf(5) + 3000);
    const writer = JournalWriter.open(dir, { zeroFillAheadBytes: 0 });
    writer.appendBatchSync(recordsFor(6, 10, payloadBytes));
    await writer.close();
    assert.equal(statSync(file).size, offsetOf(5) + 3000, 'written into the zeros, not after them');
    assert.deepEqual(collectRecords(dir).map((r) => r.seq), seqsUpTo(15));
    assert.equal(openJournal(dir).segments[0]!.zeroFillBytes, 3000 - 10 * recordSize);
  }));

test('a record cut short inside zero fill is a torn tail, truncated at the record', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 5, 1, payloadBytes);
    const file = join(dir, segmentFileName(1));
    const sixth = new Uint8Array(recordSize);
    encodeRecord(sixth, 0, 1, 6, 6, payloadFor(6, payloadBytes), recordFlagBatchStart);
    const torn = new Uint8Array(recordSize + 5000);
    torn.set(sixth.subarray(0, 20)); // the first 20 bytes landed, the rest of its page did not
    appendFileSync(file, torn);
    const info = openJournal(dir, { repair: true });
    assert.deepEqual([info.lastSeq, info.tail?.offset, info.tail?.intactRecordsAfter, info.truncated], [5, offsetOf(5), 0, true]);
    assert.match(info.tail!.reason, /checksum/);
    assert.equal(statSync(file).size, offsetOf(5));
  }));

test('zeros followed by an intact later batch are a hole in acknowledged data: corruption', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 5, 1, payloadBytes);
    const file = join(dir, segmentFileName(1));
    const later = new Uint8Array(recordSize);
    encodeRecord(later, 0, 1, 7, 7, payloadFor(7, payloadBytes), recordFlagBatchStart);
    appendFileSync(file, new Uint8Array(recordSize));
    appendFileSync(file, later);
    appendFileSync(file, new Uint8Array(4096));
    assert.throws(() => openJournal(dir, { repair: true }), (error) => error instanceof JournalCorruptError && error.offset === offsetOf(5) && /later batch starts intact/.test(error.message));
    assert.equal(statSync(file).size, offsetOf(7) + 4096, 'nothing truncated');
  }));

test('zero fill in a segment that is not the last is corruption', () =>
  withTempDir(async (dir) => {
    const writer = JournalWriter.open(dir, { segmentBytesMax: 1024, batchBytesMax: 512, zeroFillAheadBytes: 0 });
    for (let first = 1; first <= 60; first += 5) writer.appendBatchSync(recordsFor(first, 5, payloadBytes));
    await writer.close();
    appendFileSync(join(dir, segmentFileName(1)), new Uint8Array(100));
    assert.throws(() => openJournal(dir), (error) => error instanceof JournalCorruptError && error.file.endsWith(segmentFileName(1)) && /zero fill in a segment that is not the last/.test(error.message));
  }));

test('the writer keeps zeros allocated ahead of its records, and batches land in them', () =>
  withTempDir(async (dir) => {
    const writer = JournalWriter.open(dir, { zeroFillAheadBytes: 4 * zeroFillChunkBytes });
    await appendAsync(writer, 1, 3000, 50);
    const stats = writer.stats;
    await writer.close();
    const file = join(dir, segmentFileName(1));
    const info = openJournal(dir);
    assert.deepEqual(collectRecords(dir).map((r) => r.seq), seqsUpTo(3000));
    assert.equal(info.tail, null);
    assert.ok(stats.zeroFillBytes >= zeroFillChunkBytes, `zero fill written: ${stats.zeroFillBytes}`);
    assert.equal(info.segments[0]!.validBytes, offsetOf(3000));
    assert.equal(statSync(file).size, offsetOf(3000) + info.segments[0]!.zeroFillBytes);
    assert.ok(statSync(file).size >= segmentHeaderBytes + stats.zeroFillBytes, 'records went into allocated space, not after it');
    // Reopened, the writer continues at the end of the records, not at the end of the file.
    const reopened = JournalWriter.open(dir, { zeroFillAheadBytes: 4 * zeroFillChunkBytes });
    assert.equal(reopened.lastSeq, 3000);
    await appendAsync(reopened, 3001, 100, 10);
    await reopened.close();
    assert.deepEqual(collectRecords(dir).map((r) => r.seq), seqsUpTo(3100));
  }));

test('a full segment is cut to its records before the next one starts, so only the last has zero fill', () =>
  withTempDir(async (dir) => {
    const options = { segmentBytesMax: 3 * zeroFillChunkBytes, batchBytesMax: 64 << 10, zeroFillAheadBytes: 2 * zeroFillChunkBytes };
    const writer = JournalWriter.open(dir, options);
    const bigPayload = 2000;
    const pending: Promise<void>[] = [];
    for (let seq = 1; seq <= 4000; seq++) {
      pending.push(writer.append(1, seq, seq, payloadFor(seq, bigPayload)));
      if (seq % 20 === 0) await writer.flush();
    }
    await Promise.all(pending);
    await writer.close();
    const info = openJournal(dir);
    assert.ok(info.segments.length >= 3, `segments: ${info.segments.length}`);
    for (const segment of info.segments.slice(0, -1)) {
      assert.equal(segment.zeroFillBytes, 0, `${segment.file} has zero fill`);
      assert.equal(statSync(segment.file).size, segment.validBytes);
    }
    assert.equal(info.lastSeq, 4000);
    assert.deepEqual(collectRecords(dir).map((r) => r.seq), seqsUpTo(4000));
  }));

test('property: a batch torn anywhere inside zero fill recovers the records before the tear, and the writer goes on', async () => {
  const fc = await import('fast-check');
  await withTempDir(async (dir) => {
    await writeJournal(dir, 40, 4, payloadBytes);
    const file = join(dir, segmentFileName(1));
    const whole = readFileSync(file);
    const lastBatch = offsetOf(36);
    fc.assert(
      fc.property(fc.integer({ min: lastBatch, max: whole.length - 1 }), fc.integer({ min: 1, max: 3 * recordSize }), (tearAt, zeroFill) => {
        // What reached the disk of the last batch is a prefix; after it, only the zeros allocated ahead.
        const disk = new Uint8Array(whole.length + zeroFill);
        disk.set(whole.subarray(0, tearAt));
        writeFileSync(file, disk);
        const writer = JournalWriter.open(dir, { zeroFillAheadBytes: 0 });
        const kept = Math.floor((tearAt - segmentHeaderBytes) / recordSize);
        assert.equal(writer.lastSeq, kept);
        writer.appendBatchSync(recordsFor(kept + 1, 2, payloadBytes));
        void writer.close();
        assert.deepEqual(collectRecords(dir).map((r) => r.seq), seqsUpTo(kept + 2));
      }),
      { numRuns: 80 },
    );
  });
});

test('a batch never lands under a zero write still in flight, even when the disk finishes the zeros last', () =>
  withTempDir(async (dir) => {
    // The zero writes are held back and done late, after whatever the writer issued meanwhile: a batch
    // written into their range before they finished would be wiped out.
    const late: (() => void)[] = [];
    const reorderingWrite = ((fd: number, buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null, written: number) => void) => {
      if (buffer.length !== zeroFillChunkBytes) return fsWrite(fd, buffer, offset, length, position, callback);
      late.push(() => fsWrite(fd, buffer, offset, length, position, callback));
      setTimeout(() => late.shift()!(), 20);
    }) as typeof fsWrite;
    const writer = JournalWriter.open(dir, { zeroFillAheadBytes: 2 * zeroFillChunkBytes, batchBytesMax: 64 << 10, write: reorderingWrite });
    const pending: Promise<void>[] = [];
    for (let seq = 1; seq <= 120_000; seq++) {
      pending.push(writer.append(1, seq, seq, payloadFor(seq, payloadBytes)));
      if (seq % 1000 === 0) await writer.flush();
    }
    await Promise.all(pending);
    assert.ok(writer.stats.batchesWaitedForZeroFill > 0, 'the appends outran the zeros at least once');
    await writer.close();
    assert.deepEqual(collectRecords(dir).map((r) => r.seq), seqsUpTo(120_000));
  }));
