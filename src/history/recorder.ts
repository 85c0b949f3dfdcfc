// Keeps DIR/history.sqlite up to date behind a running ExchangeService. The service's outcome listener only
// rings the bell ("seq N is durable"); the recorder then reads the journal up to N and applies it to its own
// replica of the exchange (projector.ts), writing the rows in transactions of up to recordsPerTransactionMax
// records on a later turn of the event loop. So the sequencer never waits for SQLite: the model lags and
// catches up. On open it catches up from the journal for every seq after the one stored in `meta`, and
// because each transaction also advances meta.last_seq, a kill at any point resumes exactly once.

import { assert } from '../core/assert.js';
import { Exchange, type ExchangeSnapshot, type SessionMode } from '../exchange/exchange.js';
import { journalDir, listSnapshots, loadSnapshot, snapshotDir } from '../journal/index.js';
import type { Catalogue } from '../products/catalogue.js';
import type { ExchangeService } from '../server/exchange-service.js';
import { JournalTail } from './journal-tail.js';
import { recordsPerTransactionMax } from './limits.js';
import { Projector, type RowCounts } from './projector.js';
import { historyFile, openHistoryDb, readMeta, type Db } from './schema.js';
import { prepareWrites } from './statements.js';

export interface RecorderOptions {
  readonly dataDir: string;
  readonly catalogue: Catalogue;
  /** Must be the mode the journal was written in: it decides what listing a series does (Exchange). */
  readonly sessions: SessionMode;
  /** The history file (default DIR/history.sqlite); rebuild writes a temporary one. */
  readonly file?: string;
  /** Told when the recorder stops on an error (default: a line on stderr). It stays stopped until reopened. */
  readonly onError?: (error: Error) => void;
}

