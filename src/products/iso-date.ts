// ISO calendar dates (YYYY-MM-DD) as day numbers since 1970-01-01, in UTC arithmetic only: a calendar date has
// no time zone, so no local clock may move it. Every other file in products works on these day numbers.

import { assert } from '../core/assert.js';

const msPerDay = 86_400_000;
/** Dates outside these years are certainly typos; the holiday calendars cover a much narrower range anyway. */
export const yearMin = 1970;
export const yearMax = 2199;

/** Parses a strict YYYY-MM-DD that names a real day; undefined otherwise (2027-02-30 is refused). */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < yearMin || year > yearMax || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day) / msPerDay;
}

/** Like parseIsoDate, for dates the caller promised are valid. */
export function dayOf(text: string): number {
  const day = parseIsoDate(text);
  assert(day !== undefined, `not an ISO date (YYYY-MM-DD): "${text}"`);
  return day;
}

export function isoOf(dayNumber: number): string {
  assert(Number.isSafeInteger(dayNumber), `day number must be an integer, got ${dayNumber}`);
  return new Date(dayNumber * msPerDay).toISOString().slice(0, 10);
}

export function dayFromParts(year: number, month: number, day: number): number {
  assert(month >= 1 && month <= 12, `month must be 1-12, got ${month}`);
  assert(day >= 1 && day <= daysInMonth(year, month), `day ${day} not in ${year}-${month}`);
  return Date.UTC(year, month - 1, day) / msPerDay;
}

export function partsOf(dayNumber: number): { year: number; month: number; day: number } {
  const date = new Date(dayNumber * msPerDay);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(dayNumber: number): number {
  return new Date(dayNumber * msPerDay).getUTCDay();
}

export function isWeekend(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === 0 || weekday === 6;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds whole months to a (year, month) pair, e.g. (2027, 11) + 3 → (2028, 2). */
export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export { msPerDay };
