// Reads a journal directory forward, record by record, while the server keeps appending to it. The history
// recorder is told (by the service's outcome listener) that every seq up to N is durable, and reads exactly
// those records: whatever follows them in the file may be a batch still being written, so it is never read.
// The journal's own reader validates whole segments from their start; this keeps a position instead, so that
// following a live journal costs only the new bytes.

import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from '../core/assert.js';
import { listSegments } from '../journal/index.js';
import {
  checkRecordAt, checkSegmentHeader, recordPayloadAt, recordSeqAt, recordTsMicrosAt, recordTypeAt, segmentFileName,
} from '../journal/format.js';
import { getU32 } from '../journal/bytes.js';
import { recordHeaderBytes, segmentHeaderBytes } from '../journal/limits.js';
import { tailChunkBytes } from './limits.js';

/** What the tail reads again at zero fill: enough for many records, little to read again and again. */
const zeroFillRereadBytes = 64 << 10;

export type TailVisitor = (type: number, seq: number, tsMicros: number, payload: Uint8Array) => void;

export class JournalTail {
  private readonly chunk = new Uint8Array(tailChunkBytes);
  private fd = -1;
  private segmentNo = 0;
  /** File offset of chunk[start]. */
  private fileOffset = 0;
  private start = 0;
  private end = 0;
  private lastSeq: number;

  /** Positioned before the first record with seq > afterSeq (whole segments below it are skipped unread). */
  constructor(private readonly dir: string, afterSeq = 0) {
    this.lastSeq = 0;
    const segments = existsSync(dir) ? listSegments(dir) : [];
    let index = 0;
    while (index + 1 < segments.length) {
      const next = firstSeqOf(segments[index + 1]!.file);
      if (next < 0 || next > afterSeq + 1) break;
      index++;
      // Seqs run without gaps through the journal (one per sequenced command), so the skipped ones end here.
      this.lastSeq = next - 1;
    }
    if (segments.length > 0) this.openSegment(segments[index]!.segmentNo);
    if (afterSeq > 0) this.read(afterSeq, Number.MAX_SAFE_INTEGER, () => {});
  }

  /** The seq of the last record read (0 before any). */
  get seq(): number {
    return this.lastSeq;
  }

  /**
   * Visits records with seq <= seqMax in order, at most recordsMax of them; returns how many it visited. It
   * stops early when the journal holds no more whole records yet. The payload is a view: copy it to keep it.
   */
  read(seqMax: number, recordsMax: number, visit: TailVisitor): number {
    let visited = 0;
    while (visited < recordsMax && this.lastSeq < seqMax) {
      if (this.fd < 0 && !this.openSegment(1)) return visited;
      const checked = checkRecordAt(this.chunk, this.start, this.end, this.lastSeq);
      if (typeof checked === 'number') {
        const seq = recordSeqAt(this.chunk, this.start);
        if (seq > seqMax) return visited;
        visit(recordTypeAt(this.chunk, this.start), seq, recordTsMicrosAt(this.chunk, this.start), recordPayloadAt(this.chunk, this.start, checked));
        this.lastSeq = seq;
        this.fileOffset += checked - this.start;
        this.start = checked;
        visited++;
        continue;
      }
      if (this.zeroLengthAtStart()) {
        // Zero fill the writer allocated ahead of its records, read before the records being waited for
        // landed on it: read that part of the file again (a little, since at the live end it is all zeros).
        this.start = this.end = 0; // chunk[0] is at fileOffset again
        const got = this.readInto(zeroFillRereadBytes);
        if (got > 0 && !this.zeroLengthAtStart()) continue;
        if (got > 0) {
          this.end = 0;
          return visited;
        }
        // The end of the file: the segment was cut to its records when the next one was made.
      } else if (!checked.incomplete) {
        // The record we need is at or below a durable seq: damage here is in acknowledged data.
        throw new Error(`journal ${this.file()} at byte ${this.fileOffset}: ${checked.reason} (run tokex journal verify)`);
      } else if (this.fill() > 0) {
        continue;
      }
      // End of this segment's bytes: move on only when nothing is half-read and the next segment exists.
      if (this.end - this.start > 0 || !existsSync(join(this.dir, segmentFileName(this.segmentNo + 1)))) return visited;
      this.openSegment(this.segmentNo + 1);
    }
    return visited;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private file(): string {
    return join(this.dir, segmentFileName(this.segmentNo));
  }

  private openSegment(segmentNo: number): boolean {
    const file = join(this.dir, segmentFileName(segmentNo));
    if (!existsSync(file)) return false;
    this.close();
    this.fd = openSync(file, 'r');
    this.segmentNo = segmentNo;
    const header = new Uint8Array(segmentHeaderBytes);
    const got = readSync(this.fd, header, 0, segmentHeaderBytes, 0);
    const fault = checkSegmentHeader(header.subarray(0, got), segmentNo);
    if (fault !== null) throw new Error(`journal ${file}: ${fault}`);
    this.fileOffset = segmentHeaderBytes;
    this.start = 0;
    this.end = 0;
    return true;
  }

  /** Reads more of the current segment after the unread bytes; returns the bytes read. */
  private fill(): number {
    if (this.start > 0) {
      this.chunk.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    assert(this.end < this.chunk.length, 'a journal record larger than the tail chunk');
    return this.readInto();
  }

  /** A record length of 0 where the next record starts: zero fill, never a record (lengths count >= 20). */
  private zeroLengthAtStart(): boolean {
    return this.end - this.start >= 4 && getU32(this.chunk, this.start) === 0;
  }

  private readInto(bytesMax = this.chunk.length): number {
    const got = readSync(this.fd, this.chunk, this.end, Math.min(bytesMax, this.chunk.length - this.end), this.fileOffset + this.end);
    this.end += got;
    return got;
  }
}

/** The seq of a segment's first record, or -1 when it has no whole one. */
function firstSeqOf(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const head = new Uint8Array(recordHeaderBytes);
    const got = readSync(fd, head, 0, recordHeaderBytes, segmentHeaderBytes);
    return got === recordHeaderBytes ? recordSeqAt(head, 0) : -1;
  } finally {
    closeSync(fd);
  }
}
