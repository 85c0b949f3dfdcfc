// Walks the records of one segment file, validating each, and decides what a bad record means:
//   - in a segment that is not the last, or with a valid later batch after it: damage in durable data, so
//     JournalCorruptError (start-up stops, naming file and offset);
//   - in the last segment with nothing after it but pieces of its own batch: a torn write of the last,
//     never-acknowledged batch, reported as a TornTail for the caller to truncate.
// Zero fill: the writer allocates the last segment ahead of its records with zeros (writing into allocated
// blocks is one data write for the disk; an appending write also changes the file's size and block map). A
// zero length where a record would start, with only zeros after it, ends the records: not a fault. Damage
// before zero fill is judged on the bytes up to the fill (the zeros are nobody's batch).
// The file is read in chunks into one reused buffer: on Node 20 readFileSync of a 100 MB segment costs ~50x
// more than reading it in 8 MB chunks (page faults on a fresh allocation every time).

import { closeSync, openSync, readSync } from 'node:fs';
import { assert } from '../core/assert.js';
import { JournalCorruptError } from './errors.js';
import {
  checkRecordAt,
  checkSegmentHeader,
  recordFlagBatchStart,
  recordFlagsAt,
  recordSeqAt,
  recordTsMicrosAt,
  recordTypeAt,
  type RecordFault,
} from './format.js';
import { recordBytesMax, recordHeaderBytes, segmentHeaderBytes } from './limits.js';

export interface TornTail {
  readonly file: string;
  /** Byte offset of the first bad record: the file is (or would be) truncated to this length. */
  readonly offset: number;
  readonly bytesDropped: number;
  readonly reason: string;
  /**
   * Intact records of the same batch found after the bad one. 0 for a plain torn write (a prefix of the batch
   * reached the disk). More means a hole inside the last batch: after a power loss a torn write can look like
   * that, but so can damage to a batch that was synced and acknowledged. The server may refuse to start then.
   */
  readonly intactRecordsAfter: number;
}

export interface SegmentScan {
  readonly file: string;
  readonly segmentNo: number;
  readonly bytes: number;
  /** Offset just after the last whole record: where the next record goes. */
  readonly validBytes: number;
  /** Zeros after the last record (space allocated ahead by the writer); only the last segment has any. */
  readonly zeroFillBytes: number;
  readonly records: number;
  /** 0 when the segment has no records (seq numbers start at 1). */
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstTsMicros: number;
  readonly lastTsMicros: number;
  readonly tail: TornTail | null;
}

/** Called for each valid record; payload is a view into a reused read buffer: copy it to keep it. */
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

/** Chunk size of the reads: any record fits in one after the unread rest is moved to the front. */
export const scanChunkBytes = 8 << 20;
assert(scanChunkBytes >= 2 * recordBytesMax, 'a scan chunk must hold a whole record and more');

/** Running totals of one segment's scan. */
class ScanTotals {
  records = 0;
  firstSeq = 0;
  firstTsMicros = 0;
  lastTsMicros = 0;
  constructor(public lastSeq: number) {}
}

export function scanSegmentFile(chunk: Uint8Array, statBytes: number, options: ScanOptions): SegmentScan {
  assert(chunk.length >= scanChunkBytes, 'scan chunk too small');
  const { file } = options;
  const fd = openSync(file, 'r');
  try {
    const headerBytes = readSync(fd, chunk, 0, segmentHeaderBytes, 0);
    const headerFault = checkSegmentHeader(chunk.subarray(0, headerBytes), options.segmentNo);
    if (headerFault !== null) throw new JournalCorruptError(file, 0, headerFault);
    const totals = new ScanTotals(options.seqAfter);
    const visitAfterSeq = options.visitAfterSeq ?? 0;
    let chunkFileOffset = segmentHeaderBytes; // file offset of chunk[0]
    let have = 0;
    let fileBytes = statBytes;
    for (;;) {
      const wanted = Math.min(chunk.length - have, fileBytes - chunkFileOffset - have);
      const got = readFully(fd, chunk, have, wanted, chunkFileOffset + have);
      have += got;
      // A file that shrank since it was listed ends where the reads end (never loop on an empty read).
      if (got < wanted) fileBytes = chunkFileOffset + have;
      const atEof = chunkFileOffset + have >= fileBytes;
      const { offset, fault } = scanWindow(chunk, have, totals, visitAfterSeq, options.visit);
      if (fault === null || (fault.incomplete && !atEof)) {
        if (atEof) return result(options, fileBytes, totals, null);
        chunk.copyWithin(0, offset, have);
        chunkFileOffset += offset;
        have -= offset;
        continue;
      }
      const faultOffset = chunkFileOffset + offset;
      const dataEnd = endOfNonZero(fd, chunk, faultOffset, fileBytes);
      if (dataEnd === faultOffset) {
        if (!options.isLast) throw new JournalCorruptError(file, faultOffset, 'zero fill in a segment that is not the last (a segment is cut to its records before the next one is made)');
        return result(options, fileBytes, totals, null, faultOffset);
      }
      const tail = classifyFault(fd, fileBytes, dataEnd, faultOffset, totals.lastSeq, options, fault);
      return result(options, fileBytes, totals, tail);
    }
  } finally {
    closeSync(fd);
  }
}

