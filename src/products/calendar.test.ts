import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CalendarRangeError, businessDays, holidayCalendar, holidayName, isBusinessDay, lastBusinessDayOfMonth,
  nextBusinessDay, previousBusinessDay,
} from './calendar.js';
import { dayFromParts, isoOf, weekdayOf } from './iso-date.js';

test('US: Thanksgiving 2026 and observed holidays are closed; the days around them trade', () => {
  assert.equal(isBusinessDay('US', '2026-11-26'), false);
  assert.equal(holidayName('US', '2026-11-26'), 'Thanksgiving Day');
  assert.equal(isBusinessDay('US', '2026-11-27'), true);
  assert.equal(isBusinessDay('US', '2026-07-03'), false, 'Independence Day 2026 falls on a Saturday: Friday observed');
  assert.equal(isBusinessDay('US', '2027-12-24'), false, 'Christmas 2027 falls on a Saturday: Friday observed');
  assert.equal(isBusinessDay('US', '2027-12-31'), true, 'New Year 2028 on a Saturday is not observed in 2027');
  assert.equal(isBusinessDay('US', '2026-11-28'), false, 'a Saturday');
});

test('CN: Spring Festival 2027 closes 2027-02-08..12; National Day 2026 closes the weekdays of 1-7 October', () => {
  for (const date of ['2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12']) {
    assert.equal(isBusinessDay('CN', date), false, date);
  }
  assert.deepEqual(businessDays('CN', '2027-02-01', '2027-02-19'),
    ['2027-02-01', '2027-02-02', '2027-02-03', '2027-02-04', '2027-02-15', '2027-02-16', '2027-02-17', '2027-02-18', '2027-02-19']);
  assert.deepEqual(businessDays('CN', '2026-09-28', '2026-10-09'),
    ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09']);
  assert.equal(isBusinessDay('US', '2027-02-10'), true, 'calendars are independent');
});

test('last business day of the month skips weekends and holidays', () => {
  assert.equal(lastBusinessDayOfMonth('US', 2027, 3), '2027-03-31');
  assert.equal(lastBusinessDayOfMonth('US', 2027, 7), '2027-07-30', '31 July 2027 is a Saturday');
  assert.equal(lastBusinessDayOfMonth('US', 2027, 5), '2027-05-28', 'Memorial Day is Monday 31 May 2027');
  assert.equal(lastBusinessDayOfMonth('US', 2028, 12), '2028-12-29');
  assert.equal(lastBusinessDayOfMonth('CN', 2028, 1), '2028-01-24', 'Spring Festival closes 25-31 January 2028');
  assert.equal(lastBusinessDayOfMonth('CN', 2028, 9), '2028-09-29');
  assert.equal(lastBusinessDayOfMonth('CN', 2026, 12), '2026-12-31');
});

test('next and previous business day step over holiday blocks', () => {
  assert.equal(nextBusinessDay('CN', '2026-09-30'), '2026-10-08');
  assert.equal(previousBusinessDay('CN', '2026-10-08'), '2026-09-30');
  assert.equal(nextBusinessDay('US', '2026-11-25'), '2026-11-27');
  assert.equal(nextBusinessDay('US', '2026-12-31'), '2027-01-04');
  assert.equal(previousBusinessDay('US', '2027-01-04'), '2026-12-31');
});

test('dates outside the covered years, and malformed dates, throw', () => {
  assert.throws(() => isBusinessDay('US', '2030-01-02'), CalendarRangeError);
  assert.throws(() => isBusinessDay('CN', '2025-12-31'), CalendarRangeError);
  assert.throws(() => lastBusinessDayOfMonth('US', 2025, 12), CalendarRangeError);
  assert.throws(() => nextBusinessDay('US', '2029-12-31'), /outside the US holiday calendar/);
  assert.throws(() => previousBusinessDay('CN', '2026-01-05'), CalendarRangeError, '2026-01-02 is a holiday, then 2025');
  assert.throws(() => isBusinessDay('US', '2027-02-30'), /not a valid ISO date/);
  assert.throws(() => isBusinessDay('US', '2027-2-3'), /not a valid ISO date/);
});

// The US data file, recomputed from the holiday rules: catches a wrong date typed into the JSON.
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = dayFromParts(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
}
function lastWeekday(year: number, month: number, weekday: number): number {
  const next = dayFromParts(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1);
  const last = next - 1;
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}
function easter(year: number): number { // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromParts(year, month, day);
}
function observed(day: number): number | undefined {
  const weekday = weekdayOf(day);
  return weekday === 6 ? day - 1 : weekday === 0 ? day + 1 : day;
}
test('US holiday file equals the NYSE rules for every covered year', () => {
  const cal = holidayCalendar('US');
  for (let year = cal.yearFirst; year <= cal.yearLast; year++) {
    const newYear = dayFromParts(year, 1, 1);
    const expected = [
      weekdayOf(newYear) === 6 ? undefined : observed(newYear),
      nthWeekday(year, 1, 1, 3), nthWeekday(year, 2, 1, 3), easter(year) - 2, lastWeekday(year, 5, 1),
      observed(dayFromParts(year, 6, 19)), observed(dayFromParts(year, 7, 4)), nthWeekday(year, 9, 1, 1),
      nthWeekday(year, 11, 4, 4), observed(dayFromParts(year, 12, 25)),
    ].filter((d): d is number => d !== undefined).map(isoOf);
    const listed = [...cal.holidays.keys()].map(isoOf).filter((iso) => iso.startsWith(`${year}-`));
    assert.deepEqual(listed, expected, `US holidays ${year}`);
  }
});

const coveredDate = fc.integer({ min: dayFromParts(2026, 1, 10), max: dayFromParts(2029, 12, 20) }).map(isoOf);

test('property: nextBusinessDay is the first business day after the date, and previous undoes it', () => {
  fc.assert(fc.property(fc.constantFrom('US' as const, 'CN' as const), coveredDate, (calendar, date) => {
    const next = nextBusinessDay(calendar, date);
    assert.ok(next > date && isBusinessDay(calendar, next));
    assert.deepEqual(businessDays(calendar, date, next).filter((d) => d !== date), [next]);
    const back = previousBusinessDay(calendar, next);
    assert.ok(back <= date && isBusinessDay(calendar, back));
    assert.deepEqual(businessDays(calendar, back, next), [back, next], 'no business day between them');
    if (isBusinessDay(calendar, date)) assert.equal(back, date);
  }), { numRuns: 300 });
});
