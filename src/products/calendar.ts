// Business days of the two holiday calendars: US exchange holidays for USD products, mainland China exchange
// closures for CNY products. The holidays are data (data/holidays-*.json); this file only answers questions
// about them. A business day is a weekday that is not a listed holiday.
//
// The calendars cover a fixed range of years. A question outside it throws CalendarRangeError rather than
// guessing: an answer that silently ignores unknown holidays would list a wrong last trading day.

import { assert } from '../core/assert.js';
import usData from './data/holidays-US.json' with { type: 'json' };
import cnData from './data/holidays-CN.json' with { type: 'json' };
import { dayFromParts, daysInMonth, isoOf, isWeekend, parseIsoDate, partsOf } from './iso-date.js';

export type CalendarId = 'US' | 'CN';
export const calendarIds: readonly CalendarId[] = ['US', 'CN'];

/** No calendar may hold more holidays a year than this (China's longest year has about 20 weekday closures). */
export const holidaysPerYearMax = 30;
/** businessDays refuses ranges longer than this, so a typo cannot build a huge array. */
export const businessDaysRangeMax = 3 * 366;

export class CalendarRangeError extends Error {
  override name = 'CalendarRangeError';
}

interface HolidayFile {
  readonly calendar: string;
  readonly yearFirst: number;
  readonly yearLast: number;
  readonly holidays: readonly { readonly date: string; readonly name: string }[];
}

export interface HolidayCalendar {
  readonly id: CalendarId;
  readonly yearFirst: number;
  readonly yearLast: number;
  /** Day number → holiday name. */
  readonly holidays: ReadonlyMap<number, string>;
  readonly dayFirst: number;
  readonly dayLast: number;
}

/** Validates a holiday file; a bad file is a defect in checked-in data, so it asserts. Exported for tests. */
export function buildCalendar(id: CalendarId, file: HolidayFile): HolidayCalendar {
  assert(file.calendar === id, `holidays-${id}.json: calendar must be "${id}", got "${file.calendar}"`);
  assert(Number.isInteger(file.yearFirst) && Number.isInteger(file.yearLast) && file.yearFirst <= file.yearLast,
    `holidays-${id}.json: yearFirst..yearLast must be an increasing pair of integers`);
  const holidays = new Map<number, string>();
  const perYear = new Map<number, number>();
  let previous = -Infinity;
  for (const { date, name } of file.holidays) {
    const day = parseIsoDate(date);
    assert(day !== undefined, `holidays-${id}.json: "${date}" is not a YYYY-MM-DD date`);
    const { year } = partsOf(day);
    assert(year >= file.yearFirst && year <= file.yearLast, `holidays-${id}.json: ${date} outside the covered years`);
    assert(day > previous, `holidays-${id}.json: ${date} is out of order or repeated`);
    assert(!isWeekend(day), `holidays-${id}.json: ${date} is a weekend day (weekends are never business days)`);
    assert(name.length > 0, `holidays-${id}.json: ${date} needs a name`);
    perYear.set(year, (perYear.get(year) ?? 0) + 1);
    holidays.set(day, name);
    previous = day;
  }
  for (const [year, count] of perYear) {
    assert(count <= holidaysPerYearMax, `holidays-${id}.json: ${count} holidays in ${year} (max ${holidaysPerYearMax})`);
  }
  return {
    id, yearFirst: file.yearFirst, yearLast: file.yearLast, holidays,
    dayFirst: dayFromParts(file.yearFirst, 1, 1), dayLast: dayFromParts(file.yearLast, 12, 31),
  };
}

const calendars: Readonly<Record<CalendarId, HolidayCalendar>> = {
  US: buildCalendar('US', usData),
  CN: buildCalendar('CN', cnData),
};

export function holidayCalendar(calendar: CalendarId): HolidayCalendar {
  const found = calendars[calendar];
  assert(found !== undefined, `unknown holiday calendar "${String(calendar)}" (known: ${calendarIds.join(', ')})`);
  return found;
}

