// The exchange service of a gateway on the JetStream command log (`tokex serve --log`): the same seam as the
// single-machine ExchangeService (ExchangeServiceLike), so REST, WebSocket and FIX run on it unchanged.
//
//   submit ─► GatewayClient.submit (msg-id dedup, retried through elections) ─► primary's outcome ─┐
//   log (TOKEX_CMDS, in order) ─► local follower Exchange ─► onOutcome listeners                   ├─► resolve
//                                                    └──── this gateway's own command applied ────┘
//
// The follower is a replica like a standby engine: it applies every command of its group in stream order at
// the stored timestamps, so its state at a log sequence is the engines' state there (the pipeline is
// deterministic). A submit resolves only once the follower has applied the command, so a client that reads
// after its acknowledgement sees its own order; the outcome it resolves with is the follower's, which must
// equal the primary's (checked: a difference means this build is not the engines' build, an invariant).
//
// Commands every gateway would send alike (today's listing, session phases) are appended under one shared
// message id, so however many gateways send them inside the duplicate window the log holds them once.

import { assert } from '../core/assert.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import { Exchange, type ExchangeOptions } from '../exchange/exchange.js';
import type { Outcome } from '../exchange/outcome.js';
import type { ExchangeServiceLike } from '../gateway/service.js';
import type { CommandLog, Follower } from './command-log.js';
import { retrying } from './connection.js';
import type { LogEntry } from './envelope.js';
import { GatewayClient, GatewayError } from './gateway-client.js';
import { consumerCreateDeadlineMs, followerApplyDeadlineMs, requestDeadlineMs } from './limits.js';
import { isToken, type ProductGroup } from './subjects.js';

/** The gateway id under which shared commands (listing, phases) are appended; no gateway may take it. */
export const sharedGatewayId = 'tokex-shared';

export interface ClusterServiceOptions {
  readonly servers: readonly string[];
  /** Unique per gateway process in the cluster (it names the outcome subjects and the dedup ids). */
  readonly gatewayId: string;
  /** The one product group this gateway serves (its follower is that group's exchange). */
  readonly group: ProductGroup;
  /** Must equal the engines' options (catalogue of the group, sessions): the follower replays what they apply. */
  readonly exchange: ExchangeOptions;
  readonly replicas: number;
  /** How long open() waits for the follower to reach the log's end before it gives up. */
  readonly catchUpDeadlineMs?: number;
  readonly report?: (event: Record<string, unknown>) => void;
}

type OutcomeListener = (command: ExchangeCommand, outcome: Outcome) => void;

interface OwnCommand {
  readonly command: ExchangeCommand;
  readonly applied: (outcome: Outcome) => void;
  readonly failed: (error: Error) => void;
}

interface SeqWaiter {
  readonly logSeq: number;
  readonly reached: () => void;
  readonly failed: (error: Error) => void;
}

export class ClusterService implements ExchangeServiceLike {
  readonly exchange: Exchange;
  private lastApplied = 0;
  private readonly own = new Map<string, OwnCommand>();
  private seqWaiters: SeqWaiter[] = [];
  private readonly listeners = new Set<OutcomeListener>();
  private readonly bootId = Date.now().toString(36);
  private requestCount = 0;
  private follower: Follower | undefined;
  private failure: Error | undefined;
  private closed = false;
  private readonly failedPromise: Promise<never>;
  private fail!: (error: Error) => void;

  private constructor(private readonly client: GatewayClient, readonly options: ClusterServiceOptions) {
    this.exchange = new Exchange(options.exchange);
    this.failedPromise = new Promise<never>((_resolve, reject) => { this.fail = reject; });
    this.failedPromise.catch(() => undefined);
  }

  /** Connects, follows the group's log from its first command, and resolves once the follower is at its end. */
  static async open(options: ClusterServiceOptions): Promise<ClusterService> {
    assert(options.gatewayId !== sharedGatewayId, `gateway id ${sharedGatewayId} is reserved for shared commands`);
    const client = await GatewayClient.connect({ servers: options.servers, gatewayId: options.gatewayId, groups: [options.group], replicas: options.replicas });
    const service = new ClusterService(client, options);
    try {
      service.follower = await service.log.follow(options.group.name, 0, (entry) => service.apply(entry),
        (notice) => options.report?.({ event: 'follower', gatewayId: options.gatewayId, lastAppliedLogSeq: service.lastApplied, notice }));
      service.follower.done.then(
        () => { if (!service.closed) service.stopFollowing(new Error('the command log follower stopped')); },
        (error: Error) => service.stopFollowing(error),
      );
      const deadlineMs = options.catchUpDeadlineMs ?? consumerCreateDeadlineMs;
      const endSeq = await retrying('reading where the log ends', deadlineMs, () => service.log.lastSeq(options.group.name));
      await service.appliedThrough(endSeq);
      options.report?.({ event: 'caughtUp', gatewayId: options.gatewayId, group: options.group.name, logSeq: endSeq, exchangeSeq: service.exchange.seq });
      return service;
    } catch (error) {
      await service.close();
      throw error;
    }
  }

  /** The last log sequence the follower applied (a log sequence, not the exchange's seq). */
  get lastAppliedLogSeq(): number {
    return this.lastApplied;
  }

  /** Rejects when the follower cannot go on (a command broke an invariant, the log stopped): restart the gateway. */
  get failed(): Promise<never> {
    return this.failedPromise;
  }

