// Walks the records of one segment's bytes, validating each, and decides what a bad record means:
//   - in a segment that is not the last, or with a valid later batch after it: damage in durable data, so
//     JournalCorruptError (start-up stops, naming file and offset);
//   - in the last segment with nothing after it but pieces of its own batch: a torn write of the last,
//     never-acknowledged batch, reported as a TornTail for the caller to truncate.
// Pure over bytes; the file access is in reader.ts.

import { JournalCorruptError } from './errors.js';
import {
  checkRecordAt,
  checkSegmentHeader,
  recordFlagBatchStart,
  recordFlagsAt,
  recordPayloadAt,
  recordSeqAt,
  recordTsMicrosAt,
  recordTypeAt,
} from './format.js';
import { segmentHeaderBytes } from './limits.js';

export interface TornTail {
  readonly file: string;
  /** Byte offset of the first bad record: the file is (or would be) truncated to this length. */
  readonly offset: number;
  readonly bytesDropped: number;
  readonly reason: string;
}

export interface SegmentScan {
  readonly file: string;
  readonly segmentNo: number;
  readonly bytes: number;
  /** Offset just after the last whole record: where the next record goes. */
  readonly validBytes: number;
  readonly records: number;
  /** 0 when the segment has no records (seq numbers start at 1). */
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstTsMicros: number;
  readonly lastTsMicros: number;
  readonly tail: TornTail | null;
}

/** Called for each valid record; payload is a view into the segment bytes. */
export type RecordVisitor = (type: number, seq: number, tsMicros: number, payload: Uint8Array) => void;

export interface ScanOptions {
  readonly file: string;
  readonly segmentNo: number;
  /** Every record's seq must be greater than this (the last seq of the previous segment, or 0). */
  readonly seqAfter: number;
  /** Only the last segment may end in a torn write. */
  readonly isLast: boolean;
  /** Records with seq <= visitAfterSeq are validated but not visited. */
  readonly visitAfterSeq?: number;
  readonly visit?: RecordVisitor;
}

export function scanSegment(buf: Uint8Array, options: ScanOptions): SegmentScan {
  const { file, isLast, visit } = options;
  const headerFault = checkSegmentHeader(buf, options.segmentNo);
  if (headerFault !== null) throw new JournalCorruptError(file, 0, headerFault);
  const visitAfterSeq = options.visitAfterSeq ?? 0;
  let offset = segmentHeaderBytes;
  let records = 0;
  let firstSeq = 0;
  let lastSeq = options.seqAfter;
  let firstTsMicros = 0;
  let lastTsMicros = 0;
  let tail: TornTail | null = null;
  while (offset < buf.length) {
    const checked = checkRecordAt(buf, offset, buf.length, lastSeq);
    if (typeof checked !== 'number') {
      tail = classifyFault(buf, offset, lastSeq, options, checked.reason, checked.intact);
      break;
    }
    lastSeq = recordSeqAt(buf, offset);
    lastTsMicros = recordTsMicrosAt(buf, offset);
    if (records === 0) {
      firstSeq = lastSeq;
      firstTsMicros = lastTsMicros;
    }
    records += 1;
    if (visit !== undefined && lastSeq > visitAfterSeq) {
      visit(recordTypeAt(buf, offset), lastSeq, lastTsMicros, recordPayloadAt(buf, offset, checked));
    }
    offset = checked;
  }
  if (records === 0) lastSeq = 0;
  const validBytes = tail === null ? buf.length : tail.offset;
  return { file, segmentNo: options.segmentNo, bytes: buf.length, validBytes, records, firstSeq, lastSeq, firstTsMicros, lastTsMicros, tail };
}

function classifyFault(
  buf: Uint8Array,
  offset: number,
  lastSeq: number,
  options: ScanOptions,
  reason: string,
  intact: boolean,
): TornTail {
  const { file } = options;
  if (intact) throw new JournalCorruptError(file, offset, `${reason} (checksum valid: a writer bug, not a torn write)`);
  if (!options.isLast) throw new JournalCorruptError(file, offset, `${reason}, in a segment that is not the last`);
  const laterBatch = findLaterBatchStart(buf, offset + 1, lastSeq);
  if (laterBatch >= 0) {
    throw new JournalCorruptError(
      file,
      offset,
      `${reason}; a later batch starts intact at offset ${laterBatch}, so this is damage in the middle, not a torn tail`,
    );
  }
  return { file, offset, bytesDropped: buf.length - offset, reason };
}

/**
 * The offset of a valid batch-start record somewhere after from, or -1. Only the failure path runs this: it
 * tries every byte position, and after a valid record jumps to its end.
 */
function findLaterBatchStart(buf: Uint8Array, from: number, seqAfter: number): number {
  let position = from;
  while (position < buf.length) {
    const checked = checkRecordAt(buf, position, buf.length, seqAfter);
    if (typeof checked !== 'number') {
      position += 1;
      continue;
    }
    if ((recordFlagsAt(buf, position) & recordFlagBatchStart) !== 0) return position;
    position = checked;
  }
  return -1;
}
