// `tokex demo --serve`: the exchange as a live demo market. Opens the durable ExchangeService on DIR, fixes
// today's indices, lists today's series, serves the REST/WebSocket API and the web terminal, creates the demo
// trader for the person at the browser, and lets the demo cast trade continuously at a steady rate until
// stopped. Everything the agents do goes through ExchangeService.submit, as a gateway's orders would.

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { assert } from '../core/assert.js';
import { startServer, type RunningServer } from '../gateway/server.js';
import { defaultCatalogue, type Catalogue } from '../products/catalogue.js';
import { ExchangeService } from '../server/exchange-service.js';
import { setDemoCredential } from '../web/plugin.js';
import { demoCast } from './agents.js';
import { ensureDemoTrader, fixIndicesUpTo, rememberAgents, retirePreviousAgents, type DemoTraderCredential } from './live-setup.js';
import { Simulation } from './simulation.js';

export const turnsPerSecMax = 1_000;
/** A progress line this often. */
export const progressEveryMsDefault = 5_000;
/** How often the wall clock is asked whether a new day's series must be listed. */
export const listingCheckEveryMs = 1_000;
/** Each agent's play money per currency. */
export const agentDepositMinor = 50_000_000_00n;

export interface LiveOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Agent turns per second. */
  readonly turnsPerSec: number;
  readonly seed: number;
  readonly progressEveryMs?: number;
}

export interface LiveDemo {
  readonly url: string;
  readonly server: RunningServer;
  readonly service: ExchangeService;
  readonly trader: DemoTraderCredential;
  /** Turns run, trades seen and turns that failed since start. */
  stats(): { turns: number; trades: number; failedTurns: number; seq: number };
  stop(): Promise<void>;
}

export async function startLive(options: LiveOptions, say: (line: string) => void): Promise<LiveDemo> {
  assert(options.turnsPerSec > 0 && options.turnsPerSec <= turnsPerSecMax, `turns per second ${options.turnsPerSec}`);
  mkdirSync(options.dataDir, { recursive: true });
  const catalogue = defaultCatalogue();
  const service = await ExchangeService.open({ dataDir: options.dataDir, catalogue, sessions: 'always-open', clock: () => Date.now() * 1000 });
  say(`journal in ${options.dataDir}: ${service.recovery.commandsReplayed} commands replayed, last seq ${service.recovery.lastSeq}`);
  let logFile: WriteStream | undefined;
  let server: RunningServer | undefined;
  try {
    let listedDate = isoToday();
    const fixings = service.fixings;
    assert(fixings !== undefined, 'a service on a data directory keeps index fixings');
    const indices = await fixIndicesUpTo(fixings, listedDate, () => new Date().toISOString());
    say(`index fixings: ${indices.fixed.join(', ') || 'none'}${indices.skipped.length > 0 ? ` (not fixed: ${indices.skipped.length}, see the index panel)` : ''}`);
    const listed = await service.ensureListed(listedDate);
    say(`series listed for ${listedDate}: ${listed.length} new, ${service.exchange.allInstruments().length} in all`);

    logFile = createWriteStream(join(options.dataDir, 'server.log'), { flags: 'a' });
    server = await startServer({ service, port: options.port, host: options.host, dataDir: options.dataDir, catalogue, logStream: logFile, logLevel: 'warn' });
    const trader = await ensureDemoTrader(options.dataDir, service, server.context.authStore);
    setDemoCredential(server.app, trader.credential);
    say(`demo trader: account ${trader.credential.accountId} (${trader.created ? 'created' : 'kept'}; ${join(options.dataDir, 'demo-trader.json')})`);

    const retired = await retirePreviousAgents(options.dataDir, service);
    if (retired > 0) say(`previous run's agents: ${retired} resting orders cancelled`);
    const symbols = frontSymbols(service, catalogue);
    const cast = demoCast();
    const simulation = await Simulation.create({ service, agents: cast, seed: options.seed, symbols, depositMinor: agentDepositMinor });
    rememberAgents(options.dataDir, cast.map((a) => a.accountId));
    say(`demo cast trading ${symbols.join(' ')} at ${options.turnsPerSec} turns/s`);

    let trades = 0;
    let turns = 0;
    let failedTurns = 0;
    const unsubscribe = service.onOutcome((_command, outcome) => {
      for (const { event } of outcome.events) if (event.kind === 'trade') trades++;
    });

    let stopping = false;
    let turn: Promise<void> = Promise.resolve();
    let turnTimer: NodeJS.Timeout | undefined;
    const turnEveryMs = 1000 / options.turnsPerSec;
    let nextAtMs = Date.now();
    // One turn per timer tick; a tick that falls behind (a slow fsync) is not caught up in a burst.
    const scheduleTurn = () => {
      if (stopping) return;
      nextAtMs = Math.max(nextAtMs + turnEveryMs, Date.now());
      turnTimer = setTimeout(() => {
        turn = simulation.step().then(() => { turns++; }, (error: Error) => {
          failedTurns++;
          if (failedTurns <= 3 || failedTurns % 100 === 0) say(`turn failed (${failedTurns} so far), trading goes on: ${error.message}`);
        }).finally(scheduleTurn);
      }, Math.max(0, nextAtMs - Date.now()));
    };
    scheduleTurn();

    let listing = false;
    const listingTimer = setInterval(() => {
      const today = isoToday();
      if (listing || today === listedDate) return;
      listing = true;
      void service.ensureListed(today).then((added) => {
        listedDate = today;
        say(`series listed for ${today}: ${added.length} new`);
      }, (error: Error) => say(`listing ${today} failed, retrying: ${error.message}`)).finally(() => { listing = false; });
    }, listingCheckEveryMs);

    const progressTimer = setInterval(() => {
      say(`  … ${turns} turns, ${trades} trades, seq ${service.exchange.seq}${failedTurns > 0 ? `, ${failedTurns} failed turns` : ''}`);
    }, options.progressEveryMs ?? progressEveryMsDefault);

    const running = server;
    const openLog = logFile;
    let stopped: Promise<void> | undefined;
    return {
      url: running.url, server: running, service, trader: trader.credential,
      stats: () => ({ turns, trades, failedTurns, seq: service.exchange.seq }),
      stop: () => (stopped ??= (async () => {
        stopping = true;
        clearTimeout(turnTimer);
        clearInterval(listingTimer);
        clearInterval(progressTimer);
        await turn;
        unsubscribe();
        await running.close();
        await service.close();
        await new Promise<void>((resolve) => openLog.end(resolve));
      })()),
    };
  } catch (error) {
    await server?.close();
    await service.close();
    logFile?.end();
    throw error;
  }
}

/** The two nearest months of each product: where the demo market trades (as `tokex demo` does). */
function frontSymbols(service: ExchangeService, catalogue: Catalogue): string[] {
  const symbols: string[] = [];
  for (const product of catalogue.products) {
    const near = service.exchange.allInstruments().filter((i) => i.product.code === product.code && !i.expired).slice(0, 2);
    symbols.push(...near.map((i) => i.symbol));
  }
  return symbols;
}

function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}
