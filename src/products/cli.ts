// `tokex products` and `tokex series`: the catalogue and the listing calendar for people and scripts.
// The run functions take their printers and return the exit code, so tests call them without a process.

import type { Command } from 'commander';
import { CalendarRangeError } from './calendar.js';
import { defaultCatalogue, type Catalogue, type Product } from './catalogue.js';
import { listSeries } from './listing.js';
import { parseIsoDate } from './iso-date.js';

export type Print = (line: string) => void;

/** Exit code for a bad argument (commander uses 1 for its own usage errors; 2 is the Unix usage convention). */
export const exitBadArgument = 2;

export function register(program: Command): void {
  program
    .command('products')
    .description('list the products of the catalogue with their key contract terms')
    .option('--json', 'print the full catalogue entries as one JSON array')
    .action((options: { json?: boolean }) => {
      process.exitCode = runProducts(defaultCatalogue(), options.json === true, console.log);
    });
  program
    .command('series')
    .description('list the monthly series trading on a date, with first and last trading days')
    .requiredOption('--date <YYYY-MM-DD>', 'the trading date')
    .option('--product <code>', 'only this product (e.g. TKF)')
    .option('--json', 'print one JSON array')
    .action((options: { date: string; product?: string; json?: boolean }) => {
      process.exitCode = runSeries(defaultCatalogue(), options, console.log, console.error);
    });
}

export function runProducts(catalogue: Catalogue, json: boolean, print: Print): number {
  if (json) {
    print(JSON.stringify(catalogue.products, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2));
    return 0;
  }
  const rows = catalogue.products.map((p) => [
    p.code, p.name, p.underlyingIndex, p.contractUnit.description, p.quoteUnit, p.tickSize,
    `${p.currency} ${p.tickValue.amount}`, `${p.qtyLotsMin}-${p.qtyLotsMax}`, percent(p.limitBps), percent(p.initialMarginBps),
    `${p.positionLimitSpotMonthLots}/${p.positionLimitAllMonthsLots}`, `${p.fees.makerPerLot}/${p.fees.takerPerLot}`,
    hoursSummary(p), p.calendar,
  ]);
  const header = ['code', 'name', 'index', 'contract unit', 'quote', 'tick', 'tick value', 'lots', 'limit', 'margin',
    'pos spot/all', 'fee mk/tk', 'hours', 'cal'];
  for (const line of table(header, rows)) print(line);
  return 0;
}

export function runSeries(
  catalogue: Catalogue, options: { date: string; product?: string; json?: boolean }, print: Print, printError: Print,
): number {
  if (parseIsoDate(options.date) === undefined) {
    printError(`error: --date must be a real calendar date as YYYY-MM-DD, got "${options.date}"`);
    return exitBadArgument;
  }
  if (options.product !== undefined && !catalogue.byCode.has(options.product)) {
    printError(`error: --product "${options.product}" is not in the catalogue (known: ${[...catalogue.byCode.keys()].join(', ')})`);
    return exitBadArgument;
  }
  let series;
  try {
    series = listSeries(catalogue, options.date, options.product);
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    printError(`error: --date ${options.date}: ${error.message}`);
    return exitBadArgument;
  }
  if (options.json === true) {
    print(JSON.stringify(series, null, 2));
    return 0;
  }
  if (series.length === 0) {
    print(`no series listed on ${options.date} (before launch)`);
    return 0;
  }
  const rows = series.map((s) => [
    s.symbol, s.longSymbol, s.firstTradingDay, s.lastTradingDay, s.finalSettlementDay,
    [s.frontMonth ? 'front' : '', s.expiringToday ? 'expires today' : ''].filter(Boolean).join(', '),
  ]);
  print(`series listed on ${options.date}:`);
  for (const line of table(['symbol', 'long symbol', 'first trading', 'last trading', 'final settlement', ''], rows)) print(line);
  return 0;
}

function percent(bps: number): string {
  return `${bps / 100}%`;
}

function hoursSummary(product: Product): string {
  const sessions = product.tradingHours.sessions.map((s) => `${clock(s.openMinute)}-${clock(s.closeMinute)}`);
  return `${sessions.join(' ')} ${product.tradingHours.timeZone}`;
}

function clock(minute: number): string {
  const m = minute % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