  onOutcome(listener: OutcomeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Appends the command and resolves with its outcome once the follower applied it; a command the primary
   * refused before sequencing (seq 0) resolves with the primary's outcome at once (it changed no state).
   * Rejects with a GatewayError (statusCode 400/503/504) when the log cannot take it, no outcome came, or
   * this replica did not apply it within followerApplyDeadlineMs (replicaBehind: it IS in the log).
   */
  async submit(command: ExchangeCommand): Promise<Outcome> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new GatewayError('closed', 'the gateway is shutting down');
    const requestId = `${this.bootId}-${(++this.requestCount).toString(36)}`;
    let ownCommand!: OwnCommand;
    const applied = new Promise<Outcome>((resolve, reject) => { ownCommand = { command, applied: resolve, failed: reject }; });
    applied.catch(() => undefined);
    // Registered before the append: the follower may apply the command before the primary's answer arrives.
    this.own.set(requestId, ownCommand);
    try {
      const answered = await this.client.submit(command, { requestId });
      if (answered.outcome.seq === 0) return answered.outcome;
      const outcome = await this.withinApplyDeadline(applied, answered.logSeq);
      assert(outcome.seq === answered.outcome.seq && outcome.orderId === answered.outcome.orderId && outcome.rejection?.code === answered.outcome.rejection?.code,
        `log ${answered.logSeq}: the follower's outcome (seq ${outcome.seq}) differs from the primary's (seq ${answered.outcome.seq}); gateway and engines run different builds or options`);
      return outcome;
    } finally {
      this.own.delete(requestId);
    }
  }

  /**
   * Appends a command every gateway would send alike under the shared message id `key`, so the log keeps one
   * copy per duplicate window; resolves once the follower applied it (or the earlier copy it duplicates).
   */
  async submitShared(command: ExchangeCommand, key: string): Promise<void> {
    if (this.failure) throw this.failure;
    assert(isToken(key, 64), `shared key ${JSON.stringify(key)}`);
    const ack = await this.log.append(this.options.group.name, { gatewayId: sharedGatewayId, requestId: key, command }, Date.now() + requestDeadlineMs);
    await this.withinApplyDeadline(this.appliedThrough(ack.seq), ack.seq);
  }

  /**
   * Lists isoDate's series (shared key list-<date>: every gateway calls this at start and when the day turns).
   * Listing an already listed date lists nothing and changes no series; returns the symbols that are new here.
   */
  async ensureListed(isoDate: string, referenceTicksByProduct: Record<string, number>): Promise<string[]> {
    const before = new Set(this.exchange.allInstruments().map((i) => i.symbol));
    await this.submitShared({ type: 'listSeries', isoDate, referenceTicksByProduct, sessions: this.options.exchange.sessions }, `list-${isoDate}`);
    return this.exchange.allInstruments().map((i) => i.symbol).filter((symbol) => !before.has(symbol));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.follower?.stop();
    await this.client.close();
    this.stopFollowing(new GatewayError('closed', 'the gateway closed'));
  }

  private get log(): CommandLog {
    return this.client.commandLog;
  }

  private apply(entry: LogEntry): void {
    const outcome = this.exchange.submit(entry.command, entry.tsMicros);
    this.lastApplied = entry.logSeq;
    const ownCommand = entry.gatewayId === this.options.gatewayId ? this.own.get(entry.requestId) : undefined;
    // Our own command is handed to listeners as the object submitted: FIX recognises its own commands by identity.
    if (outcome.seq > 0) this.publish(ownCommand?.command ?? entry.command, outcome);
    ownCommand?.applied(outcome);
    if (this.seqWaiters.length > 0) {
      const waiting = this.seqWaiters;
      this.seqWaiters = waiting.filter((w) => w.logSeq > entry.logSeq);
      for (const waiter of waiting) if (waiter.logSeq <= entry.logSeq) waiter.reached();
    }
  }

  private publish(command: ExchangeCommand, outcome: Outcome): void {
    for (const listener of this.listeners) {
      try {
        listener(command, outcome);
      } catch (error) {
        // A listener's fault (a FIX session, a WebSocket) must not stop the replica, which every query reads.
        this.options.report?.({ event: 'warning', gatewayId: this.options.gatewayId, message: `outcome listener failed at seq ${outcome.seq}: ${(error as Error).message}` });
      }
    }
  }

  /** The command is in the log and applied by the engines; if this replica lags that long, say so rather than hang. */
  private async withinApplyDeadline<T>(applied: Promise<T>, logSeq: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new GatewayError('replicaBehind',
        `log ${logSeq} was applied by the engines, but this gateway's replica (at log ${this.lastApplied}) did not reach it within ${followerApplyDeadlineMs} ms; read it back later or through another gateway`)), followerApplyDeadlineMs);
    });
    try {
      return await Promise.race([applied, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private appliedThrough(logSeq: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (logSeq <= this.lastApplied) return Promise.resolve();
    return new Promise((reached, failed) => { this.seqWaiters.push({ logSeq, reached, failed }); });
  }

  private stopFollowing(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiter of this.seqWaiters.splice(0)) waiter.failed(error);
    for (const ownCommand of this.own.values()) ownCommand.failed(error);
    if (!this.closed) {
      this.options.report?.({ event: 'fatal', gatewayId: this.options.gatewayId, message: error.message });
      this.fail(error);
    }
  }
}
