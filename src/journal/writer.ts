// The journal writer: appends sequenced records and acknowledges them only once they are on disk.
//
// Group commit. Records are encoded straight into the filling batch buffer. When no write is in flight, the
// filling batch is flushed on the next turn of the event loop (setImmediate), so that every append of the
// current turn joins it: one durable write (O_DSYNC; write + fdatasync where there is none), then the batch's
// one shared promise resolves and every appender of the batch continues, in append order. Appends that arrive while a batch is in flight fill the
// next batch, which is flushed as soon as the one in flight is durable. Two buffers alternate; nothing else
// is allocated per append except the record's bytes being copied.
//
// Backpressure. At most one batch is in flight and one filling, each bounded by batchRecordsMax and
// batchBytesMax. An append that does not fit the filling batch is refused at once: its promise rejects with
// JournalBackpressureError and nothing is written (its seq is not consumed). The caller sheds the order or
// awaits writer.flush() and tries again.
//
// Failure. A failed write or fdatasync rejects every pending append and poisons the writer: a failed fsync
// is never retried (the kernel may have dropped the dirty pages), the process restarts and recovers.
//
// Zero fill. The segment being written is kept allocated ahead of its records by durable writes of zeros, in
// the background, chunk by chunk. A batch written into allocated blocks is one data write for the disk; an
// appending write also changes the file's size and block map, which O_DSYNC must commit through the
// filesystem's journal. `npm run bench:journal` compares the two in alternating rounds of one run (20,000
// appends/s): appending was 1.17-1.29x zero fill at p50 and 1.04-1.72x at p99 in three runs here; p99.9 went
// either way (0.83-1.75x). Readers end the records at the zeros
// (scan.ts). A data write never overlaps a zero write in flight (it waits for it), and a segment is cut to its
// records before the next is made, so only the last segment ever has zero fill.

