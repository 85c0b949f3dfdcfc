// The on-disk layout of journal segments, byte by byte (README.md has the table). Pure functions over bytes:
// no file access here, so the scanner and the writer share one definition and the tests can cut bytes freely.

import { assert } from '../core/assert.js';
import { getU16, getU32, peekU64, putU16, putU32, putU64 } from './bytes.js';
import { crc32, crc32Range } from './crc.js';
import {
  recordBytesMax,
  recordHeaderBytes,
  recordHeaderCountedBytes,
  recordTypeMax,
  segmentHeaderBytes,
  segmentNoMax,
} from './limits.js';

/** "TKXJ" */
const segmentMagic = [0x54, 0x4b, 0x58, 0x4a] as const;
export const journalFormatVersion = 1;

export function segmentFileName(segmentNo: number): string {
  if (!(Number.isInteger(segmentNo) && segmentNo >= 1 && segmentNo <= segmentNoMax)) assert(false, `bad segment ${segmentNo}`);
  return `journal-${String(segmentNo).padStart(6, '0')}.tkj`;
}

/** The segment number of a journal file name, or null for any other file. */
export function parseSegmentFileName(name: string): number | null {
  const match = /^journal-(\d{6})\.tkj$/.exec(name);
  if (!match) return null;
  const segmentNo = Number(match[1]);
  return segmentNo >= 1 ? segmentNo : null;
}

export function encodeSegmentHeader(segmentNo: number): Uint8Array {
  const header = new Uint8Array(segmentHeaderBytes);
  header.set(segmentMagic, 0);
  putU16(header, 4, journalFormatVersion);
  putU16(header, 6, 0);
  putU32(header, 8, segmentNo);
  putU32(header, 12, crc32(header.subarray(0, 12)));
  return header;
}

/** Why a segment header is unusable, or null when it is a valid header for this segment number. */
export function checkSegmentHeader(bytes: Uint8Array, segmentNo: number): string | null {
  if (bytes.length < segmentHeaderBytes) return `file is ${bytes.length} bytes, shorter than its header`;
  if (segmentMagic.some((byte, i) => bytes[i] !== byte)) return 'bad magic (not a tokex journal segment)';
  if (getU32(bytes, 12) !== crc32(bytes.subarray(0, 12))) return 'header checksum mismatch';
  const version = getU16(bytes, 4);
  if (version !== journalFormatVersion) return `unsupported format version ${version}`;
  if (getU32(bytes, 8) !== segmentNo) return `header says segment ${getU32(bytes, 8)}, file name ${segmentNo}`;
  return null;
}

/**
 * Set on the first record of every group-commit batch. The writer starts a batch only after the previous one
 * is fsynced, so a valid batch-start record after a damaged one proves the damage is in durable data (the
 * middle), while damage followed only by records of its own batch is a torn write of the last batch.
 */
export const recordFlagBatchStart = 1;
const recordFlagsKnown = recordFlagBatchStart;

export function recordBytes(payloadBytes: number): number {
  return recordHeaderBytes + payloadBytes;
}

/**
 * Writes one record at offset and returns the offset after it. The CRC covers seq, time, type, flags and
 * payload; the length is covered implicitly, since a wrong length selects a different range and fails it.
 */
export function encodeRecord(
  buf: Uint8Array,
  offset: number,
  type: number,
  seq: number,
  tsMicros: number,
  payload: Uint8Array,
  flags: number,
): number {
  const end = offset + recordHeaderBytes + payload.length;
  if (end - offset > recordBytesMax) assert(false, `record of ${end - offset} bytes exceeds recordBytesMax ${recordBytesMax}`);
  if (!(Number.isInteger(type) && type >= 1 && type <= recordTypeMax)) assert(false, `record type ${type} out of range`);
  putU32(buf, offset, recordHeaderCountedBytes + payload.length);
  putU64(buf, offset + 8, seq);
  putU64(buf, offset + 16, tsMicros);
  putU16(buf, offset + 24, type);
  if ((flags & ~recordFlagsKnown) !== 0) assert(false, `unknown record flags ${flags}`);
  putU16(buf, offset + 26, flags);
  buf.set(payload, offset + recordHeaderBytes);
  putU32(buf, offset + 4, crc32Range(buf, offset + 8, end));
  return end;
}

/** A record as it lies in a segment buffer. payload is a view into that buffer: copy it to keep it. */
export interface JournalRecord {
  readonly seq: number;
  readonly tsMicros: number;
  readonly type: number;
  readonly payload: Uint8Array;
}

/**
 * Why bytes are not a valid record. intact: the checksum passed, so the bytes are exactly what a writer wrote
 * and the fault is a writer bug (never a torn write): recovery must stop rather than truncate them away.
 */
export interface RecordFault {
  readonly reason: string;
  readonly intact: boolean;
  /** The bytes stop before the record does: with more bytes (a further read) it may be whole. */
  readonly incomplete: boolean;
}

/**
 * The end offset of the valid record at offset, or the fault that makes the bytes there not one.
 * seqAfter: the record's seq must be greater (seq strictly increases through the whole journal).
 */
export function checkRecordAt(buf: Uint8Array, offset: number, end: number, seqAfter: number): number | RecordFault {
  if (end - offset < recordHeaderBytes) return incomplete(`partial record header (${end - offset} bytes)`);
  const length = getU32(buf, offset);
  if (length < recordHeaderCountedBytes || length > recordBytesMax - 8) return torn(`bad record length ${length}`);
  const recordEnd = offset + 8 + length;
  if (recordEnd > end) return incomplete(`record of ${length + 8} bytes runs past the end of the data`);
  if (getU32(buf, offset + 4) !== crc32Range(buf, offset + 8, recordEnd)) return torn('record checksum mismatch');
  const type = getU16(buf, offset + 24);
  if (type === 0 || (getU16(buf, offset + 26) & ~recordFlagsKnown) !== 0) return intact(`bad record type ${type} or flags`);
  const seq = peekU64(buf, offset + 8);
  if (seq < 0 || peekU64(buf, offset + 16) < 0) return intact('seq or time beyond the safe integer range');
  if (seq <= seqAfter) return intact(`seq ${seq} does not increase (previous ${seqAfter})`);
  return recordEnd;
}

function incomplete(reason: string): RecordFault {
  return { reason, intact: false, incomplete: true };
}

function torn(reason: string): RecordFault {
  return { reason, intact: false, incomplete: false };
}

function intact(reason: string): RecordFault {
  return { reason, intact: true, incomplete: false };
}

export function recordSeqAt(buf: Uint8Array, offset: number): number {
  return peekU64(buf, offset + 8);
}

export function recordTsMicrosAt(buf: Uint8Array, offset: number): number {
  return peekU64(buf, offset + 16);
}

export function recordTypeAt(buf: Uint8Array, offset: number): number {
  return getU16(buf, offset + 24);
}

export function recordFlagsAt(buf: Uint8Array, offset: number): number {
  return getU16(buf, offset + 26);
}

export function recordPayloadAt(buf: Uint8Array, offset: number, recordEnd: number): Uint8Array {
  return buf.subarray(offset + recordHeaderBytes, recordEnd);
}
