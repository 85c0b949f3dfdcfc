// The gateway side of the log: what the REST, FIX and CLI front ends call to get a command sequenced and
// answered. submit() appends the command (retrying through elections with one message id, so it is stored
// once), then waits for the group primary's outcome on this gateway's outcome subjects; if none arrives it
// looks the answer up in the outcome stream, and after requestDeadlineMs it gives up with an error that says
// the outcome is unknown (the caller may retry with the same requestId: the log will not take it twice).

import { assert } from '../core/assert.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import type { Outcome } from '../exchange/outcome.js';
import { parseSymbol } from '../products/symbols.js';
import { CommandLog, type AnsweredOutcome, type Follower } from './command-log.js';
import { connectLog, ensureStreams, type LogConnection } from './connection.js';
import { gatewayIdBytesMax, gatewayPendingMax, outcomeLookupMs, requestDeadlineMs, requestIdBytesMax } from './limits.js';
import { isToken, type ProductGroup } from './subjects.js';

export interface GatewayClientOptions {
  readonly servers: readonly string[];
  readonly gatewayId: string;
  /** The product groups engines serve; commands naming a symbol go to the group of its product. */
  readonly groups: readonly ProductGroup[];
  readonly replicas: number;
  /** One structured line per notable event (the outcome consumer stalled or was re-created), for operators. */
  readonly report?: (event: Record<string, unknown>) => void;
}

export interface SubmitOptions {
  /** Needed for commands that name no symbol (cancel, amend, accounts, cash) when there are several groups. */
  readonly group?: string;
  /** Idempotency key; a fresh one is made when absent. Letters, digits, '_' and '-' only. */
  readonly requestId?: string;
  /** Stamps the command with this time instead of the log's (replays, tests); see envelope.ts. */
  readonly tsMicros?: number;
}

export interface SubmitResult {
  readonly logSeq: number;
  readonly group: string;
  readonly requestId: string;
  readonly outcome: Outcome;
}

export type GatewayErrorKind = 'badRequest' | 'busy' | 'outcomeUnknown' | 'replicaBehind' | 'closed';

export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(readonly kind: GatewayErrorKind, message: string) {
    super(message);
  }

  /** The HTTP status a front end answers with (Fastify reads statusCode from thrown errors). */
  get statusCode(): number {
    return this.kind === 'badRequest' ? 400 : this.kind === 'outcomeUnknown' ? 504 : 503;
  }
}

/** The group a command goes to, or a message saying why it cannot be routed. */
export function routeCommand(groups: readonly ProductGroup[], command: ExchangeCommand, group?: string): ProductGroup | string {
  const names = groups.map((g) => g.name).join(', ');
  const symbol = 'symbol' in command && command.symbol !== '' ? command.symbol : undefined;
  if (symbol !== undefined) {
    const parsed = parseSymbol(symbol);
    if (!parsed.ok) return `symbol: ${parsed.message}`;
    const owner = groups.find((g) => g.productCodes.includes(parsed.product));
    if (!owner) return `symbol: no engine group trades product ${parsed.product}`;
    if (group !== undefined && group !== owner.name) return `group: ${symbol} is traded by group ${owner.name}, not ${group}`;
    return owner;
  }
  if (group !== undefined) return groups.find((g) => g.name === group) ?? `group: ${group} is not one of ${names}`;
  if (groups.length === 1) return groups[0]!;
  return `group: a ${command.type} names no symbol; say which group (${names}) it is for`;
}

interface Pending {
  readonly resolve: (result: SubmitResult) => void;
  readonly reject: (error: Error) => void;
  readonly group: string;
  readonly requestId: string;
  timer: NodeJS.Timeout | undefined;
}

export class GatewayClient {
  private readonly pending = new Map<string, Pending>();
  private readonly bootId = Date.now().toString(36);
  private requestCount = 0;
  private follower: Follower | undefined;
  private closed = false;

  private constructor(private readonly connection: LogConnection, private readonly log: CommandLog, readonly options: GatewayClientOptions) {
    assert(isToken(options.gatewayId, gatewayIdBytesMax), `gatewayId ${JSON.stringify(options.gatewayId)}`);
    assert(options.groups.length > 0, 'a gateway needs at least one product group');
  }

