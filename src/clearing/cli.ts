// `tokex settle`: the end of day from the command line. The core is pure; this file does the reading and
// writing around it.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { defaultCatalogue } from '../products/catalogue.js';
import { ClearingHouse } from './clearing-house.js';
import { demoDay } from './demo.js';
import { reportToCsv, reportToJson } from './report.js';
import type { DailySettlementInput } from './settlement.js';
import type { ClearingSnapshot } from './snapshot.js';

const help = `
Runs the end-of-day settlement for --date: a settlement price per series (closing-window VWAP, else mid of best
bid/offer, else previous settlement moved by the index), every position marked, variation margin posted to the
ledger, margins recomputed and margin calls made; prints the settlement report per account (positions,
settlement prices, variation margin, fees, margin requirement, equity).

What it reads:
  with --data-dir DIR   DIR/clearing/state.json — the clearing state (a ClearingHouse snapshot, written by the
                        pipeline or by a previous settle), and, when present, DIR/clearing/close-<date>.json —
                        the closing inputs {closingWindowStartMicros, series: {SYMBOL: {settlementPriceTicks?,
                        bestBidTicks?, bestAskTicks?, indexPrevious?, indexNow?}}}. The settled state is written
                        back to DIR/clearing/state.json. (Replaying the journal into this state is the pipeline's
                        job; until it exists the state file is the input.)
  without --data-dir    a built-in demo day: the catalogue's series listed on --date, a few trades between four
                        accounts; nothing is written except the report.

Exit codes: 0 settled, 2 bad arguments or missing/invalid input files.`;

export function register(program: Command): void {
  program
    .command('settle')
    .description('run the end-of-day settlement and write the settlement report (JSON or CSV)')
    .requiredOption('--date <YYYY-MM-DD>', 'business date to settle')
    .option('--data-dir <dir>', 'data directory holding clearing/state.json (default: run the built-in demo day)')
    .option('--format <format>', 'report format: json or csv', 'json')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .addHelpText('after', help)
    .action((options: { date: string; dataDir?: string; format: string; out?: string }) => {
      const failure = settle(options);
      if (failure) {
        process.stderr.write(`tokex settle: ${failure}\n`);
        process.exitCode = 2;
      }
    });
}

/** Returns an error message for the person at the terminal, or undefined when the report was written. */
export function settle(options: { date: string; dataDir?: string; format: string; out?: string }): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date) || Number.isNaN(Date.parse(`${options.date}T00:00:00Z`))) {
    return `--date must be a calendar date YYYY-MM-DD, got "${options.date}"`;
  }
  if (options.format !== 'json' && options.format !== 'csv') return `--format must be json or csv, got "${options.format}"`;
  const clock = (): number => Date.now() * 1000;
  let house: ClearingHouse;
  let close: DailySettlementInput;
  let statePath: string | undefined;
  if (options.dataDir === undefined) {
    ({ house, close } = demoDay(defaultCatalogue(), options.date, () => Date.parse(`${options.date}T21:00:00Z`) * 1000));
  } else {
    statePath = join(options.dataDir, 'clearing', 'state.json');
    if (!existsSync(statePath)) return `no clearing state at ${statePath} (run without --data-dir for the demo day)`;
    try {
      house = ClearingHouse.restore(JSON.parse(readFileSync(statePath, 'utf8')) as ClearingSnapshot, { clock });
    } catch (error) {
      return `cannot restore ${statePath}: ${(error as Error).message}`;
    }
    const closePath = join(options.dataDir, 'clearing', `close-${options.date}.json`);
    close = existsSync(closePath) ? (JSON.parse(readFileSync(closePath, 'utf8')) as DailySettlementInput) : { closingWindowStartMicros: 0 };
  }
  const result = house.runDailySettlement(options.date, close);
  const text = options.format === 'csv' ? reportToCsv(result.report) : reportToJson(result.report);
  if (statePath !== undefined) writeFileSync(statePath, JSON.stringify(house.snapshot()));
  if (options.out === undefined) process.stdout.write(text);
  else {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, text);
  }
  return undefined;
}
