import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalCorruptError } from './errors.js';
import { encodeRecord, recordFlagBatchStart, segmentFileName } from './format.js';
import { recordHeaderBytes, segmentHeaderBytes } from './limits.js';
import { collectRecords, openJournal } from './reader.js';
import { payloadFor, withTempDir, writeJournal } from './testing.js';
import { JournalWriter } from './writer.js';

const payloadBytes = 24;
const recordSize = recordHeaderBytes + payloadBytes;
const offsetOf = (index: number): number => segmentHeaderBytes + index * recordSize;


function flipByte(file: string, offset: number): void {
  const bytes = readFileSync(file);
  bytes[offset] = bytes[offset]! ^ 0x5a;
  writeFileSync(file, bytes);
}

test('a file cut at every offset inside its last record is truncated to the last whole record, and reported', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 10, 3, payloadBytes);
    const file = join(dir, segmentFileName(1));
    const whole = readFileSync(file);
    const lastStart = offsetOf(9);
    assert.equal(whole.length, lastStart + recordSize);
    for (let cut = lastStart; cut < whole.length; cut++) {
      writeFileSync(file, whole.subarray(0, cut));
      const writer = JournalWriter.open(dir);
      const tail = writer.recovery.tail;
      if (cut === lastStart) assert.equal(tail, null, 'a cut on a record boundary is no tear');
      else assert.deepEqual({ offset: tail?.offset, bytesDropped: tail?.bytesDropped, intact: tail?.intactRecordsAfter, truncated: writer.recovery.truncated }, { offset: lastStart, bytesDropped: cut - lastStart, intact: 0, truncated: true });
      assert.equal(writer.lastSeq, 9, `cut at ${cut}`);
      assert.equal(statSync(file).size, lastStart);
      // The journal goes on from the last whole record: seq 10 can be written again.
      await writer.append(1, 10, 1, payloadFor(10, payloadBytes));
      await writer.close();
      assert.equal(openJournal(dir).lastSeq, 10);
    }
  }));

test('a bad checksum in the last record is a torn tail', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 10, 1, payloadBytes);
    flipByte(join(dir, segmentFileName(1)), offsetOf(9) + recordHeaderBytes + 3);
    const info = openJournal(dir, { repair: true });
    assert.equal(info.tail?.offset, offsetOf(9));
    assert.match(info.tail?.reason ?? '', /checksum/);
    assert.equal(info.lastSeq, 9);
  }));

test('damage inside the last batch, followed only by records of that batch, is a torn write of that batch', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 12, 4, payloadBytes); // batches: 1-4, 5-8, 9-12
    const file = join(dir, segmentFileName(1));
    flipByte(file, offsetOf(9) + 20); // seq 10 damaged, 11 and 12 intact
    // By default a hole is not truncated away: 11 and 12 may have been acknowledged.
    assert.throws(() => JournalWriter.open(dir), (error) => error instanceof JournalCorruptError && error.offset === offsetOf(9) && /2 intact records/.test(error.message));
    assert.equal(statSync(file).size, offsetOf(12));
    const info = openJournal(dir, { repair: true, repairHoles: true });
    assert.equal(info.tail?.offset, offsetOf(9));
    assert.equal(info.tail?.intactRecordsAfter, 2);
    assert.equal(info.lastSeq, 9);
  }));

test('a flipped byte in an earlier batch stops recovery with JournalCorruptError naming file and offset', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 12, 4, payloadBytes);
    const file = join(dir, segmentFileName(1));
    const before = readFileSync(file);
    flipByte(file, offsetOf(2) + 17); // seq 3, in the first batch; the later batches are intact
    const expectCorrupt = (error: unknown): boolean => {
      assert.ok(error instanceof JournalCorruptError);
      assert.equal(error.file, file);
      assert.equal(error.offset, offsetOf(2));
      assert.match(error.message, new RegExp(`at byte offset ${offsetOf(2)}.*middle`));
      return true;
    };
    assert.throws(() => JournalWriter.open(dir), expectCorrupt);
    assert.throws(() => openJournal(dir), expectCorrupt);
    assert.equal(statSync(file).size, before.length, 'nothing is truncated on middle corruption');
  }));

test('damage in a segment that is not the last is corruption, wherever it is', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 60, 5, payloadBytes, { segmentBytesMax: 1024, batchBytesMax: 512 });
    const first = join(dir, segmentFileName(1));
    truncateSync(first, statSync(first).size - 3);
    assert.throws(() => openJournal(dir), (error) => error instanceof JournalCorruptError && /not the last/.test(error.message));
  }));