  static async connect(options: GatewayClientOptions): Promise<GatewayClient> {
    const connection = await connectLog(options.servers, `tokex-gateway-${options.gatewayId}`);
    await ensureStreams(connection, options.replicas);
    const client = new GatewayClient(connection, new CommandLog(connection), options);
    // Subscribed before the first append, so no answer can come before we listen.
    client.follower = await client.log.followOutcomes(options.gatewayId, (answer) => client.answered(answer),
      (notice) => options.report?.({ event: 'consumer', gatewayId: options.gatewayId, notice }));
    return client;
  }

  /** The log this client appends to, for front ends that also follow it (ClusterService). */
  get commandLog(): CommandLog {
    return this.log;
  }

  route(command: ExchangeCommand, group?: string): ProductGroup | string {
    return routeCommand(this.options.groups, command, group);
  }

  async submit(command: ExchangeCommand, options: SubmitOptions = {}): Promise<SubmitResult> {
    if (this.closed) throw new GatewayError('closed', 'the gateway is shutting down');
    const group = this.route(command, options.group);
    if (typeof group === 'string') throw new GatewayError('badRequest', group);
    const requestId = options.requestId ?? `${this.bootId}-${(++this.requestCount).toString(36)}`;
    if (!isToken(requestId, requestIdBytesMax)) throw new GatewayError('badRequest', `requestId: letters, digits, '_' and '-' only, at most ${requestIdBytesMax}`);
    const key = `${group.name}/${requestId}`;
    if (this.pending.has(key)) throw new GatewayError('badRequest', `requestId: ${requestId} is already waiting for its outcome`);
    if (this.pending.size >= gatewayPendingMax) throw new GatewayError('busy', `${gatewayPendingMax} commands are already waiting; retry later`);
    const deadlineAt = Date.now() + requestDeadlineMs;
    const result = new Promise<SubmitResult>((resolve, reject) => {
      this.pending.set(key, { resolve, reject, group: group.name, requestId, timer: undefined });
    });
    let duplicate = false;
    try {
      duplicate = (await this.log.append(group.name, { gatewayId: this.options.gatewayId, requestId, command, ...(options.tsMicros === undefined ? {} : { tsMicros: options.tsMicros }) }, deadlineAt)).duplicate;
    } catch (error) {
      this.settle(key, new GatewayError('outcomeUnknown', `the log did not confirm ${requestId}: ${(error as Error).message}`));
      return await result;
    }
    const entry = this.pending.get(key);
    // A duplicate was stored earlier (a retry by our caller): its outcome is probably there already.
    if (entry) this.scheduleLookup(key, entry, deadlineAt, duplicate ? 0 : outcomeLookupMs);
    return await result;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const key of [...this.pending.keys()]) this.settle(key, new GatewayError('closed', 'the gateway closed before the outcome arrived'));
    await this.follower?.stop();
    await this.connection.nc.drain().catch(() => undefined);
  }

  private answered(answer: AnsweredOutcome): void {
    this.settle(`${answer.group}/${answer.requestId}`, answer);
  }

  /** The primary may have died before answering, or the answer arrived while our consumer was being re-created. */
  private scheduleLookup(key: string, entry: Pending, deadlineAt: number, delayMs = outcomeLookupMs): void {
    entry.timer = setTimeout(() => {
      if (this.pending.get(key) !== entry) return;
      if (Date.now() >= deadlineAt) {
        this.settle(key, new GatewayError('outcomeUnknown', `no outcome for ${entry.requestId} within ${requestDeadlineMs} ms; it may still be applied (retry with the same requestId)`));
        return;
      }
      this.log.readOutcome(this.options.gatewayId, entry.group, entry.requestId)
        .then((answer) => { if (answer) this.settle(key, answer); })
        .catch(() => undefined)
        .finally(() => { if (this.pending.get(key) === entry) this.scheduleLookup(key, entry, deadlineAt); });
    }, delayMs);
  }

  private settle(key: string, answer: AnsweredOutcome | Error): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    this.pending.delete(key);
    clearTimeout(entry.timer);
    if (answer instanceof Error) entry.reject(answer);
    else entry.resolve({ logSeq: answer.logSeq, group: answer.group, requestId: answer.requestId, outcome: answer.outcome });
  }
}
