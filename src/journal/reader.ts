// Opening a journal directory: list the segments, validate records from the segment that holds the requested
// seq onward, and deal with a torn tail (report it; truncate it when repairing). Reading is synchronous, in
// chunks (scan.ts): start-up has nothing else to do meanwhile.

import { closeSync, fdatasyncSync, ftruncateSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JournalCorruptError } from './errors.js';
import { checkRecordAt, parseSegmentFileName, recordSeqAt, segmentFileName, type JournalRecord } from './format.js';
import { getU32 } from './bytes.js';
import { recordBytesMax, recordHeaderBytes, segmentHeaderBytes } from './limits.js';
import { scanChunkBytes, scanSegmentFile, type RecordVisitor, type SegmentScan, type TornTail } from './scan.js';

export interface SegmentFile {
  readonly segmentNo: number;
  readonly file: string;
  readonly bytes: number;
}

export interface OpenOptions {
  /** Truncate a torn tail (and fsync). Without it the tail is only reported: read-only tools. */
  readonly repair?: boolean;
  /**
   * Also truncate a tail with intact records after the damage (TornTail.intactRecordsAfter > 0). Off by
   * default: repairing then throws JournalCorruptError instead, since the lost records may have been
   * acknowledged. An operator turns it on after inspecting the file.
   */
  readonly repairHoles?: boolean;
  /** Visit records with seq > fromSeq; segments wholly at or below it are skipped unread. Default 0. */
  readonly fromSeq?: number;
  readonly visit?: RecordVisitor;
}

export interface JournalInfo {
  readonly dir: string;
  /** The segments read and validated, oldest first. */
  readonly segments: readonly SegmentScan[];
  /** Segments before fromSeq's segment, neither read nor validated. */
  readonly segmentsSkipped: number;
  /** Records in the validated segments. */
  readonly records: number;
  /** 0 when the journal holds no records. */
  readonly lastSeq: number;
  readonly lastTsMicros: number;
  readonly tail: TornTail | null;
  readonly truncated: boolean;
}

/** Journal segment files of dir, oldest first; a gap in the numbering is corruption (a lost file). */
export function listSegments(dir: string): SegmentFile[] {
  const segments: SegmentFile[] = [];
  for (const name of readdirSync(dir)) {
    const segmentNo = parseSegmentFileName(name);
    if (segmentNo === null) continue;
    const file = join(dir, name);
    segments.push({ segmentNo, file, bytes: statSync(file).size });
  }
  segments.sort((a, b) => a.segmentNo - b.segmentNo);
  for (let i = 1; i < segments.length; i++) {
    const expected = segments[i - 1]!.segmentNo + 1;
    if (segments[i]!.segmentNo !== expected) {
      throw new JournalCorruptError(join(dir, segmentFileName(expected)), 0, 'segment missing from the sequence');
    }
  }
  return segments;
}

export function openJournal(dir: string, options: OpenOptions = {}): JournalInfo {
  const fromSeq = options.fromSeq ?? 0;
  const all = listSegments(dir);
  const start = firstSegmentNeeded(all, fromSeq);
  const segments: SegmentScan[] = [];
  let chunk: Buffer | undefined;
  let seqAfter = 0;
  let lastTsMicros = 0;
  let records = 0;
  for (let i = start; i < all.length; i++) {
    const segment = all[i]!;
    chunk ??= Buffer.allocUnsafe(scanChunkBytes);
    const scan = scanSegmentFile(chunk, segment.bytes, {
      file: segment.file,
      segmentNo: segment.segmentNo,
      seqAfter,
      isLast: i === all.length - 1,
      visitAfterSeq: fromSeq,
      ...(options.visit ? { visit: options.visit } : {}),
    });
    segments.push(scan);
    records += scan.records;
    if (scan.records > 0) {
      seqAfter = scan.lastSeq;
      lastTsMicros = scan.lastTsMicros;
    }
  }
  const tail = segments.at(-1)?.tail ?? null;
  const truncated = tail !== null && options.repair === true;
  if (truncated && tail.intactRecordsAfter > 0 && options.repairHoles !== true) {
    throw new JournalCorruptError(
      tail.file,
      tail.offset,
      `${tail.reason}, followed by ${tail.intactRecordsAfter} intact records of the same batch: a hole, not a cut; ` +
        'not truncated, since they may have been acknowledged (inspect, then repair with repairHoles)',
    );
  }
  if (truncated) truncateFile(tail.file, tail.offset);
  return { dir, segments, segmentsSkipped: start, records, lastSeq: seqAfter, lastTsMicros, tail, truncated };
}

/** Every record with seq > fromSeq, payloads copied: for tests and tools, not for replaying millions. */
export function collectRecords(dir: string, fromSeq = 0): JournalRecord[] {
  const out: JournalRecord[] = [];
  openJournal(dir, { fromSeq, visit: (type, seq, tsMicros, payload) => out.push({ type, seq, tsMicros, payload: new Uint8Array(payload) }) });
  return out;
}

/**
 * Index of the first segment that can hold a seq > fromSeq. Segment i can be skipped when the next segment
 * starts at or below fromSeq + 1, since every seq in i is smaller than the next segment's first.
 */
function firstSegmentNeeded(segments: readonly SegmentFile[], fromSeq: number): number {
  if (fromSeq <= 0) return 0;
  let start = 0;
  for (let i = 0; i + 1 < segments.length; i++) {
    const nextFirstSeq = firstSeqOf(segments[i + 1]!);
    if (nextFirstSeq < 0 || nextFirstSeq > fromSeq + 1) break;
    start = i + 1;
  }
  return start;
}

/** The seq of a segment's first record, or -1 when it has none or it does not validate. */
function firstSeqOf(segment: SegmentFile): number {
  if (segment.bytes < segmentHeaderBytes + recordHeaderBytes) return -1;
  const fd = openSync(segment.file, 'r');
  try {
    const lengthBytes = new Uint8Array(4);
    readSync(fd, lengthBytes, 0, 4, segmentHeaderBytes);
    const recordTotalBytes = Math.min(8 + getU32(lengthBytes, 0), recordBytesMax, segment.bytes - segmentHeaderBytes);
    const record = new Uint8Array(recordTotalBytes);
    const read = readSync(fd, record, 0, recordTotalBytes, segmentHeaderBytes);
    return typeof checkRecordAt(record, 0, read, 0) === 'number' ? recordSeqAt(record, 0) : -1;
  } finally {
    closeSync(fd);
  }
}

function truncateFile(file: string, length: number): void {
  const fd = openSync(file, 'r+');
  try {
    ftruncateSync(fd, length);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
