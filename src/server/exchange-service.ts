// The exchange as a durable service: the pipeline plus the journal. A command is applied, journalled, and
// only answered (and published) once its record is on disk; start-up replays the journal into a fresh
// pipeline, so the state after a crash is the state of every acknowledged command.
//
// Ordering: commands apply in arrival order; group commit makes many records durable with one fdatasync, and
// the answers of one batch resolve in sequence order. When the journal's batch is full the service queues
// arrivals and waits for the disk rather than refusing: a command is never applied without room to journal it.

import { mkdirSync } from 'node:fs';
import { assert } from '../core/assert.js';
import { marginCallGraceMicros } from '../clearing/settlement.js';
import { CommandScratch, decodeExchangeCommand, encodeExchangeCommandInto } from '../exchange/codec.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import { Exchange, type ExchangeSnapshot, type SessionMode } from '../exchange/exchange.js';
import type { Outcome } from '../exchange/outcome.js';
import { journalDir, JournalWriter, type WriterStats, loadNewestSnapshot, pruneSnapshots, RecordType, snapshotDir, writeSnapshot } from '../journal/index.js';
import type { Catalogue } from '../products/catalogue.js';
import { FixingStore } from '../index/store.js';
import { startGtdSweep } from './gtd-sweep.js';
import { listingReferencePrices } from './index-prices.js';
import { lockDataDir } from './lock.js';

export interface ServiceOptions {
  /** Without one the exchange lives in memory only (tests, the quick demo). */
  readonly dataDir?: string;
  readonly catalogue: Catalogue;
  readonly sessions: SessionMode;
  /** Wall clock in microseconds since the epoch: the sequencer's time stamp. */
  readonly clock: () => number;
  /** How often margin calls are checked and unmet ones past their deadline liquidated (default 60 s; 0: never). */
  readonly marginCheckEveryMs?: number;
  /** How often to look for GTD orders past their time and expire them with an expireDue command (default 1 s; 0: never). */
  readonly gtdSweepEveryMs?: number;
  /** Take a snapshot after this many commands since the last one (default snapshotEveryCommandsDefault; 0: never). */
  readonly snapshotEveryCommands?: number;
  /** The first reference price of a newly listed series, per product code (default: the latest index fixing in DIR/index.sqlite, else the demo prices). */
  readonly referenceTicks?: (isoDate: string) => Record<string, number>;
}

export type OutcomeListener = (command: ExchangeCommand, outcome: Outcome) => void;
/** How submitWith answers: the outcome, or an error (service closed, journal failed). */
export type Done = (outcome: Outcome | undefined, error: Error | undefined) => void;

interface Waiting {
  readonly command: ExchangeCommand;
  readonly done: Done;
}

export const marginCheckEveryMsDefault = 60_000;
/** A GTD order rests at most about this long past its time (the sweep only journals a command when one is due). */
export const gtdSweepEveryMsDefault = 1_000;

/** Snapshots kept on disk: the newest few, in case the newest is damaged. */
export const snapshotsKept = 3;
/** Replay runs at about two million commands a second: half a million keeps a restart near a second of replay. */
export const snapshotEveryCommandsDefault = 500_000;

export interface RecoveryReport {
  /** The seq of the snapshot recovery started from (0: none, the whole journal was replayed). */
  readonly snapshotSeq: number;
  /** Newer snapshot files that failed validation and were passed over. */
  readonly snapshotsSkipped: readonly string[];
  readonly commandsReplayed: number;
  readonly lastSeq: number;
  readonly tornTail: string | null;
  readonly seconds: number;
}