import { closeSync, constants, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, openSync, write, writeSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from '../core/assert.js';
import { JournalBackpressureError, JournalFailedError } from './errors.js';
import { encodeRecord, recordBytes, recordFlagBatchStart, segmentFileName } from './format.js';
import {
  batchBytesMax as batchBytesLimit,
  batchRecordsMax as batchRecordsLimit,
  recordHeaderBytes,
  segmentBytesMax as segmentBytesLimit,
  segmentHeaderBytes,
  segmentNoMax,
  zeroFillAheadBytesDefault,
  zeroFillChunkBytes,
} from './limits.js';
import { openJournal, type JournalInfo } from './reader.js';
import type { RecordVisitor } from './scan.js';
import { createSegment, ensureDir, removeTemporarySegments } from './segment-file.js';

/**
 * Segments are opened O_DSYNC where the platform has it: each write returns once its data is durable, as a
 * write followed by fdatasync would, but in one trip through the thread pool instead of two (the second trip
 * waited for the event loop to take the write's callback first, and the loop is busiest exactly then).
 */
const durableWrites = constants.O_DSYNC !== undefined;

function openSegment(path: string): number {
  return openSync(path, durableWrites ? constants.O_RDWR | constants.O_DSYNC : 'r+');
}

export interface WriterOptions {
  /** Replay the records after fromSeq while opening (one pass for recovery and replay). */
  readonly replay?: { readonly fromSeq: number; readonly visit: RecordVisitor };
  /** Truncate a torn tail even when intact records follow the damage (see OpenOptions.repairHoles). */
  readonly repairHoles?: boolean;
  /** Smaller limits for tests (never larger than the module limits). */
  readonly segmentBytesMax?: number;
  readonly batchBytesMax?: number;
  readonly batchRecordsMax?: number;
  /** Zeros kept allocated ahead of the records (default zeroFillAheadBytesDefault; 0: append only). */
  readonly zeroFillAheadBytes?: number;
  /** fs.write, replaced by tests that reorder the disk's work. */
  readonly write?: typeof write;
}

export interface AppendRecord {
  readonly type: number;
  readonly seq: number;
  readonly tsMicros: number;
  readonly payload: Uint8Array;
}

export interface WriterStats {
  readonly records: number;
  readonly batches: number;
  readonly syncs: number;
  readonly bytes: number;
  readonly segmentsCreated: number;
  /** Σ over batches of the time from the write's start to the fdatasync's callback (disk, thread pool, event loop). */
  readonly flushMicros: number;
  /** Σ over batches of the time the disk took to make the batch durable: the O_DSYNC write, or the fdatasync. */
  readonly syncMicros: number;
  /** Bytes of zeros written ahead of the records, and batches that waited for such a write to finish. */
  readonly zeroFillBytes: number;
  readonly batchesWaitedForZeroFill: number;
}

class Batch {
  bytes = 0;
  records = 0;
  lastSeq = 0;
  promise: Promise<void> | null = null;
  resolve: () => void = noop;
  reject: (error: Error) => void = noop;
  constructor(readonly buf: Buffer) {}

  /** The promise every append of this batch returns, made on the first append. */
  shared(): Promise<void> {
    if (this.promise === null) {
      this.promise = new Promise<void>((resolve, reject) => {
        this.resolve = resolve;
        this.reject = reject;
      });
    }
    return this.promise;
  }

  reset(): void {
    this.bytes = 0;
    this.records = 0;
    this.promise = null;
    this.resolve = noop;
    this.reject = noop;
  }
}

function noop(): void {}

/** Written again and again for zero fill: never modified. */
const zeroChunk = Buffer.alloc(zeroFillChunkBytes);

export class JournalWriter {
  #fd: number;
  #segmentNo: number;
  #segmentBytes: number;
  #filling: Batch;
  #spare: Batch;
  #inFlight: Batch | null = null;
  #flushScheduled = false;
  #failure: Error | null = null;
  #closed = false;
  #lastSeq: number;
  #durableSeq: number;
  #stats = { records: 0, batches: 0, syncs: 0, bytes: 0, segmentsCreated: 0, flushMicros: 0, syncMicros: 0, zeroFillBytes: 0, batchesWaitedForZeroFill: 0 };
  /** End of the blocks known allocated (records or durable zeros) in the current segment. */
  #allocatedBytes: number;
  /** The zero write in flight, [from, to), or to = 0 when none. */
  #zeroingFrom = 0;
  #zeroingTo = 0;
  /** A flush found its range (or the roll it needs) behind the zero write in flight; the write's end retries it. */
  #flushWaitsForZeroing = false;
  #zeroingDone: (() => void) | null = null;
  readonly #zeroFillAheadBytes: number;
  readonly #write: typeof write;
  #flushStartedMs = 0;
  readonly #segmentBytesMax: number;
  readonly #batchBytesMax: number;
  readonly #batchRecordsMax: number;

  private constructor(
    readonly dir: string,
    readonly recovery: JournalInfo,
    options: WriterOptions,
  ) {
    this.#segmentBytesMax = options.segmentBytesMax ?? segmentBytesLimit;
    this.#batchBytesMax = options.batchBytesMax ?? batchBytesLimit;
    this.#batchRecordsMax = options.batchRecordsMax ?? batchRecordsLimit;
    this.#zeroFillAheadBytes = options.zeroFillAheadBytes ?? zeroFillAheadBytesDefault;
    this.#write = options.write ?? write;
    assert(Number.isSafeInteger(this.#zeroFillAheadBytes) && this.#zeroFillAheadBytes >= 0, 'bad zeroFillAheadBytes');
    assert(this.#segmentBytesMax <= segmentBytesLimit, 'segmentBytesMax above the module limit');
    assert(this.#batchBytesMax <= batchBytesLimit && this.#batchBytesMax > recordHeaderBytes, 'bad batchBytesMax');
    assert(this.#batchRecordsMax >= 1 && this.#batchRecordsMax <= batchRecordsLimit, 'bad batchRecordsMax');
    assert(this.#segmentBytesMax >= segmentHeaderBytes + this.#batchBytesMax, 'a segment must hold a full batch');
    this.#filling = new Batch(Buffer.allocUnsafe(this.#batchBytesMax));
    this.#spare = new Batch(Buffer.allocUnsafe(this.#batchBytesMax));
    this.#lastSeq = recovery.lastSeq;
    this.#durableSeq = recovery.lastSeq;
    const last = recovery.segments.at(-1);
    if (last === undefined) {
      this.#segmentNo = 1;
      this.#fd = openSegment(this.#createSegment(1));
      this.#segmentBytes = segmentHeaderBytes;
    } else {
      this.#segmentNo = last.segmentNo;
      this.#fd = openSegment(join(dir, segmentFileName(last.segmentNo)));
      this.#segmentBytes = last.validBytes;
    }
    this.#allocatedBytes = fstatSync(this.#fd).size;
    assert(this.#allocatedBytes >= this.#segmentBytes, 'segment shorter than its records');
  }

  /** Recovers dir (truncating a torn tail, see recovery.tail), optionally replays, and opens for appending. */
  static open(dir: string, options: WriterOptions = {}): JournalWriter {
    ensureDir(dir);
    removeTemporarySegments(dir);
    const recovery = openJournal(dir, {
      repair: true,
      repairHoles: options.repairHoles === true,
      fromSeq: options.replay?.fromSeq ?? Number.MAX_SAFE_INTEGER,
      ...(options.replay ? { visit: options.replay.visit } : {}),
    });
    return new JournalWriter(dir, recovery, options);
  }

  /** The seq of the last record appended (durable or not); the next append must be greater. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** The seq of the last record known to be on disk. */
  get durableSeq(): number {
    return this.#durableSeq;
  }

  get stats(): WriterStats {
    return { ...this.#stats };
  }

  /**
   * Whether append would take a record of payloadBytes now rather than refuse it with backpressure. A caller
   * that changes state before appending (the exchange applies a command, then journals it) asks first, and
   * waits for flush() when the answer is no, so that a refusal never leaves state the journal lacks.
   */
  canAppend(payloadBytes: number): boolean {
    const batch = this.#filling;
    return this.#failure === null && batch.records < this.#batchRecordsMax && batch.bytes + recordBytes(payloadBytes) <= this.#batchBytesMax;
  }

  /** Resolves once the record (and every record before it) is durably on disk. See the header on refusals. */
  append(type: number, seq: number, tsMicros: number, payload: Uint8Array): Promise<void> {
    if (this.#failure !== null) return Promise.reject(new JournalFailedError('journal failed earlier', { cause: this.#failure }));
    assert(!this.#closed, 'append on a closed journal writer');
    if (seq <= this.#lastSeq) assert(false, `journal seq must strictly increase: ${seq} after ${this.#lastSeq}`);
    const size = recordBytes(payload.length);
    if (size > this.#batchBytesMax) assert(false, `record of ${size} bytes exceeds batchBytesMax ${this.#batchBytesMax}`);
    const batch = this.#filling;
    if (batch.records >= this.#batchRecordsMax || batch.bytes + size > this.#batchBytesMax) {
      return Promise.reject(new JournalBackpressureError(`journal batch full (${batch.records} records, ${batch.bytes} bytes)`));
    }
    const flags = batch.records === 0 ? recordFlagBatchStart : 0;
    batch.bytes = encodeRecord(batch.buf, batch.bytes, type, seq, tsMicros, payload, flags);
    batch.records += 1;
    batch.lastSeq = seq;
    this.#lastSeq = seq;
    if (this.#inFlight === null && !this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#startFlush());
    }
    return batch.shared();
  }

  /**
   * Writes records as batches, each followed by one fdatasync, before returning. For tests, tools and the
   * benchmark; it must not be mixed with pending asynchronous appends.
   */
  appendBatchSync(records: readonly AppendRecord[]): void {
    assert(this.#failure === null, 'journal failed earlier');
    assert(!this.#closed, 'append on a closed journal writer');
    assert(this.#inFlight === null && this.#filling.records === 0, 'appendBatchSync while asynchronous appends are pending');
    assert(this.#zeroingTo === 0, 'appendBatchSync while zero fill is being written');
    const batch = this.#filling;
    for (const record of records) {
      const size = recordBytes(record.payload.length);
      if (size > this.#batchBytesMax) assert(false, `record of ${size} bytes exceeds batchBytesMax ${this.#batchBytesMax}`);
      if (batch.records >= this.#batchRecordsMax || batch.bytes + size > this.#batchBytesMax) this.#writeSync(batch);
      if (record.seq <= this.#lastSeq) assert(false, `journal seq must strictly increase: ${record.seq} after ${this.#lastSeq}`);
      const flags = batch.records === 0 ? recordFlagBatchStart : 0;
      batch.bytes = encodeRecord(batch.buf, batch.bytes, record.type, record.seq, record.tsMicros, record.payload, flags);
      batch.records += 1;
      batch.lastSeq = record.seq;
      this.#lastSeq = record.seq;
    }
    if (batch.records > 0) this.#writeSync(batch);
  }

  /** Resolves when everything appended so far is durable (rejects if the writer failed). */
  async flush(): Promise<void> {
    while (this.#failure === null && (this.#inFlight !== null || this.#filling.records > 0)) {
      await (this.#inFlight ?? this.#filling).shared();
    }
    if (this.#failure !== null) throw new JournalFailedError('journal failed earlier', { cause: this.#failure });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      if (this.#zeroingTo !== 0) await new Promise<void>((resolve) => (this.#zeroingDone = resolve));
      closeSync(this.#fd);
    }
  }

  #writeSync(batch: Batch): void {
    this.#rollIfFull(batch.bytes);
    this.#allocatedBytes = Math.max(this.#allocatedBytes, this.#segmentBytes + batch.bytes);
    let written = 0;
    while (written < batch.bytes) {
      written += writeSync(this.#fd, batch.buf, written, batch.bytes - written, this.#segmentBytes + written);
    }
    fdatasyncSync(this.#fd);
    this.#commit(batch);
  }

  #startFlush(): void {
    this.#flushScheduled = false;
    if (this.#inFlight !== null || this.#filling.records === 0 || this.#failure !== null) return;
    const batch = this.#filling;
    if (this.#zeroingTo !== 0 && (this.#needsRoll(batch.bytes) || this.#segmentBytes + batch.bytes > this.#zeroingFrom)) {
      if (!this.#flushWaitsForZeroing) this.#stats.batchesWaitedForZeroFill += 1;
      this.#flushWaitsForZeroing = true;
      return;
    }
    this.#filling = this.#spare;
    this.#inFlight = batch;
    try {
      this.#rollIfFull(batch.bytes);
    } catch (error) {
      this.#fail(error as Error);
      return;
    }
    this.#flushStartedMs = performance.now();
    this.#allocatedBytes = Math.max(this.#allocatedBytes, this.#segmentBytes + batch.bytes);
    this.#writeFrom(batch, 0);
    this.#zeroFillAhead();
  }

  /**
   * Starts zero writes once the allocated space ahead of the records has run below half the aim, and (called
   * again as each ends, continuing) goes on until the aim is reached: a few long runs rather than a chunk now
   * and then.
   */
  #zeroFillAhead(continuing = false): void {
    if (this.#zeroingTo !== 0 || this.#closed || this.#failure !== null || this.#zeroFillAheadBytes === 0) return;
    const dataEnd = this.#segmentBytes + (this.#inFlight?.bytes ?? 0);
    const aim = Math.min(this.#segmentBytesMax, dataEnd + this.#zeroFillAheadBytes);
    if (this.#allocatedBytes >= aim || (!continuing && this.#allocatedBytes - dataEnd >= this.#zeroFillAheadBytes / 2)) return;
    const from = this.#allocatedBytes;
    const to = Math.min(aim, from + zeroFillChunkBytes);
    this.#zeroingFrom = from;
    this.#zeroingTo = to;
    const fd = this.#fd;
    this.#write(fd, zeroChunk, 0, to - from, from, (error) => {
      this.#zeroingFrom = 0;
      this.#zeroingTo = 0;
      const done = this.#zeroingDone;
      this.#zeroingDone = null;
      assert(fd === this.#fd, 'a segment rolled under a zero write in flight');
      if (error) {
        // Disk full usually shows here first, before any acknowledged record is at stake.
        this.#fail(error);
      } else {
        this.#allocatedBytes = Math.max(this.#allocatedBytes, to);
        this.#stats.zeroFillBytes += to - from;
      }
      if (done !== null) return done();
      if (this.#flushWaitsForZeroing) {
        this.#flushWaitsForZeroing = false;
        this.#startFlush();
      }
      this.#zeroFillAhead(true);
    });
  }

  #writeFrom(batch: Batch, written: number): void {
    this.#write(this.#fd, batch.buf, written, batch.bytes - written, this.#segmentBytes + written, (error, bytesWritten) => {
      if (error) return this.#fail(error);
      const total = written + bytesWritten;
      if (total < batch.bytes) return this.#writeFrom(batch, total);
      if (durableWrites) return this.#durable(batch, this.#flushStartedMs);
      const syncStartedMs = performance.now();
      fdatasync(this.#fd, (syncError) => {
        if (syncError) return this.#fail(syncError);
        this.#durable(batch, syncStartedMs);
      });
    });
  }

  /** The batch is on disk (its write returned under O_DSYNC, or its fdatasync did): its appenders go on. */
  #durable(batch: Batch, syncStartedMs: number): void {
    const nowMs = performance.now();
    this.#stats.syncMicros += Math.round((nowMs - syncStartedMs) * 1000);
    this.#stats.flushMicros += Math.round((nowMs - this.#flushStartedMs) * 1000);
    this.#commit(batch);
    const resolve = batch.resolve;
    batch.reset();
    this.#spare = batch;
    this.#inFlight = null;
    resolve();
    if (this.#filling.records > 0) this.#startFlush();
  }

  #commit(batch: Batch): void {
    this.#segmentBytes += batch.bytes;
    this.#durableSeq = batch.lastSeq;
    this.#stats.records += batch.records;
    this.#stats.batches += 1;
    this.#stats.syncs += 1;
    this.#stats.bytes += batch.bytes;
    if (this.#inFlight !== batch) batch.reset();
  }

  #needsRoll(batchBytes: number): boolean {
    return this.#segmentBytes + batchBytes > this.#segmentBytesMax;
  }

  /**
   * Starts the next segment when this batch would take the current one past segmentBytesMax. The full one
   * is cut to its records first (durably), so that zero fill exists only in the last segment.
   */
  #rollIfFull(batchBytes: number): void {
    if (!this.#needsRoll(batchBytes)) return;
    assert(this.#segmentNo < segmentNoMax, 'journal segment numbers exhausted');
    assert(this.#zeroingTo === 0, 'roll while zero fill is being written');
    if (this.#allocatedBytes > this.#segmentBytes) {
      ftruncateSync(this.#fd, this.#segmentBytes);
      fdatasyncSync(this.#fd);
    }
    const next = this.#segmentNo + 1;
    const fd = openSegment(this.#createSegment(next));
    closeSync(this.#fd);
    this.#fd = fd;
    this.#segmentNo = next;
    this.#segmentBytes = segmentHeaderBytes;
    this.#allocatedBytes = segmentHeaderBytes;
  }

  #createSegment(segmentNo: number): string {
    this.#stats.segmentsCreated += 1;
    return createSegment(this.dir, segmentNo);
  }

  #fail(error: Error): void {
    this.#failure = error;
    const failed = new JournalFailedError(`journal write failed: ${error.message}`, { cause: error });
    for (const batch of [this.#inFlight, this.#filling]) {
      if (batch !== null && batch.promise !== null) batch.reject(failed);
    }
  }
}
