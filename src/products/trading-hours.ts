// Trading hours as data: a time zone and the sessions of one trading day. Every session belongs to a trading
// day T (a business day of the product's calendar) and starts on one of three days:
//   tradingDay          — on T itself (Chinese day sessions, 09:00-11:30 and 13:30-15:00);
//   previousCalendarDay — on the evening before T (CME-like: Sunday 17:00 opens Monday's trading day);
//   previousBusinessDay — on the evening of the business day before T (Chinese night session: Friday 21:00
//                         belongs to Monday), and only when no holiday lies between the two days, as Chinese
//                         exchanges hold no night session before a holiday.
// A session whose close is not after its open runs past midnight (17:00 → 16:00 the next day).

import { CatalogueError, clockTime, object, oneOf, string } from './catalogue-fields.js';

export type SessionStart = 'tradingDay' | 'previousCalendarDay' | 'previousBusinessDay';
export const sessionStarts: readonly SessionStart[] = ['tradingDay', 'previousCalendarDay', 'previousBusinessDay'];

export const sessionsPerDayMax = 6;
const minutesPerDay = 1440;

export interface TradingSession {
  readonly name: string;
  readonly startsOn: SessionStart;
  /** Start of the opening call auction, minutes after local midnight; null when the session opens directly. */
  readonly callAuctionMinute: number | null;
  readonly openMinute: number;
  /** Local minutes after midnight of the day the session starts; above 1440 when it runs past midnight. */
  readonly closeMinute: number;
}

export interface TradingHours {
  readonly timeZone: string;
  readonly description: string;
  readonly sessions: readonly TradingSession[];
}

export function parseTradingHours(value: unknown, path: string): TradingHours {
  const obj = object(value, path, ['timeZone', 'description', 'sessions']);
  const timeZone = string(obj, 'timeZone', path);
  if (!isKnownTimeZone(timeZone)) throw new CatalogueError(`${path}.timeZone`, `unknown IANA time zone "${timeZone}"`);
  const description = string(obj, 'description', path);
  const list = obj['sessions'];
  if (!Array.isArray(list) || list.length === 0 || list.length > sessionsPerDayMax) {
    throw new CatalogueError(`${path}.sessions`, `must be a list of 1 to ${sessionsPerDayMax} sessions`);
  }
  const sessions = list.map((item, i) => parseSession(item, `${path}.sessions[${i}]`));
  checkOrder(sessions, `${path}.sessions`);
  return { timeZone, description, sessions };
}

function parseSession(value: unknown, path: string): TradingSession {
  const obj = object(value, path, ['name', 'startsOn', 'callAuction', 'open', 'close']);
  const name = string(obj, 'name', path, /^[a-z][a-zA-Z0-9]{0,23}$/, 'a lowerCamel name of at most 24 characters');
  const startsOn = oneOf(obj, 'startsOn', path, sessionStarts);
  const openMinute = clockTime(obj, 'open', path);
  const closeClock = clockTime(obj, 'close', path);
  const closeMinute = closeClock > openMinute ? closeClock : closeClock + minutesPerDay;
  let callAuctionMinute: number | null = null;
  if (obj['callAuction'] !== null) {
    callAuctionMinute = clockTime(obj, 'callAuction', path);
    if (callAuctionMinute >= openMinute) {
      throw new CatalogueError(`${path}.callAuction`, 'must start before the session opens (same day)');
    }
  }
  if (startsOn === 'tradingDay' && closeMinute > minutesPerDay) {
    throw new CatalogueError(`${path}.close`, 'a session starting on the trading day must close the same day');
  }
  return { name, startsOn, callAuctionMinute, openMinute, closeMinute };
}

/** Sessions must be listed in time order within one trading day and must not overlap. */
function checkOrder(sessions: readonly TradingSession[], path: string): void {
  let previousEnd = -Infinity;
  let first = Infinity;
  sessions.forEach((session, i) => {
    const dayOffset = session.startsOn === 'tradingDay' ? 0 : -minutesPerDay;
    const start = dayOffset + (session.callAuctionMinute ?? session.openMinute);
    if (start < previousEnd) throw new CatalogueError(`${path}[${i}]`, 'overlaps the session before it or is out of order');
    first = Math.min(first, start);
    previousEnd = dayOffset + session.closeMinute;
  });
  if (previousEnd > minutesPerDay || previousEnd - first > minutesPerDay) {
    throw new CatalogueError(path, 'one trading day\'s sessions must fit in 24 hours and end by midnight of the day');
  }
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