export class ExchangeService {
  readonly exchange: Exchange;
  private readonly listeners = new Set<OutcomeListener>();
  /** Where order entry encodes each command for the journal (see CommandScratch). */
  private readonly scratch = new CommandScratch();
  private readonly waiting: Waiting[] = [];
  private waitingHead = 0;
  /** The journal batch being filled: its shared promise and the commands waiting on it. */
  private batchDurable: Promise<void> | undefined;
  private batch: PendingBatch | undefined;
  private draining = false;
  /** While a snapshot copies the state, arrivals queue: the copy must hold exactly the durable commands. */
  private paused = false;
  private closed = false;
  private snapshotting: Promise<unknown> | undefined;
  private snapshotSeqLast: number;
  /** The last automatic snapshot's failure, if any (trading goes on; the journal still holds everything). */
  snapshotError: Error | undefined;
  private marginTimer: NodeJS.Timeout | undefined;
  private stopGtdSweep: () => void = () => {};

  private constructor(
    private readonly options: ServiceOptions,
    private readonly writer: JournalWriter | undefined,
    exchange: Exchange,
    readonly recovery: RecoveryReport,
    private readonly unlock: () => void,
    /** The index fixings of the data directory (undefined in memory). */
    readonly fixings: FixingStore | undefined,
  ) {
    this.exchange = exchange;
    this.snapshotSeqLast = recovery.snapshotSeq;
    const every = options.marginCheckEveryMs ?? marginCheckEveryMsDefault;
    if (every > 0) {
      // The check is a sequenced command like any other, so replay liquidates exactly as the live run did.
      this.marginTimer = setInterval(() => {
        if (this.closed || this.exchange.allInstruments().length === 0) return;
        this.submit({ type: 'marginCheck', deadlineMicros: this.options.clock() + marginCallGraceMicros }).catch(() => {});
      }, every);
      this.marginTimer.unref();
    }
    const gtdEvery = options.gtdSweepEveryMs ?? gtdSweepEveryMsDefault;
    if (gtdEvery > 0) {
      this.stopGtdSweep = startGtdSweep({ exchange, clockMicros: options.clock, everyMs: gtdEvery, submit: () => this.submit({ type: 'expireDue' }) });
    }
  }

  static async open(options: ServiceOptions): Promise<ExchangeService> {
    const exchangeOptions = { catalogue: options.catalogue, sessions: options.sessions };
    let exchange = new Exchange(exchangeOptions);
    const started = performance.now();
    let replayed = 0;
    let writer: JournalWriter | undefined;
    let unlock = (): void => {};
    let snapshotSeq = 0;
    const snapshotsSkipped: string[] = [];
    if (options.dataDir !== undefined) {
      mkdirSync(options.dataDir, { recursive: true });
      unlock = lockDataDir(options.dataDir);
      try {
        const { newest, skipped } = loadNewestSnapshot(snapshotDir(options.dataDir));
        for (const bad of skipped) snapshotsSkipped.push(`${bad.file}: ${bad.reason}`);
        if (newest !== null) {
          exchange = new Exchange(exchangeOptions, newest.state as ExchangeSnapshot);
          assert(exchange.seq === newest.seq, `snapshot file at seq ${newest.seq} holds state at seq ${exchange.seq}`);
          snapshotSeq = newest.seq;
        }
        writer = openJournalReplaying(options.dataDir, exchange, snapshotSeq, () => replayed++);
      } catch (error) {
        unlock();
        throw error;
      }
    }
    const tail = writer?.recovery.tail;
    const recovery: RecoveryReport = {
      snapshotSeq,
      snapshotsSkipped,
      commandsReplayed: replayed,
      lastSeq: exchange.seq,
      tornTail: tail ? `${tail.file} at byte ${tail.offset}: ${tail.reason}` : null,
      seconds: (performance.now() - started) / 1000,
    };
    return new ExchangeService(options, writer, exchange, recovery, unlock, options.dataDir === undefined ? undefined : new FixingStore(options.dataDir));
  }

  /** The journal's counters (records, batches = fdatasyncs, bytes); undefined in memory. */
  get journalStats(): WriterStats | undefined {
    return this.writer?.stats;
  }