/** Validates whole records of chunk[0, end); stops at the first fault (which may be an incomplete record). */
function scanWindow(
  chunk: Uint8Array,
  end: number,
  totals: ScanTotals,
  visitAfterSeq: number,
  visit: RecordVisitor | undefined,
): { offset: number; fault: RecordFault | null } {
  let offset = 0;
  while (offset < end) {
    const checked = checkRecordAt(chunk, offset, end, totals.lastSeq);
    if (typeof checked !== 'number') return { offset, fault: checked };
    const seq = recordSeqAt(chunk, offset);
    const tsMicros = recordTsMicrosAt(chunk, offset);
    if (totals.records === 0) {
      totals.firstSeq = seq;
      totals.firstTsMicros = tsMicros;
    }
    totals.records += 1;
    totals.lastSeq = seq;
    totals.lastTsMicros = tsMicros;
    if (visit !== undefined && seq > visitAfterSeq) visit(recordTypeAt(chunk, offset), seq, tsMicros, chunk.subarray(offset + recordHeaderBytes, checked));
    offset = checked;
  }
  return { offset, fault: null };
}

function result(options: ScanOptions, bytes: number, totals: ScanTotals, tail: TornTail | null, zeroFillFrom = bytes): SegmentScan {
  return {
    file: options.file,
    segmentNo: options.segmentNo,
    bytes,
    validBytes: tail === null ? zeroFillFrom : tail.offset,
    zeroFillBytes: bytes - zeroFillFrom,
    records: totals.records,
    firstSeq: totals.firstSeq,
    lastSeq: totals.records === 0 ? 0 : totals.lastSeq,
    firstTsMicros: totals.firstTsMicros,
    lastTsMicros: totals.lastTsMicros,
    tail,
  };
}

/** dataEnd: where the zero fill after the fault starts (fileBytes when there is none). */
function classifyFault(fd: number, fileBytes: number, dataEnd: number, faultOffset: number, lastSeq: number, options: ScanOptions, fault: RecordFault): TornTail {
  const { file } = options;
  const reason = fault.reason;
  if (fault.intact) throw new JournalCorruptError(file, faultOffset, `${reason} (checksum valid: a writer bug, not a torn write)`);
  if (!options.isLast) throw new JournalCorruptError(file, faultOffset, `${reason}, in a segment that is not the last`);
  // The failure path only: read everything after the fault and look for a later, intact batch.
  const rest = new Uint8Array(dataEnd - faultOffset);
  readFully(fd, rest, 0, rest.length, faultOffset);
  const { laterBatch, intactRecords } = findLaterBatchStart(rest, 1, lastSeq);
  if (laterBatch >= 0) {
    throw new JournalCorruptError(
      file,
      faultOffset,
      `${reason}; a later batch starts intact at offset ${faultOffset + laterBatch}, so this is damage in the middle, not a torn tail`,
    );
  }
  return { file, offset: faultOffset, bytesDropped: fileBytes - faultOffset, reason, intactRecordsAfter: intactRecords };
}

/**
 * The offset of a valid batch-start record at or after from (or -1), and how many intact records were seen
 * before it. Tries every byte; after a valid record jumps to its end.
 */
function findLaterBatchStart(buf: Uint8Array, from: number, seqAfter: number): { laterBatch: number; intactRecords: number } {
  let position = from;
  let intactRecords = 0;
  let lastSeq = seqAfter;
  while (position < buf.length) {
    const checked = checkRecordAt(buf, position, buf.length, lastSeq);
    if (typeof checked !== 'number') {
      position += 1;
      continue;
    }
    if ((recordFlagsAt(buf, position) & recordFlagBatchStart) !== 0) return { laterBatch: position, intactRecords };
    intactRecords += 1;
    lastSeq = recordSeqAt(buf, position);
    position = checked;
  }
  return { laterBatch: -1, intactRecords };
}

/**
 * The offset just after the last non-zero byte of [from, fileBytes), or from when it is all zeros. Reads
 * backwards in chunks: zero fill is at the end, and it can be megabytes.
 */
function endOfNonZero(fd: number, chunk: Uint8Array, from: number, fileBytes: number): number {
  let end = fileBytes;
  while (end > from) {
    const start = Math.max(from, end - chunk.length);
    const got = readFully(fd, chunk, 0, end - start, start);
    assert(got === end - start, 'journal file shrank while it was scanned');
    for (let i = got - 1; i >= 0; i--) if (chunk[i] !== 0) return start + i + 1;
    end = start;
  }
  return from;
}

function readFully(fd: number, buf: Uint8Array, at: number, bytes: number, position: number): number {
  let done = 0;
  while (done < bytes) {
    const got = readSync(fd, buf, at + done, bytes - done, position + done);
    if (got === 0) break;
    done += got;
  }
  return done;
}
