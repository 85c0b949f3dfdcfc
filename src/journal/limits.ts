// Every bound of the journal and snapshot files in one place (STYLE.md, habit 8). The relations between them
// are asserted when this module loads, so a bad edit fails at start-up rather than at 3 a.m. on a full batch.

import { assert } from '../core/assert.js';

/** File header of a journal segment: magic, version, flags, segment number, header CRC. */
export const segmentHeaderBytes = 16;
/** Record header: length, CRC, seq (u64), tsMicros (u64), type (u16), flags (u16). */
export const recordHeaderBytes = 28;
/** The part of the record header that the length field counts (everything after length and CRC). */
export const recordHeaderCountedBytes = recordHeaderBytes - 8;

/** One record, header included. Engine commands are under 100 bytes; admin JSON stays far below this. */
export const recordBytesMax = 1 << 20;
export const recordPayloadBytesMax = recordBytesMax - recordHeaderBytes;
/** Records and bytes in one group-commit batch (one write, one fdatasync). */
export const batchRecordsMax = 16_384;
export const batchBytesMax = 8 << 20;
/** A segment rolls before a batch would take it past this size, so no segment ever exceeds it. */
export const segmentBytesMax = 256 << 20;
/**
 * Zero fill (writer.ts): the writer keeps this much allocated ahead of the last record, in durable writes of
 * zeroFillChunkBytes each. A chunk is small so that a batch waiting behind one waits a few milliseconds at
 * most; the aim is large so that at 20,000 orders/s (~1.8 MB/s of records) the zeros stay seconds ahead.
 */
export const zeroFillAheadBytesDefault = 16 << 20;
export const zeroFillChunkBytes = 1 << 20;
/** Segment numbers have six digits in the file name (journal-000001.tkj). */
export const segmentNoMax = 999_999;
/** Record types are u16 on disk; 0 is never valid so that a zero-filled tail can not pass as a record. */
export const recordTypeMax = 0xffff;

/** Exchange symbols in the command codec: short printable ASCII. */
export const symbolBytesMax = 32;

/** Snapshot file: magic, version, flags, seq, skeleton bytes, blob bytes, body CRC, header CRC. */
export const snapshotHeaderBytes = 40;
/** A snapshot body may be large (a million resting orders is ~40 MB columnar) but not unbounded. */
export const snapshotBytesMax = 4 * 1024 * 1024 * 1024 - 1;
/** Arrays of at least this many uniform objects are stored as columns rather than JSON objects. */
export const snapshotColumnarLengthMin = 64;

assert(recordHeaderBytes === 4 + 4 + 8 + 8 + 2 + 2, 'record header layout and size disagree');
assert(recordBytesMax <= 0xffffffff, 'record length must fit the u32 length prefix');
assert(batchBytesMax >= recordBytesMax, 'a batch must hold at least one record of the largest size');
assert(batchRecordsMax >= 1 && batchRecordsMax * recordHeaderBytes <= batchBytesMax, 'batch limits disagree');
assert(segmentBytesMax >= segmentHeaderBytes + batchBytesMax, 'a segment must hold at least one full batch');
assert(segmentBytesMax <= 2 ** 31, 'segment offsets must stay small integers');
assert(zeroFillChunkBytes >= 4096 && zeroFillAheadBytesDefault >= 2 * zeroFillChunkBytes, 'zero fill limits disagree');
assert(symbolBytesMax <= 255, 'the symbol length prefix is one byte');
assert(snapshotColumnarLengthMin >= 1, 'columnar threshold must be positive');