export class HistoryRecorder {
  private durableSeq = 0;
  private scheduled = false;
  private closed = false;
  private failure: Error | undefined;
  private waiters: { seq: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  private detach: () => void = () => {};
  private readonly applyBatch: (seqMax: number) => number;

  private constructor(
    readonly db: Db,
    private readonly tail: JournalTail,
    private readonly projector: Projector,
    private readonly options: RecorderOptions,
  ) {
    const visit = (type: number, seq: number, tsMicros: number, payload: Uint8Array): void => projector.apply(type, seq, tsMicros, payload, true);
    this.applyBatch = db.transaction((seqMax: number) => tail.read(seqMax, recordsPerTransactionMax, visit));
  }

  /**
   * Opens the history file and brings a replica of the exchange to its last seq (the newest snapshot at or
   * before it, then the journal), without writing; call catchUp() to record what the journal holds beyond.
   */
  static open(options: RecorderOptions): HistoryRecorder {
    const db = openHistoryDb(options.file ?? historyFile(options.dataDir), options.sessions);
    try {
      const meta = readMeta(db);
      if (meta.lastSeq > 0 && meta.sessions !== options.sessions) {
        throw new Error(`history was recorded with sessions ${meta.sessions}, the exchange runs ${options.sessions}: run tokex rebuild`);
      }
      db.prepare('UPDATE meta SET sessions = ? WHERE id = 1').run(options.sessions);
      const { exchange, fromSeq } = replicaAt(options, meta.lastSeq);
      const projector = new Projector(exchange, prepareWrites(db));
      const tail = new JournalTail(journalDir(options.dataDir), fromSeq);
      tail.read(meta.lastSeq, Number.MAX_SAFE_INTEGER, (type, seq, tsMicros, payload) => projector.apply(type, seq, tsMicros, payload, false));
      if (tail.seq !== meta.lastSeq) {
        tail.close();
        throw new Error(`history is recorded up to seq ${meta.lastSeq} but the journal ends at ${tail.seq}: run tokex rebuild`);
      }
      return new HistoryRecorder(db, tail, projector, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Opens the recorder of the service's data directory, catches up, and follows the service's outcomes. */
  static attach(service: ExchangeService, options: { readonly dataDir: string; readonly onError?: (error: Error) => void }): HistoryRecorder {
    const recorder = HistoryRecorder.open({ ...options, catalogue: service.exchange.options.catalogue, sessions: service.exchange.options.sessions });
    recorder.durableSeq = service.recovery.lastSeq;
    recorder.detach = service.onOutcome((_command, outcome) => recorder.durable(outcome.seq));
    recorder.schedule();
    return recorder;
  }

  /** The last seq whose rows are committed. */
  get lastSeq(): number {
    return this.tail.seq;
  }

  get counts(): Readonly<RowCounts> {
    return this.projector.counts;
  }

  /** The replica the rows are computed from (tests compare its state hash with the live exchange). */
  get replica(): Exchange {
    return this.projector.exchange;
  }

  /** Records every whole record the journal holds up to seqMax, now; returns how many. For start-up and rebuild. */
  catchUp(seqMax = Number.MAX_SAFE_INTEGER, progress?: (seq: number, records: number) => void): number {
    this.assertUsable();
    let total = 0;
    for (;;) {
      const applied = this.guarded(() => this.applyBatch(seqMax));
      if (applied === 0) return total;
      total += applied;
      progress?.(this.tail.seq, total);
    }
  }

  /** Tells the recorder that every seq up to seq is durable in the journal; it records them on a later tick. */
  durable(seq: number): void {
    if (seq > this.durableSeq) this.durableSeq = seq;
    this.schedule();
  }

  /** Resolves once every seq the recorder was told about is recorded. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.tail.seq >= this.durableSeq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq: this.durableSeq, resolve, reject });
      this.schedule();
    });
  }

  /** Stops following and closes the file; whatever was not recorded yet is caught up on the next open. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.tail.close();
    this.db.close();
    for (const w of this.waiters.splice(0)) w.reject(new Error('the history recorder was closed'));
  }

  private schedule(): void {
    if (this.scheduled || this.closed || this.failure !== undefined || this.tail.seq >= this.durableSeq) return;
    this.scheduled = true;
    setImmediate(() => this.step());
  }

  /** One transaction per turn of the event loop, so the service's commands interleave with the catch-up. */
  private step(): void {
    this.scheduled = false;
    if (this.closed || this.failure !== undefined) return;
    let applied: number;
    try {
      applied = this.guarded(() => this.applyBatch(this.durableSeq));
    } catch {
      return;
    }
    this.waiters = this.waiters.filter((w) => (w.seq <= this.tail.seq ? (w.resolve(), false) : true));
    if (this.tail.seq >= this.durableSeq) return;
    if (applied > 0) this.schedule();
    else setTimeout(() => this.schedule(), 5); // durable, so on disk: only a slow file system shows this
  }

  /** An error in a transaction leaves the replica ahead of the rolled-back rows: stop until reopened. */
  private guarded<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      this.failure = error as Error;
      for (const w of this.waiters.splice(0)) w.reject(this.failure);
      (this.options.onError ?? ((e) => process.stderr.write(`tokex history: recorder stopped: ${e.message}\n`)))(this.failure);
      throw error;
    }
  }

  private assertUsable(): void {
    assert(!this.closed, 'the history recorder is closed');
    if (this.failure) throw this.failure;
  }
}

/** A replica of the exchange at the newest valid snapshot at or before seq (or empty), and that snapshot's seq. */
function replicaAt(options: RecorderOptions, seq: number): { exchange: Exchange; fromSeq: number } {
  const exchangeOptions = { catalogue: options.catalogue, sessions: options.sessions };
  for (const file of listSnapshots(snapshotDir(options.dataDir))) {
    if (file.seq > seq) continue;
    const loaded = loadSnapshot(file);
    if (typeof loaded === 'string') continue;
    const exchange = new Exchange(exchangeOptions, loaded.state as ExchangeSnapshot);
    assert(exchange.seq === loaded.seq, `snapshot ${file.file} holds state at seq ${exchange.seq}`);
    return { exchange, fromSeq: loaded.seq };
  }
  return { exchange: new Exchange(exchangeOptions), fromSeq: 0 };
}
