// `tokex settle --date D`: the end of day on a data directory's journal. The journal is replayed into the
// exchange, the settleDay command is sequenced and journalled like any other (so tomorrow's replay includes
// it), and the settlement report per account is printed or written as JSON or CSV.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { settle as settleDemoDay, settleArgsError } from '../clearing/cli.js';
import { reportToCsv, reportToJson, type SettlementReport } from '../clearing/report.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { ExchangeService } from './exchange-service.js';
import { finalSettlementTicks } from './index-prices.js';

/** Trades in the last half hour before the settlement make the closing window (when --closing-window-start is absent). */
export const closingWindowMicrosDefault = 30 * 60 * 1_000_000;

const help = `
Runs the end-of-day settlement for --date: a settlement price per series (closing-window VWAP, else mid of best
bid/offer, else previous settlement moved by the index), every position marked, variation margin posted to the
ledger, margins recomputed and margin calls made; prints the settlement report per account (positions,
settlement prices, variation margin, fees, margin requirement, equity).

With --data-dir DIR the journal under DIR is replayed and the settlement is journalled there (stop a running
tokex serve on DIR first, or settle through its operator API: one process owns a data directory). The closing
window starts at --closing-window-start (ISO time) or half an hour before the last journalled command.
Series whose final settlement day is --date are then cash-settled at the final settlement price computed from
their index's fixings in DIR/index.sqlite (tokex index fix); without enough fixings the series stays open and
the reason is printed. Without --data-dir a built-in demo day is settled; nothing is written except the report.

Exit codes: 0 settled, 2 bad arguments, a refused settlement or an unreadable data directory.`;

interface SettleOptions {
  date: string;
  dataDir?: string;
  format: string;
  out?: string;
  closingWindowStart?: string;
}

export function register(program: Command): void {
  program
    .command('settle')
    .description('run the end-of-day settlement on the journal and write the settlement report (JSON or CSV)')
    .requiredOption('--date <YYYY-MM-DD>', 'business date to settle')
    .option('--data-dir <dir>', 'data directory whose journal is settled (default: a built-in demo day)')
    .option('--format <format>', 'report format: json or csv', 'json')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--closing-window-start <iso>', 'trades at or after this instant make the settlement VWAP')
    .addHelpText('after', help)
    .action(async (options: SettleOptions) => {
      const failure = options.dataDir === undefined ? settleDemoDay(options) : await settleJournal(options as SettleOptions & { dataDir: string });
      if (failure) {
        process.stderr.write(`tokex settle: ${failure}\n`);
        process.exitCode = 2;
      }
    });
}

/** Returns an error for the person at the terminal, or undefined when the report was written. */
export async function settleJournal(options: SettleOptions & { dataDir: string }, clock: () => number = () => Date.now() * 1000): Promise<string | undefined> {
  const bad = settleArgsError(options);
  if (bad) return bad;
  let windowStartMicros: number | undefined;
  if (options.closingWindowStart !== undefined) {
    const ms = Date.parse(options.closingWindowStart);
    if (Number.isNaN(ms)) return `--closing-window-start must be an ISO date-time, got "${options.closingWindowStart}"`;
    windowStartMicros = ms * 1000;
  }
  let service: ExchangeService;
  try {
    service = await ExchangeService.open({ dataDir: options.dataDir, catalogue: defaultCatalogue(), sessions: 'always-open', clock });
  } catch (error) {
    return `cannot open ${options.dataDir}: ${(error as Error).message}`;
  }
  try {
    if (service.exchange.seq === 0) return `no journal in ${options.dataDir} (nothing has traded there)`;
    const closingWindowStartMicros = windowStartMicros ?? Math.max(0, service.exchange.tsMicros - closingWindowMicrosDefault);
    const outcome = await service.submit({ type: 'settleDay', isoDate: options.date, closingWindowStartMicros });
    if (outcome.rejection) return `settlement refused: ${outcome.rejection.message}`;
    const report = (outcome.result as { report: SettlementReport }).report;
    // Series whose final settlement day this is are cash-settled at the index module's price.
    for (const instrument of service.exchange.allInstruments()) {
      if (instrument.expired || instrument.series.finalSettlementDay !== options.date || service.fixings === undefined) continue;
      const price = finalSettlementTicks(instrument.product, instrument.series, service.fixings);
      if (!price.ok) {
        process.stderr.write(`tokex settle: no final settlement for ${price.message}; the series stays open until an operator settles it\n`);
        continue;
      }
      const final = await service.submit({ type: 'finalSettle', symbol: instrument.symbol, priceTicks: price.priceTicks });
      process.stderr.write(`tokex settle: final settlement ${price.detail} → ${price.priceTicks} ticks${final.rejection ? ` refused: ${final.rejection.message}` : ''}\n`);
    }
    const text = options.format === 'csv' ? reportToCsv(report) : reportToJson(report);
    if (options.out === undefined) process.stdout.write(text);
    else {
      mkdirSync(dirname(options.out), { recursive: true });
      writeFileSync(options.out, text);
    }
    return undefined;
  } finally {
    await service.close();
  }
}
