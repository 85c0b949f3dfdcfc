// Which trading phase a product is in at a UTC instant, and when that changes. Built from the catalogue's
// trading hours (trading-hours.ts explains how sessions attach to trading days) and the holiday calendar:
// only business days are trading days, so a holiday removes every session that belongs to it (for a
// CME-like product, the session that would have opened the evening before; for TKC, the night session
// before a holiday too).
//
// Phases: preOpen from a session's call auction to its open, continuous from open to close, closed
// otherwise. The engine's own phase table (halted, re-opening auction) is the engine's business; this only
// says what the clock and the calendar allow.

import { CalendarRangeError, holidayCalendar, isBusinessDayNumberIn, stepBusinessDayNumber } from './calendar.js';
import type { Product } from './catalogue.js';
import type { TradingSession } from './trading-hours.js';
import { isoOf, isWeekend, parseIsoDate } from './iso-date.js';
import { localTimeOf, zonedToUtcMs } from './zoned-time.js';
import { assert } from '../core/assert.js';
import { tsMicros, type TsMicros } from '../core/units.js';

export type SessionPhase = 'closed' | 'preOpen' | 'continuous';

/** Longest run of days without a transition we look through (a Chinese holiday week plus weekends). */
export const sessionSearchDaysMax = 20;

export interface SessionWindow {
  /** The business day the session's trades belong to (ISO date). */
  readonly tradingDay: string;
  readonly name: string;
  /** Start of the opening call auction, or null when the session opens straight into continuous trading. */
  readonly preOpenMicros: TsMicros | null;
  readonly openMicros: TsMicros;
  readonly closeMicros: TsMicros;
}

export interface SessionState {
  readonly phase: SessionPhase;
  /** The session in preOpen or continuous; null when closed. */
  readonly session: SessionWindow | null;
  /** The session that starts next after the current one (or after the instant when closed). */
  readonly nextSession: SessionWindow;
  readonly nextPhase: SessionPhase;
  readonly nextTransitionMicros: TsMicros;
}

/** The sessions of one trading day in time order; empty when the day is not a business day. */
export function sessionsOfTradingDay(product: Product, tradingDayIso: string): SessionWindow[] {
  const day = parseIsoDate(tradingDayIso);
  if (day === undefined) throw new CalendarRangeError(`not a valid ISO date (YYYY-MM-DD): "${tradingDayIso}"`);
  return windowsOfDay(product, day);
}

function windowsOfDay(product: Product, tradingDay: number): SessionWindow[] {
  if (!isBusinessDayNumberIn(product.calendar, tradingDay)) return [];
  const windows: SessionWindow[] = [];
  for (const session of product.tradingHours.sessions) {
    const startDay = sessionStartDay(product, session, tradingDay);
    if (startDay === undefined) continue;
    const zone = product.tradingHours.timeZone;
    const at = (minute: number): TsMicros => tsMicros(zonedToUtcMs(zone, startDay, minute) * 1000);
    windows.push({
      tradingDay: isoOf(tradingDay),
      name: session.name,
      preOpenMicros: session.callAuctionMinute === null ? null : at(session.callAuctionMinute),
      openMicros: at(session.openMinute),
      closeMicros: at(session.closeMinute),
    });
  }
  return windows;
}

/** The local day a session of a trading day starts on, or undefined when that session is not held. */
function sessionStartDay(product: Product, session: TradingSession, tradingDay: number): number | undefined {
  switch (session.startsOn) {
    case 'tradingDay':
      return tradingDay;
    case 'previousCalendarDay':
      return tradingDay - 1;
    case 'previousBusinessDay': {
      const previous = stepBusinessDayNumber(product.calendar, tradingDay, -1);
      // No night session across a holiday: only weekends may lie between the two business days.
      for (let day = previous + 1; day < tradingDay; day++) if (!isWeekend(day)) return undefined;
      return previous;
    }
  }
}

/** The phase at an instant and the next change of phase. */
export function sessionStateAt(product: Product, atMicros: TsMicros): SessionState {
  assert(Number.isSafeInteger(atMicros), `instant must be integer microseconds, got ${atMicros}`);
  const local = localTimeOf(product.tradingHours.timeZone, Math.floor(atMicros / 1000));
  const calendar = holidayCalendar(product.calendar);
  const windows: SessionWindow[] = [];
  // A session containing the instant belongs to a trading day from the day before to three days after the
  // local date (Friday's night session belongs to Monday); later days are read only until a change is found.
  for (let offset = -1; offset <= sessionSearchDaysMax; offset++) {
    const day = local.day + offset;
    if (day >= calendar.dayFirst && day <= calendar.dayLast) windows.push(...windowsOfDay(product, day));
    if (offset < 3) continue;
    const state = stateFrom(windows, atMicros);
    if (state !== undefined) return state;
  }
  throw new CalendarRangeError(`no trading session of ${product.code} within ${sessionSearchDaysMax} days of ` +
    `${new Date(Math.floor(atMicros / 1000)).toISOString()} inside the ${product.calendar} holiday calendar`);
}

function stateFrom(windows: readonly SessionWindow[], atMicros: TsMicros): SessionState | undefined {
  const { phase, session } = phaseAt(windows, atMicros);
  const boundaries = windows
    .flatMap((w) => (w.preOpenMicros === null ? [w.openMicros, w.closeMicros] : [w.preOpenMicros, w.openMicros, w.closeMicros]))
    .filter((t) => t > atMicros)
    .sort((a, b) => a - b);
  for (const boundary of boundaries) {
    const next = phaseAt(windows, boundary);
    if (next.phase === phase && next.session === session) continue;
    const nextSession = windows.find((w) => (w.preOpenMicros ?? w.openMicros) >= (session?.closeMicros ?? atMicros));
    if (nextSession === undefined) return undefined;
    return { phase, session, nextSession, nextPhase: next.phase, nextTransitionMicros: tsMicros(boundary) };
  }
  return undefined;
}

function phaseAt(windows: readonly SessionWindow[], at: number): { phase: SessionPhase; session: SessionWindow | null } {
  for (const w of windows) {
    if (w.preOpenMicros !== null && at >= w.preOpenMicros && at < w.openMicros) return { phase: 'preOpen', session: w };
    if (at >= w.openMicros && at < w.closeMicros) return { phase: 'continuous', session: w };
  }
  return { phase: 'closed', session: null };
}
