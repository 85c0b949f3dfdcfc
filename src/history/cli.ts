// `tokex rebuild` and `tokex history`: the operator's view of the read model. Rebuild needs the data directory
// to itself (DIR/LOCK: stop tokex serve first); history only reads, so it runs beside a live server.

import type { Command } from 'commander';
import type { SessionMode } from '../exchange/exchange.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { HistoryQueries } from './queries.js';
import { rebuildHistory } from './rebuild.js';

export type Print = (line: string) => void;

export const historyKinds = ['orders', 'fills', 'trades', 'settlements', 'ledger'] as const;
export type HistoryKind = (typeof historyKinds)[number];

export interface HistoryCliOptions {
  readonly dataDir: string;
  readonly account?: string;
  readonly symbol?: string;
  readonly status?: string;
  readonly date?: string;
  readonly limit?: string;
  readonly json?: boolean;
}

export function register(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild DIR/history.sqlite (orders, fills, trades, settlements, ledger) from the journal alone')
    .requiredOption('--data-dir <dir>', 'the server data directory (journal/, snapshots/); stop tokex serve on it first')
    .option('--sessions <mode>', 'the mode the journal was written in: real or always-open (default: as recorded, else always-open)')
    .action((options: { dataDir: string; sessions?: string }) => {
      process.exitCode = runRebuild(options, console.log, (line) => process.stderr.write(`${line}\n`));
    });
  program
    .command('history')
    .description('query the history read model: orders, fills, trades, settlements or ledger')
    .argument('<what>', historyKinds.join(' | '))
    .requiredOption('--data-dir <dir>', 'the server data directory (holds history.sqlite)')
    .option('--account <id>', 'one account (orders, fills, ledger)')
    .option('--symbol <symbol>', 'one series, e.g. TKFH27 (orders, fills, trades, settlements)')
    .option('--status <status>', 'orders: new, partiallyFilled, filled, cancelled, rejected, parked, or open')
    .option('--date <YYYY-MM-DD>', 'settlements of one business date')
    .option('--limit <n>', 'rows, newest first (default 100)')
    .option('--json', 'one JSON object per line (amounts in minor units as strings)')
    .action((what: string, options: HistoryCliOptions) => {
      process.exitCode = runHistory(what, options, console.log);
    });
}

/** Returns the exit code: 0 rebuilt, 2 bad arguments or a journal that cannot be replayed. */
export function runRebuild(options: { dataDir: string; sessions?: string }, print: Print, progress: Print): number {
  if (options.sessions !== undefined && options.sessions !== 'real' && options.sessions !== 'always-open') {
    print(`tokex rebuild: --sessions must be real or always-open, got "${options.sessions}"`);
    return 2;
  }
  try {
    const report = rebuildHistory({
      dataDir: options.dataDir, catalogue: defaultCatalogue(),
      ...(options.sessions !== undefined ? { sessions: options.sessions as SessionMode } : {}),
      progress: (seq, records) => progress(`  … ${records} records replayed, seq ${seq}`),
    });
    const c = report.counts;
    print(`rebuilt ${report.file} from the journal: ${c.commands} commands to seq ${report.lastSeq} in ${report.seconds.toFixed(2)} s (sessions ${report.sessions})`);
    print(`  accounts ${c.accounts}, orders ${c.orders} (${c.orderEvents} order events), trades ${c.trades}, fills ${c.fills}`);
    print(`  settlement prices ${c.settlementPrices}, final settlements ${c.finalSettlements}, ledger entries ${c.ledgerEntries}`);
    return 0;
  } catch (error) {
    print(`tokex rebuild: ${(error as Error).message}`);
    return 2;
  }
}

/** Prints the rows; returns the exit code (2 for bad arguments or a missing history file). */
export function runHistory(what: string, options: HistoryCliOptions, print: Print): number {
  if (!(historyKinds as readonly string[]).includes(what)) {
    print(`tokex history: what must be one of ${historyKinds.join(', ')}, got "${what}"`);
    return 2;
  }
  let queries: HistoryQueries | undefined;
  try {
    const account = options.account === undefined ? undefined : wholeNumber('--account', options.account);
    const limit = options.limit === undefined ? undefined : wholeNumber('--limit', options.limit);
    queries = HistoryQueries.open(options.dataDir);
    const rows = select(queries, what as HistoryKind, { ...options, account, limit });
    if (options.json) for (const row of rows) print(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    else printTable(rows, print);
    if (!options.json) print(`${rows.length} ${what} (history recorded to seq ${queries.lastSeq()})`);
    return 0;
  } catch (error) {
    print(`tokex history: ${(error as Error).message}`);
    return 2;
  } finally {
    queries?.close();
  }
}

type Selection = Omit<HistoryCliOptions, 'account' | 'limit'> & { account: number | undefined; limit: number | undefined };

function select(q: HistoryQueries, what: HistoryKind, o: Selection): object[] {
  const page = o.limit === undefined ? {} : { limit: o.limit };
  const symbol = o.symbol === undefined ? {} : { symbol: o.symbol };
  switch (what) {
    case 'orders': {
      const status = o.status === undefined ? {} : { status: o.status };
      if (o.account !== undefined) return q.ordersOf(o.account, { ...page, ...symbol, ...status });
      if (o.symbol !== undefined) return q.ordersOfSymbol(o.symbol, { ...page, ...status });
      throw new Error('orders needs --account or --symbol');
    }
    case 'fills':
      return o.account !== undefined ? q.fillsOf(o.account, { ...page, ...symbol }) : q.allFills({ ...page, ...symbol });
    case 'trades':
      return o.symbol !== undefined ? q.tradesOf(o.symbol, page) : q.allTrades(page);
    case 'settlements': {
      const key = o.date ?? o.symbol;
      if (key === undefined) return q.finalSettlements();
      return q.settlementPrices(key, page);
    }
    case 'ledger':
      if (o.account === undefined) throw new Error('ledger needs --account');
      return q.ledgerOf(o.account, page);
  }
}

function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw new Error(`${flag} must be a whole number, got "${text}"`);
  return value;
}

/** Columns as wide as their widest value; numbers right-aligned. */
function printTable(rows: readonly object[], print: Print): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const cells = rows.map((row) => columns.map((c) => String((row as Record<string, unknown>)[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const numeric = columns.map((_c, i) => cells.every((r) => /^-?\d+(\.\d+)?$/.test(r[i]!) || r[i] === ''));
  const line = (values: readonly string[]): string => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  print(line(columns));
  for (const row of cells) print(line(row));
}
