// Wall-clock time in an IANA time zone ↔ UTC instants, through Intl.DateTimeFormat. Given an instant the
// answer is deterministic (it depends only on the tz database shipped with Node), so the core may use it: no
// clock is read here. Trading hours never sit in a daylight-saving gap (01:00-03:00 local), so a wall time
// maps to exactly one instant for every session boundary the catalogue can express sensibly.

import { assert } from '../core/assert.js';
import { msPerDay } from './iso-date.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

export interface LocalTime {
  /** Local calendar day as a day number (days since 1970-01-01). */
  readonly day: number;
  readonly minuteOfDay: number;
}

/** The local calendar day and minute of an instant (seconds are dropped). */
export function localTimeOf(timeZone: string, utcMs: number): LocalTime {
  const wallMs = wallClockAsUtcMs(timeZone, utcMs);
  const day = Math.floor(wallMs / msPerDay);
  return { day, minuteOfDay: Math.floor((wallMs - day * msPerDay) / 60_000) };
}

/** The instant at which the zone's clocks show minuteOfDay on the given local day (minutes may pass 1440). */
export function zonedToUtcMs(timeZone: string, day: number, minuteOfDay: number): number {
  const wallMs = day * msPerDay + minuteOfDay * 60_000;
  const firstOffsetMs = wallClockAsUtcMs(timeZone, wallMs) - wallMs;
  let utcMs = wallMs - firstOffsetMs;
  const secondOffsetMs = wallClockAsUtcMs(timeZone, utcMs) - utcMs;
  if (secondOffsetMs !== firstOffsetMs) utcMs = wallMs - secondOffsetMs;
  return utcMs;
}

/** The zone's wall clock at an instant, read as if it were UTC (so subtraction gives the offset). */
function wallClockAsUtcMs(timeZone: string, utcMs: number): number {
  assert(Number.isFinite(utcMs), `instant must be finite, got ${utcMs}`);
  const wholeSecondMs = Math.floor(utcMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(wholeSecondMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!)
    + (utcMs - wholeSecondMs);
}
