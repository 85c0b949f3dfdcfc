// `tokex serve`: the exchange as one process. Opens the durable ExchangeService on DIR (replaying its
// journal), lists today's series, starts the HTTP server and the FIX acceptor on the same service,
// and with --sessions real drives trading phases by the wall clock. Logs are pino JSON on stdout.
// With --log nats://… the exchange is a follower of the JetStream command log instead (src/cluster/serve-log.ts).

import { defaultCatalogue, type Catalogue } from '../products/catalogue.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import { openLogService } from '../cluster/serve-log.js';
import type { SessionMode } from '../exchange/exchange.js';
import { HistoryQueries } from '../history/queries.js';
import { HistoryRecorder } from '../history/recorder.js';
import { ExchangeService } from '../server/exchange-service.js';
import type { FillHistory } from './fills.js';
import type { FixServer } from './fix/fix-server.js';
import { startFixGateway } from './fix-wiring.js';
import { startServer, type RunningServer } from './server.js';
import type { ExchangeServiceLike } from './service.js';
import { sessionCommands } from './session-driver.js';

export interface ServeOptions {
  readonly port: number;
  readonly fixPort: number;
  readonly host: string;
  readonly dataDir: string;
  readonly sessions: SessionMode;
  readonly logLevel: string;
  /** The JetStream command log (nats://h:p[,…]) with this gateway's group, id and stream replicas; absent: the local journal. */
  readonly log?: { readonly url: string; readonly group: string; readonly gatewayId: string; readonly replicas: number };
}

/** How often the clock is asked about session phases and a new listing day. */
export const sessionTickMs = 1_000;

export interface Serving {
  readonly server: RunningServer;
  readonly fix: FixServer;
  readonly service: ExchangeServiceLike;
  stop(): Promise<void>;
}

/** What serve needs of either exchange: the service, listing, and the wall clock's commands. */
interface Opened {
  readonly service: ExchangeServiceLike;
  readonly catalogue: Catalogue;
  ensureListed(isoDate: string): Promise<string[]>;
  submitDriven(command: ExchangeCommand): Promise<unknown>;
  close(): Promise<void>;
  /** The history read model (DIR/history.sqlite) the journalled exchange keeps: /v1/fills reads it. */
  readonly history?: FillHistory;
}

async function openJournalled(options: ServeOptions, clockMicros: () => number, say: (line: string) => void): Promise<Opened> {
  const catalogue = defaultCatalogue();
  const service = await ExchangeService.open({ dataDir: options.dataDir, catalogue, sessions: options.sessions, clock: clockMicros });
  say(`journal replayed: ${service.recovery.commandsReplayed} commands, last seq ${service.recovery.lastSeq}${service.recovery.tornTail ? `, torn tail cut: ${service.recovery.tornTail}` : ''}`);
  const history = openHistory(service, options.dataDir, say);
  return {
    service, catalogue, ensureListed: (isoDate) => service.ensureListed(isoDate), submitDriven: (command) => service.submit(command),
    ...(history ? { history: history.queries } : {}),
    close: async () => {
      history?.recorder.close();
      history?.queries.close();
      await service.close();
    },
  };
}

/** The history recorder follows the service; if it cannot open (e.g. it needs a rebuild), serving goes on without it. */
function openHistory(service: ExchangeService, dataDir: string, say: (line: string) => void): { recorder: HistoryRecorder; queries: HistoryQueries } | undefined {
  try {
    const recorder = HistoryRecorder.attach(service, { dataDir, onError: (error) => say(`history recorder stopped: ${error.message} (tokex rebuild makes it again)`) });
    const queries = HistoryQueries.open(dataDir);
    say(`history read model: recorded up to seq ${queries.lastSeq()}`);
    return { recorder, queries };
  } catch (error) {
    say(`history read model not opened (fills before this start are not served): ${(error as Error).message}`);
    return undefined;
  }
}

function invariantBroken(error: Error): never {
  process.stderr.write(`tokex: invariant broken, stopping (a restart replays the journal or the command log): ${error.message}\n`);
  process.exit(70);
}

export async function serve(options: ServeOptions, say: (line: string) => void): Promise<Serving> {
  const clockMicros = () => Date.now() * 1000;
  const opened: Opened = options.log === undefined ? await openJournalled(options, clockMicros, say) : await (async () => {
    const onLog = await openLogService({ log: options.log!.url, group: options.log!.group, gatewayId: options.log!.gatewayId, replicas: options.log!.replicas, dataDir: options.dataDir, sessions: options.sessions }, say);
    onLog.failed.catch(invariantBroken);
    return onLog;
  })();
  const { service, catalogue } = opened;
  let listedDate = isoToday();
  const listed = await opened.ensureListed(listedDate);
  say(`series listed for ${listedDate}: ${listed.length} new, ${service.exchange.allInstruments().length} in all`);
  const server = await startServer({
    service, port: options.port, host: options.host, dataDir: options.dataDir, catalogue,
    logStream: process.stdout, logLevel: options.logLevel,
    onInvariantBroken: invariantBroken,
  });
  if (opened.history) server.context.fills.useHistory(opened.history);
  say(`tokex serving on ${server.url} (REST /v1, docs ${server.url}/docs, metrics ${server.url}/metrics), sessions ${options.sessions}`);
  const fix = await startFixGateway({
    service, authStore: server.context.authStore, port: options.fixPort, host: options.host, dataDir: options.dataDir,
    clockMicros, logger: server.app.log,
  });
  say(`FIX 4.4 acceptor on ${options.host}:${fix.port} (TargetCompID TOKEX)`);
  if (server.operatorFile) say(`operator credential ${server.operatorFile.created ? 'created' : 'kept'}: ${server.operatorFile.path} (mode 0600)`);

  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    void (async () => {
      const today = isoToday();
      if (today !== listedDate) {
        await opened.ensureListed(today);
        listedDate = today;
      }
      if (options.sessions === 'real') for (const command of sessionCommands(service.exchange, clockMicros())) await opened.submitDriven(command);
    })().catch((error: Error) => server.app.log.error({ err: error }, 'session tick failed')).finally(() => { ticking = false; });
  }, sessionTickMs);
  timer.unref();

  return {
    server, fix, service,
    stop: async () => {
      clearInterval(timer);
      await fix.close();
      await server.close();
      await opened.close();
    },
  };
}

function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}