/** Day number of an ISO date, refusing malformed text and dates the calendar does not cover. */
function coveredDay(calendar: HolidayCalendar, isoDate: string): number {
  const day = parseIsoDate(isoDate);
  if (day === undefined) throw new CalendarRangeError(`not a valid ISO date (YYYY-MM-DD): "${isoDate}"`);
  checkCovered(calendar, day);
  return day;
}

function checkCovered(calendar: HolidayCalendar, day: number): void {
  if (day < calendar.dayFirst || day > calendar.dayLast) {
    throw new CalendarRangeError(`${isoOf(day)} is outside the ${calendar.id} holiday calendar ` +
      `(${calendar.yearFirst}-${calendar.yearLast})`);
  }
}

function isBusinessDayNumber(calendar: HolidayCalendar, day: number): boolean {
  return !isWeekend(day) && !calendar.holidays.has(day);
}

export function isBusinessDay(calendar: CalendarId, isoDate: string): boolean {
  const cal = holidayCalendar(calendar);
  return isBusinessDayNumber(cal, coveredDay(cal, isoDate));
}

/** The holiday's name, or undefined for a business day or a plain weekend. */
export function holidayName(calendar: CalendarId, isoDate: string): string | undefined {
  const cal = holidayCalendar(calendar);
  return cal.holidays.get(coveredDay(cal, isoDate));
}

/** Business days from fromIso to toIso, both inclusive, in order; empty when from is after to. */
export function businessDays(calendar: CalendarId, fromIso: string, toIso: string): string[] {
  const cal = holidayCalendar(calendar);
  const from = coveredDay(cal, fromIso);
  const to = coveredDay(cal, toIso);
  if (to - from > businessDaysRangeMax) {
    throw new CalendarRangeError(`range ${fromIso}..${toIso} is longer than ${businessDaysRangeMax} days`);
  }
  const days: string[] = [];
  for (let day = from; day <= to; day++) if (isBusinessDayNumber(cal, day)) days.push(isoOf(day));
  return days;
}

/** The first business day strictly after the date. */
export function nextBusinessDay(calendar: CalendarId, isoDate: string): string {
  const cal = holidayCalendar(calendar);
  return isoOf(stepToBusinessDay(cal, coveredDay(cal, isoDate), +1));
}

/** The last business day strictly before the date. */
export function previousBusinessDay(calendar: CalendarId, isoDate: string): string {
  const cal = holidayCalendar(calendar);
  return isoOf(stepToBusinessDay(cal, coveredDay(cal, isoDate), -1));
}

export function lastBusinessDayOfMonth(calendar: CalendarId, year: number, month: number): string {
  const cal = holidayCalendar(calendar);
  assert(Number.isInteger(year) && Number.isInteger(month) && month >= 1 && month <= 12,
    `year and month must be integers with month 1-12, got ${year}-${month}`);
  if (year < cal.yearFirst || year > cal.yearLast) {
    throw new CalendarRangeError(`${year} is outside the ${calendar} holiday calendar (${cal.yearFirst}-${cal.yearLast})`);
  }
  const last = dayFromParts(year, month, daysInMonth(year, month));
  return isoOf(stepToBusinessDay(cal, last + 1, -1));
}

/** Day-number forms for code in this folder that already holds day numbers (listing, sessions). */
export function isBusinessDayNumberIn(calendar: CalendarId, day: number): boolean {
  const cal = holidayCalendar(calendar);
  checkCovered(cal, day);
  return isBusinessDayNumber(cal, day);
}

export function stepBusinessDayNumber(calendar: CalendarId, day: number, direction: 1 | -1): number {
  return stepToBusinessDay(holidayCalendar(calendar), day, direction);
}

/** Walks one day at a time; every gap in the data is at most a couple of weeks, so this is short. */
function stepToBusinessDay(cal: HolidayCalendar, day: number, direction: 1 | -1): number {
  let candidate = day + direction;
  for (;;) {
    checkCovered(cal, candidate);
    if (isBusinessDayNumber(cal, candidate)) return candidate;
    candidate += direction;
  }
}
