// Series symbols, as futures traders read them: product code, month code, two-digit year (TKFH27 = TKF March
// 2027; F G H J K M N Q U V X Z for January to December). The long form TKF-2027-03 is accepted and shown by
// the API. The short form is unambiguous because product codes are letters only and the month code is always
// the last letter before the two digits.

import { assert } from '../core/assert.js';
import { Reason, type ReasonCode } from '../core/reasons.js';

export const monthCodes = 'FGHJKMNQUVXZ';
/** Two-digit years name 2000-2099; the long form is held to the same century so both forms round-trip. */
export const symbolYearMin = 2000;
export const symbolYearMax = 2099;
export const symbolLengthMax = 16;

export interface SeriesKey {
  readonly product: string;
  readonly year: number;
  /** 1 = January … 12 = December. */
  readonly month: number;
}

export type SymbolParse =
  | ({ readonly ok: true } & SeriesKey)
  | { readonly ok: false; readonly code: ReasonCode; readonly message: string };

const shortForm = /^([A-Z]{2,5})([FGHJKMNQUVXZ])(\d{2})$/;
const longForm = /^([A-Z]{2,5})-(\d{4})-(\d{2})$/;

/** Accepts TKFH27 or TKF-2027-03 (upper case only: symbols are identifiers, not prose). */
export function parseSymbol(text: string): SymbolParse {
  if (text.length > symbolLengthMax) {
    return refuse(`symbol is longer than ${symbolLengthMax} characters`);
  }
  const short = shortForm.exec(text);
  if (short) {
    return { ok: true, product: short[1]!, year: 2000 + Number(short[3]), month: monthCodes.indexOf(short[2]!) + 1 };
  }
  const long = longForm.exec(text);
  if (long) {
    const year = Number(long[2]);
    const month = Number(long[3]);
    if (month < 1 || month > 12) return refuse(`month in "${text}" must be 01-12`);
    if (year < symbolYearMin || year > symbolYearMax) return refuse(`year in "${text}" must be ${symbolYearMin}-${symbolYearMax}`);
    return { ok: true, product: long[1]!, year, month };
  }
  return refuse(`"${text}" is not a series symbol: expected product + month code + 2-digit year (TKFH27) or PRODUCT-YYYY-MM (TKF-2027-03)`);
}

function refuse(message: string): SymbolParse {
  return { ok: false, code: Reason.unknownSymbol, message };
}

export function formatSymbol(key: SeriesKey): string {
  checkKey(key);
  return `${key.product}${monthCodes[key.month - 1]}${String(key.year % 100).padStart(2, '0')}`;
}

export function formatLongSymbol(key: SeriesKey): string {
  checkKey(key);
  return `${key.product}-${key.year}-${String(key.month).padStart(2, '0')}`;
}

/** Contract month as YYYYMM (202703): sorts months of one product, and clearing keys series by it. */
export function contractMonthNumber(key: SeriesKey): number {
  return key.year * 100 + key.month;
}

function checkKey(key: SeriesKey): void {
  assert(/^[A-Z]{2,5}$/.test(key.product), `product code must be 2-5 capital letters, got "${key.product}"`);
  assert(Number.isInteger(key.year) && key.year >= symbolYearMin && key.year <= symbolYearMax,
    `year must be ${symbolYearMin}-${symbolYearMax}, got ${key.year}`);
  assert(Number.isInteger(key.month) && key.month >= 1 && key.month <= 12, `month must be 1-12, got ${key.month}`);
}