  onOutcome(listener: OutcomeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the outcome once the command is durable (at once when it was refused: nothing to keep). */
  submit(command: ExchangeCommand): Promise<Outcome> {
    return new Promise((resolve, reject) => this.submitWith(command, (outcome, error) => (error === undefined ? resolve(outcome!) : reject(error))));
  }

  /**
   * submit without a promise per command, for the order-entry paths: done(outcome) runs once the command is
   * durable, after the outcome listeners, in sequence order; a refused command is answered before this returns.
   * done(undefined, error) when the service is closed or the journal failed.
   */
  submitWith(command: ExchangeCommand, done: Done): void {
    if (this.closed) return done(undefined, new Error('the exchange service is closed'));
    if (this.draining || this.paused || this.waitingHead < this.waiting.length) return this.enqueue(command, done);
    const payload = encodeExchangeCommandInto(command, this.scratch);
    if (this.writer !== undefined && !this.writer.canAppend(payload.length)) return this.enqueue(command, done);
    this.apply(command, payload, done);
  }

  /** Lists the series of isoDate that are not listed yet (a new day's month, or the first start). */
  async ensureListed(isoDate: string): Promise<string[]> {
    if (this.exchange.listedIsoDate === isoDate) return [];
    const fromIndex = (): Record<string, number> => {
      const prices: Record<string, number> = {};
      for (const [code, price] of listingReferencePrices(this.options.catalogue, this.fixings, isoDate)) prices[code] = price.priceTicks;
      return prices;
    };
    const referenceTicksByProduct = (this.options.referenceTicks ?? fromIndex)(isoDate);
    const outcome = await this.submit({ type: 'listSeries', isoDate, referenceTicksByProduct, sessions: this.options.sessions });
    assert(outcome.rejection === undefined, `listing ${isoDate}: ${outcome.rejection?.message}`);
    return (outcome.result as { listed: string[] }).listed;
  }

  /**
   * Writes the whole state as a snapshot at the current seq. The state is copied synchronously (trading pauses
   * only for the copy); the file is written and fsync'd after, while commands go on. Only state whose commands
   * are durable is snapshotted: a snapshot must never hold a command the journal could lose.
   */
  async snapshot(): Promise<{ seq: number; file: string; bytes: number }> {
    assert(this.options.dataDir !== undefined && this.writer !== undefined, 'snapshots need a data directory');
    const dir = snapshotDir(this.options.dataDir);
    let writing: Promise<{ seq: number; file: string; bytes: number }>;
    while (this.draining) await new Promise((r) => setImmediate(r));
    this.paused = true;
    try {
      await this.writer.flush();
      // writeSnapshot encodes the state before its first await, so commands may resume right after this call.
      writing = writeSnapshot(dir, this.exchange.seq, this.exchange.snapshot());
    } finally {
      this.paused = false;
      if (this.waitingHead < this.waiting.length) void this.drain();
    }
    const written = await writing;
    this.snapshotSeqLast = Math.max(this.snapshotSeqLast, written.seq);
    pruneSnapshots(dir, snapshotsKept);
    return written;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.marginTimer);
    this.stopGtdSweep();
    while (this.waitingHead < this.waiting.length || this.draining) await new Promise((r) => setImmediate(r));
    await this.snapshotting;
    this.closed = true;
    try {
      await this.writer?.close();
    } finally {
      this.fixings?.close();
      this.unlock();
    }
  }

  /** payload may be this.scratch's bytes: it is copied into the journal's batch before anything else encodes. */
  private apply(command: ExchangeCommand, payload: Uint8Array, done: Done): void {
    const outcome = this.exchange.submit(command, this.options.clock());
    if (outcome.seq === 0) return done(outcome, undefined);
    if (this.writer === undefined) {
      this.publish(command, outcome);
      return done(outcome, undefined);
    }
    const durable = this.writer.append(RecordType.exchangeCommand, outcome.seq, this.exchange.tsMicros, payload);
    // One continuation per journal batch, not one promise per command: every append of a batch returns the
    // batch's shared promise, and the commands waiting on it are released together, in sequence order.
    if (durable !== this.batchDurable) {
      this.batchDurable = durable;
      const batch = (this.batch = new PendingBatch());
      durable.then(() => this.release(batch), (error: Error) => batch.fail(error));
    }
    this.batch!.push(command, outcome, done);
  }