test('a missing segment is corruption', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 60, 5, payloadBytes, { segmentBytesMax: 1024, batchBytesMax: 512 });
    rmSync(join(dir, segmentFileName(2)));
    assert.throws(() => openJournal(dir), (error) => error instanceof JournalCorruptError && error.file.endsWith(segmentFileName(2)));
  }));

test('an intact record whose seq does not increase is a writer bug: corruption, not a tail to drop', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 5, 1, payloadBytes);
    const rogue = new Uint8Array(recordSize);
    encodeRecord(rogue, 0, 1, 3, 1, payloadFor(3, payloadBytes), recordFlagBatchStart);
    appendFileSync(join(dir, segmentFileName(1)), rogue);
    assert.throws(() => openJournal(dir, { repair: true }), (error) => error instanceof JournalCorruptError && error.offset === offsetOf(5) && /does not increase/.test(error.message));
  }));

test('reading without repair reports the tail but leaves the file alone', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 4, 1, payloadBytes);
    const file = join(dir, segmentFileName(1));
    truncateSync(file, offsetOf(3) + 5);
    const info = openJournal(dir);
    assert.equal(info.tail?.bytesDropped, 5);
    assert.equal(info.truncated, false);
    assert.equal(statSync(file).size, offsetOf(3) + 5);
    assert.deepEqual(collectRecords(dir).map((r) => r.seq), [1, 2, 3]);
  }));

test('a damaged segment header is corruption at offset 0', () =>
  withTempDir(async (dir) => {
    await writeJournal(dir, 2, 1, payloadBytes);
    flipByte(join(dir, segmentFileName(1)), 1);
    assert.throws(() => openJournal(dir), (error) => error instanceof JournalCorruptError && error.offset === 0 && /magic/.test(error.reason));
  }));

test('property: any cut of the last segment recovers a prefix of what was written, and never throws', async () => {
  const fc = await import('fast-check');
  await withTempDir(async (dir) => {
    await writeJournal(dir, 40, 3, payloadBytes);
    const file = join(dir, segmentFileName(1));
    const whole = readFileSync(file);
    fc.assert(
      fc.property(fc.integer({ min: segmentHeaderBytes, max: whole.length }), (cut) => {
        writeFileSync(file, whole.subarray(0, cut));
        const info = openJournal(dir, { repair: true });
        const wholeRecords = Math.floor((cut - segmentHeaderBytes) / recordSize);
        assert.equal(info.lastSeq, wholeRecords);
        assert.equal(statSync(file).size, offsetOf(wholeRecords));
        assert.deepEqual(collectRecords(dir).map((r) => r.seq), Array.from({ length: wholeRecords }, (_, i) => i + 1));
      }),
      { numRuns: 60 },
    );
  });
});

test('segments larger than one read chunk: records across chunk boundaries, a tail and a middle fault beyond the first chunk', () =>
  withTempDir(async (dir) => {
    // ~12 MB in one segment, with record sizes that do not divide the chunk size.
    const writer = JournalWriter.open(dir);
    let seq = 0;
    const sizes: number[] = [];
    for (let batch = 0; batch < 24; batch++) {
      const records = Array.from({ length: 500 }, () => {
        seq += 1;
        sizes.push(recordHeaderBytes + 900 + (seq % 211));
        return { type: 1, seq, tsMicros: seq, payload: payloadFor(seq, 900 + (seq % 211)) };
      });
      writer.appendBatchSync(records);
    }
    await writer.close();
    const back = collectRecords(dir);
    assert.equal(back.length, seq);
    assert.deepEqual(back[9_876]!.payload, payloadFor(9_877, 900 + (9_877 % 211)));
    const file = join(dir, segmentFileName(1));
    const offsetOfSeq = (s: number): number => segmentHeaderBytes + sizes.slice(0, s - 1).reduce((a, b) => a + b, 0);
    // Middle: seq 10_000 lies past the first 8 MB chunk, in batch 20 of 24.
    const whole = readFileSync(file);
    flipByte(file, offsetOfSeq(10_000) + 40);
    assert.throws(() => openJournal(dir), (error) => error instanceof JournalCorruptError && error.offset === offsetOfSeq(10_000));
    // Tail: cut inside the last record.
    writeFileSync(file, whole.subarray(0, whole.length - 100));
    const info = openJournal(dir, { repair: true });
    assert.deepEqual([info.lastSeq, info.tail?.offset], [seq - 1, offsetOfSeq(seq)]);
  }));
