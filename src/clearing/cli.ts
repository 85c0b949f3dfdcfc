// The end of day outside the server: on a clearing state file, or on the built-in demo day. `tokex settle`
// (src/server/settle-cli.ts) calls it when no data directory is given; the core is pure, this file does the
// reading and writing around it.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultCatalogue } from '../products/catalogue.js';
import { parseIsoDate } from '../products/iso-date.js';
import { ClearingHouse } from './clearing-house.js';
import { demoDay } from './demo.js';
import { reportToCsv, reportToJson } from './report.js';
import type { DailySettlementInput } from './settlement.js';
import type { ClearingSnapshot } from './snapshot.js';

/** The argument checks every way of settling shares: a real calendar day (2026-02-30 is refused) and a format. */
export function settleArgsError(options: { date: string; format: string }): string | undefined {
  if (parseIsoDate(options.date) === undefined) return `--date must be a calendar date YYYY-MM-DD, got "${options.date}"`;
  if (options.format !== 'json' && options.format !== 'csv') return `--format must be json or csv, got "${options.format}"`;
  return undefined;
}

/** Returns an error message for the person at the terminal, or undefined when the report was written. */
export function settle(options: { date: string; dataDir?: string; format: string; out?: string }): string | undefined {
  const bad = settleArgsError(options);
  if (bad) return bad;
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