  private release(batch: PendingBatch): void {
    if (batch === this.batch) {
      this.batch = undefined;
      this.batchDurable = undefined;
    }
    for (let i = 0; i < batch.length; i++) {
      const outcome = batch.outcomes[i]!;
      this.publish(batch.commands[i]!, outcome);
      batch.dones[i]!(outcome, undefined);
    }
    if (batch.length > 0) this.maybeSnapshot(batch.outcomes[batch.length - 1]!.seq);
  }

  /** Resolves when no automatic snapshot is being written. */
  async snapshotSettled(): Promise<void> {
    await this.snapshotting;
  }

  private maybeSnapshot(seq: number): void {
    const every = this.options.snapshotEveryCommands ?? snapshotEveryCommandsDefault;
    if (every <= 0 || this.snapshotting !== undefined || this.closed || seq - this.snapshotSeqLast < every) return;
    this.snapshotting = this.snapshot()
      .then(() => { this.snapshotError = undefined; }, (error: Error) => { this.snapshotError = error; })
      .finally(() => { this.snapshotting = undefined; });
  }

  private publish(command: ExchangeCommand, outcome: Outcome): void {
    for (const listener of this.listeners) listener(command, outcome);
  }

  private enqueue(command: ExchangeCommand, done: Done): void {
    this.waiting.push({ command, done });
    if (!this.draining && !this.paused) void this.drain();
  }

  /** Waits for the disk, then applies the queued commands in order while the batch has room. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waitingHead < this.waiting.length) {
        const next = this.waiting[this.waitingHead]!;
        const payload = encodeExchangeCommandInto(next.command, this.scratch);
        if (this.writer !== undefined && !this.writer.canAppend(payload.length)) {
          try {
            await this.writer.flush();
          } catch (error) {
            const failed = this.waiting.splice(this.waitingHead);
            this.waiting.length = 0;
            this.waitingHead = 0;
            for (const w of failed) w.done(undefined, error as Error);
            return;
          }
          continue;
        }
        // A moving head instead of shift(): under load the queue holds thousands, and shift() copies them all.
        this.waiting[this.waitingHead++] = undefined as unknown as Waiting;
        this.apply(next.command, payload, next.done);
      }
      this.waiting.length = 0;
      this.waitingHead = 0;
    } finally {
      this.draining = false;
    }
  }
}

/** The commands applied into one journal batch, released together once it is durable. */
class PendingBatch {
  readonly commands: ExchangeCommand[] = [];
  readonly outcomes: Outcome[] = [];
  readonly dones: Done[] = [];
  length = 0;

  push(command: ExchangeCommand, outcome: Outcome, done: Done): void {
    this.commands.push(command);
    this.outcomes.push(outcome);
    this.dones.push(done);
    this.length++;
  }

  fail(error: Error): void {
    for (let i = 0; i < this.length; i++) this.dones[i]!(undefined, error);
  }
}

/** Opens DIR/journal for appending after replaying every record into exchange (the state of the last run). */
function openJournalReplaying(dataDir: string, exchange: Exchange, fromSeq: number, counted: () => void): JournalWriter {
  return JournalWriter.open(journalDir(dataDir), {
    replay: {
      fromSeq,
      visit: (type, seq, tsMicros, payload) => {
        if (type !== RecordType.exchangeCommand) return;
        const outcome = exchange.submit(decodeExchangeCommand(payload), tsMicros);
        assert(outcome.seq === seq, `journal record ${seq} replayed as seq ${outcome.seq}: the journal does not match this build`);
        counted();
      },
    },
  });
}
