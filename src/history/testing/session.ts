// Test support: a durable trading session on a data directory (the demo cast trading the two nearest months
// of every product), a burst of commands sent without waiting (so the journal groups them into batches and the
// recorder lags), and every history table dumped in key order for comparisons.

import { Side } from '../../engine/protocol.js';
import { limitOrder } from '../../exchange/testkit.js';
import { defaultCatalogue } from '../../products/catalogue.js';
import { ExchangeService } from '../../server/exchange-service.js';
import { demoCast } from '../../sim/agents.js';
import { Prng } from '../../sim/prng.js';
import { Simulation } from '../../sim/simulation.js';
import type { Db } from '../schema.js';

export const sessionDate = '2026-11-25';
const startMicros = Date.UTC(2026, 10, 25, 15, 0) * 1000;

export interface Session {
  readonly service: ExchangeService;
  readonly simulation: Simulation;
  readonly symbols: readonly string[];
  readonly accounts: readonly number[];
}

/** Opens the service on dir (replaying its journal) with a clock that moves 1 ms per command. */
export async function openService(dir: string, clockStart = startMicros): Promise<ExchangeService> {
  let tick = 0;
  return ExchangeService.open({ dataDir: dir, catalogue: defaultCatalogue(), sessions: 'always-open', clock: () => clockStart + (tick += 1000) });
}

/** Lists the day's series (once per journal) and opens the demo cast's accounts on service. */
export async function startSession(service: ExchangeService, seed: number): Promise<Session> {
  await service.ensureListed(sessionDate);
  const symbols: string[] = [];
  for (const product of service.exchange.options.catalogue.products) {
    symbols.push(...service.exchange.allInstruments().filter((i) => i.product.code === product.code && !i.expired).slice(0, 2).map((i) => i.symbol));
  }
  const cast = demoCast();
  const simulation = await Simulation.create({ service, agents: cast, seed, symbols, depositMinor: 50_000_000_00n });
  return { service, simulation, symbols, accounts: cast.map((a) => a.accountId) };
}

/** count crossing limit orders around the reference price, submitted all at once (resolved together). */
export async function burst(session: Session, count: number, seed: number): Promise<void> {
  const rng = new Prng(seed);
  const pending = [];
  for (let i = 0; i < count; i++) {
    const symbol = session.symbols[rng.int(0, session.symbols.length - 1)]!;
    const reference = session.service.exchange.instrument(symbol)!.engine.referencePriceTicks;
    const accountId = session.accounts[rng.int(0, session.accounts.length - 1)]!;
    const side = rng.int(0, 1) === 0 ? Side.buy : Side.sell;
    pending.push(session.service.submit(limitOrder(accountId, symbol, side, reference + rng.int(-3, 3), rng.int(1, 5))));
  }
  await Promise.all(pending);
}

const tables = ['meta', 'accounts', 'orders', 'order_events', 'trades', 'fills', 'settlement_prices', 'final_settlements', 'ledger_entries', 'ledger_legs'];

/** Every row of every table, ordered by all columns (so two files with the same rows dump the same). */
export function dumpTables(db: Db): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    dump[table] = db.prepare(`SELECT * FROM ${table} ORDER BY ${columns.join(', ')}`).safeIntegers(true).all();
  }
  return dump;
}
