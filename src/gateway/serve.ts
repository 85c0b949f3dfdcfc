// `tokex serve`: the exchange as one process. Opens the durable ExchangeService on DIR (replaying its
// journal), lists today's series, starts the HTTP server and the FIX acceptor on the same service,
// and with --sessions real drives trading phases by the wall clock. Logs are pino JSON on stdout.

import { defaultCatalogue } from '../products/catalogue.js';
import type { SessionMode } from '../exchange/exchange.js';
import { ExchangeService } from '../server/exchange-service.js';
import type { FixServer } from './fix/fix-server.js';
import { startFixGateway } from './fix-wiring.js';
import { startServer, type RunningServer } from './server.js';
import { sessionCommands } from './session-driver.js';

export interface ServeOptions {
  readonly port: number;
  readonly fixPort: number;
  readonly host: string;
  readonly dataDir: string;
  readonly sessions: SessionMode;
  readonly logLevel: string;
}

/** How often the clock is asked about session phases and a new listing day. */
export const sessionTickMs = 1_000;

export interface Serving {
  readonly server: RunningServer;
  readonly fix: FixServer;
  readonly service: ExchangeService;
  stop(): Promise<void>;
}

export async function serve(options: ServeOptions, say: (line: string) => void): Promise<Serving> {
  const clockMicros = () => Date.now() * 1000;
  const catalogue = defaultCatalogue();
  const service = await ExchangeService.open({ dataDir: options.dataDir, catalogue, sessions: options.sessions, clock: clockMicros });
  say(`journal replayed: ${service.recovery.commandsReplayed} commands, last seq ${service.recovery.lastSeq}${service.recovery.tornTail ? `, torn tail cut: ${service.recovery.tornTail}` : ''}`);
  let listedDate = isoToday();
  const listed = await service.ensureListed(listedDate);
  say(`series listed for ${listedDate}: ${listed.length} new, ${service.exchange.allInstruments().length} in all`);
  const server = await startServer({
    service, port: options.port, host: options.host, dataDir: options.dataDir, catalogue,
    logStream: process.stdout, logLevel: options.logLevel,
    onInvariantBroken: (error) => {
      process.stderr.write(`tokex: invariant broken, stopping (restart replays the journal): ${error.message}\n`);
      process.exit(70);
    },
  });
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
        await service.ensureListed(today);
        listedDate = today;
      }
      if (options.sessions === 'real') for (const command of sessionCommands(service.exchange, clockMicros())) await service.submit(command);
    })().catch((error: Error) => server.app.log.error({ err: error }, 'session tick failed')).finally(() => { ticking = false; });
  }, sessionTickMs);
  timer.unref();

  return {
    server, fix, service,
    stop: async () => {
      clearInterval(timer);
      await fix.close();
      await server.close();
      await service.close();
    },
  };
}

function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}
