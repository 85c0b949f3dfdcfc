// An engine process for one product group, primary or hot standby. Both follow the group's commands in the
// log with an ordered consumer and apply every one to their own Exchange, so a standby holds the same state
// as the primary at the same sequence. Only the lease holder answers:
//
//   log (TOKEX_CMDS, in order) ─► Exchange.submit(command, tsMicros) ─► outcome ring ─► [primary] outcome stream
//
// Taking over (the lease was won): the node first applies everything in the log up to the sequence that was
// last when it won, then re-publishes the kept outcomes after the last answer found in the outcome stream
// (minus a margin), then answers live. Gateways retry with the same message id and look answers up, so an
// acknowledged command is neither lost nor applied twice.

import type { Subscription } from '@nats-io/transport-node';
import { Exchange, type ExchangeOptions } from '../exchange/exchange.js';
import { CommandLog, type Follower } from './command-log.js';
import { connectLog, ensureStreams, type LogConnection } from './connection.js';
import type { LogEntry } from './envelope.js';
import { Lease } from './lease.js';
import { outcomesKeptMax, outcomesReplayMarginMax, publishRetryMs } from './limits.js';
import { OutcomePublisher } from './outcome-publisher.js';
import { OutcomeRing } from './outcome-ring.js';
import { statusSubject, type ProductGroup } from './subjects.js';

export type EngineRole = 'standby' | 'catchingUp' | 'primary';

export interface EngineNodeOptions {
  readonly servers: readonly string[];
  readonly group: ProductGroup;
  readonly nodeId: string;
  /** Must be the same on every engine of the group: it is part of the deterministic function of the log. */
  readonly exchange: ExchangeOptions;
  readonly replicas: number;
  /** One structured line per notable event (role changes, takeover figures, problems). */
  readonly report: (event: Record<string, unknown>) => void;
}

export interface EngineStatus {
  readonly nodeId: string;
  readonly group: string;
  readonly role: EngineRole;
  readonly lastAppliedSeq: number;
  readonly exchangeSeq: number;
  readonly stateHash: string;
}

export class EngineNode {
  readonly exchange: Exchange;
  private roleNow: EngineRole = 'standby';
  private lastApplied = 0;
  private readonly ring = new OutcomeRing(outcomesKeptMax);
  private readonly publisher: OutcomePublisher;
  private readonly lease: Lease;
  private follower: Follower | undefined;
  private status: Subscription | undefined;
  private takeover: { targetSeq: number; answeredSeq: number } | undefined;
  private takeoverAttempt = 0;

  private constructor(private readonly connection: LogConnection, private readonly log: CommandLog, readonly options: EngineNodeOptions) {
    this.exchange = new Exchange(options.exchange);
    const line = (message: string): void => options.report({ event: 'warning', nodeId: options.nodeId, message });
    this.publisher = new OutcomePublisher(log, options.group.name, line);
    this.lease = new Lease(connection, { group: options.group.name, nodeId: options.nodeId, onChange: (holding) => this.onLeaseChange(holding), log: line });
  }

  static async start(options: EngineNodeOptions): Promise<EngineNode> {
    const connection = await connectLog(options.servers, `tokex-engine-${options.group.name}-${options.nodeId}`);
    await ensureStreams(connection, options.replicas);
    const node = new EngineNode(connection, new CommandLog(connection), options);
    node.follower = await node.log.follow(options.group.name, 0, (entry) => node.apply(entry),
      (notice) => options.report({ event: 'consumer', nodeId: options.nodeId, notice }));
    node.status = node.connection.nc.subscribe(statusSubject(options.group.name, options.nodeId), {
      callback: (_error, message) => { message.respond(JSON.stringify(node.statusNow())); },
    });
    node.lease.start();
    options.report({ event: 'started', nodeId: options.nodeId, group: options.group.name });
    return node;
  }

  get role(): EngineRole {
    return this.roleNow;
  }

  get lastAppliedSeq(): number {
    return this.lastApplied;
  }

  /** Rejects if applying a command broke an invariant: the process must stop (recovery is replay). */
  get failed(): Promise<void> {
    return this.follower!.done;
  }

  statusNow(): EngineStatus {
    return {
      nodeId: this.options.nodeId, group: this.options.group.name, role: this.roleNow,
      lastAppliedSeq: this.lastApplied, exchangeSeq: this.exchange.seq, stateHash: this.exchange.stateHash(),
    };
  }

  async stop(): Promise<void> {
    await this.lease.stop();
    this.setRole('standby');
    await this.follower?.stop();
    this.status?.unsubscribe();
    await this.publisher.drained();
    await this.connection.nc.drain().catch(() => undefined);
  }

  private apply(entry: LogEntry): void {
    const outcome = this.exchange.submit(entry.command, entry.tsMicros);
    this.lastApplied = entry.logSeq;
    const kept = { entry, outcome };
    this.ring.push(kept);
    if (this.roleNow === 'primary') this.publisher.enqueue(kept);
    else if (this.roleNow === 'catchingUp') this.finishTakeoverIfCaughtUp();
  }

  private onLeaseChange(holding: boolean): void {
    if (!holding) {
      this.takeover = undefined;
      this.setRole('standby');
      return;
    }
    this.setRole('catchingUp');
    void this.prepareTakeover(++this.takeoverAttempt);
  }

  /** Reads where the log ends and the last answer stored, retrying while the cluster elects leaders. */
  private async prepareTakeover(attempt: number): Promise<void> {
    const group = this.options.group.name;
    while (attempt === this.takeoverAttempt && this.roleNow === 'catchingUp') {
      try {
        const [targetSeq, answeredSeq] = await Promise.all([this.log.lastSeq(group), this.log.lastAnsweredSeq(group)]);
        if (attempt !== this.takeoverAttempt || this.roleNow !== 'catchingUp') return;
        this.takeover = { targetSeq, answeredSeq };
        this.options.report({ event: 'takeover', nodeId: this.options.nodeId, targetSeq, answeredSeq, lastAppliedSeq: this.lastApplied });
        this.finishTakeoverIfCaughtUp();
        return;
      } catch (error) {
        this.options.report({ event: 'warning', nodeId: this.options.nodeId, message: `takeover: ${(error as Error).message}` });
        await new Promise((resolve) => setTimeout(resolve, publishRetryMs));
      }
    }
  }

  private finishTakeoverIfCaughtUp(): void {
    if (this.roleNow !== 'catchingUp' || this.takeover === undefined || this.lastApplied < this.takeover.targetSeq) return;
    const fromSeq = Math.max(0, this.takeover.answeredSeq - outcomesReplayMarginMax);
    const oldestKept = this.ring.oldestSeq();
    if (oldestKept !== undefined && oldestKept > fromSeq + 1) {
      this.options.report({ event: 'warning', nodeId: this.options.nodeId, message: `outcomes ${fromSeq + 1}..${oldestKept - 1} are no longer kept; their gateways will time out` });
    }
    const backlog = this.ring.after(fromSeq);
    for (const kept of backlog) this.publisher.enqueue(kept);
    this.takeover = undefined;
    this.setRole('primary');
    this.options.report({ event: 'answering', nodeId: this.options.nodeId, republished: backlog.length, lastAppliedSeq: this.lastApplied });
  }

  private setRole(role: EngineRole): void {
    if (role === this.roleNow) return;
    this.roleNow = role;
    this.options.report({ event: 'role', nodeId: this.options.nodeId, group: this.options.group.name, role, lastAppliedSeq: this.lastApplied });
  }
}
