// The listing calendar: which monthly series of each product trade on a date, and their key days.
//
// Rules (contracts.md; README.md states them for operators):
// - Last trading day (LTD) of a series: the last business day of its contract month, in the product's
//   holiday calendar. Final settlement: the next business day, when the last index fixing is in.
// - Front month on date D: the earliest contract month whose LTD ≥ D (on its LTD a series still trades and
//   is flagged expiringToday). Twelve consecutive months are listed from the front month.
// - A new month is listed when one expires, so the first trading day of month M is the business day after the
//   LTD of month M-12, but never before the product's launch date (series that "would have been" listed
//   earlier are first traded at launch). Nothing is listed before the launch date.
// - On a weekend or holiday the list is the set that will trade on the next business day.

import { CalendarRangeError, holidayCalendar, lastBusinessDayOfMonth, nextBusinessDay } from './calendar.js';
import type { Catalogue, Product } from './catalogue.js';
import { Reason, type ReasonCode } from '../core/reasons.js';
import { addMonths, parseIsoDate } from './iso-date.js';
import { formatLongSymbol, formatSymbol, parseSymbol } from './symbols.js';

export interface SeriesDates {
  readonly symbol: string;
  readonly longSymbol: string;
  readonly product: string;
  readonly year: number;
  readonly month: number;
  /** "YYYY-MM" */
  readonly contractMonth: string;
  readonly firstTradingDay: string;
  readonly lastTradingDay: string;
  readonly finalSettlementDay: string;
}

export interface ListedSeries extends SeriesDates {
  readonly frontMonth: boolean;
  readonly expiringToday: boolean;
}

export type SeriesLookup =
  | { readonly ok: true; readonly series: ListedSeries }
  | { readonly ok: false; readonly code: ReasonCode; readonly message: string };

/** The key days of one contract month of a product (listed or not). */
export function seriesDates(product: Product, year: number, month: number): SeriesDates {
  const key = { product: product.code, year, month };
  const lastTradingDay = lastBusinessDayOfMonth(product.calendar, year, month);
  return {
    symbol: formatSymbol(key),
    longSymbol: formatLongSymbol(key),
    product: product.code,
    year,
    month,
    contractMonth: `${year}-${String(month).padStart(2, '0')}`,
    firstTradingDay: firstTradingDay(product, year, month),
    lastTradingDay,
    finalSettlementDay: nextBusinessDay(product.calendar, lastTradingDay),
  };
}

function firstTradingDay(product: Product, year: number, month: number): string {
  const launch = product.listing.launchDate;
  const previous = addMonths(year, month, -product.listing.consecutiveMonths);
  // Months whose predecessor expired before the calendar begins were listed at launch (or would have been).
  if (previous.year < holidayCalendar(product.calendar).yearFirst) return launch;
  const afterExpiry = nextBusinessDay(product.calendar, lastBusinessDayOfMonth(product.calendar, previous.year, previous.month));
  return afterExpiry < launch ? launch : afterExpiry;
}

/**
 * The series listed on isoDate, product by product in catalogue order, months ascending. Throws
 * CalendarRangeError for a malformed date or one whose series reach past the holiday calendars.
 */
export function listSeries(catalogue: Catalogue, isoDate: string, productCode?: string): ListedSeries[] {
  checkDate(isoDate);
  const products = catalogue.products.filter((p) => productCode === undefined || p.code === productCode);
  return products.flatMap((product) => listProductSeries(product, isoDate));
}

function listProductSeries(product: Product, isoDate: string): ListedSeries[] {
  if (isoDate < product.listing.launchDate) return [];
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  // The date's own month is the front month unless its last trading day has already passed.
  const front = lastBusinessDayOfMonth(product.calendar, year, month) >= isoDate ? { year, month } : addMonths(year, month, 1);
  const listed: ListedSeries[] = [];
  for (let i = 0; i < product.listing.consecutiveMonths; i++) {
    const { year: y, month: m } = addMonths(front.year, front.month, i);
    const dates = seriesDates(product, y, m);
    listed.push({ ...dates, frontMonth: i === 0, expiringToday: dates.lastTradingDay === isoDate });
  }
  return listed;
}

/** Finds a series by either symbol form, as listed on isoDate; a rejection says whether it expired or is not listed yet. */
export function seriesBySymbol(catalogue: Catalogue, symbol: string, isoDate: string): SeriesLookup {
  checkDate(isoDate);
  const parsed = parseSymbol(symbol);
  if (!parsed.ok) return parsed;
  const product = catalogue.byCode.get(parsed.product);
  if (product === undefined) {
    return { ok: false, code: Reason.unknownSymbol, message: `no product "${parsed.product}" in the catalogue (symbol "${symbol}")` };
  }
  const listed = listProductSeries(product, isoDate);
  const found = listed.find((s) => s.year === parsed.year && s.month === parsed.month);
  if (found) return { ok: true, series: found };
  const wanted = parsed.year * 12 + parsed.month;
  const first = listed[0];
  if (first !== undefined && wanted < first.year * 12 + first.month) {
    return { ok: false, code: Reason.seriesExpired, message: `${symbol} expired before ${isoDate} (front month is ${first.symbol})` };
  }
  const why = first === undefined ? `${product.code} launches on ${product.listing.launchDate}` : `last listed month is ${listed[listed.length - 1]!.symbol}`;
  return { ok: false, code: Reason.unknownSymbol, message: `${symbol} is not listed on ${isoDate} (${why})` };
}

function checkDate(isoDate: string): void {
  if (parseIsoDate(isoDate) === undefined) throw new CalendarRangeError(`not a valid ISO date (YYYY-MM-DD): "${isoDate}"`);
}
