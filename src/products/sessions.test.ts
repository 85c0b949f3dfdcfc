import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { tsMicros, type TsMicros } from '../core/units.js';
import { isBusinessDay } from './calendar.js';
import { defaultCatalogue } from './catalogue.js';
import { sessionStateAt, sessionsOfTradingDay } from './sessions.js';

const catalogue = defaultCatalogue();
const tkf = catalogue.byCode.get('TKF')!;
const tkc = catalogue.byCode.get('TKC')!;
const at = (isoInstant: string): TsMicros => tsMicros(Date.parse(isoInstant) * 1000);
const iso = (micros: number): string => new Date(micros / 1000).toISOString().replace('.000', '');

test('TKF: Monday 16:30 Chicago is the daily break (closed); the call auction starts 16:55 for Tuesday', () => {
  const state = sessionStateAt(tkf, at('2027-03-15T21:30:00Z')); // 16:30 CDT
  assert.equal(state.phase, 'closed');
  assert.equal(state.session, null);
  assert.equal(state.nextPhase, 'preOpen');
  assert.equal(iso(state.nextTransitionMicros), '2027-03-15T21:55:00Z');
  assert.equal(state.nextSession.tradingDay, '2027-03-16');
  const auction = sessionStateAt(tkf, at('2027-03-15T21:57:00Z'));
  assert.equal(auction.phase, 'preOpen');
  assert.equal(auction.session!.tradingDay, '2027-03-16');
  assert.equal(iso(auction.nextTransitionMicros), '2027-03-15T22:00:00Z');
});

test('TKF: continuous in the day, closing at 16:00 local in summer and winter time', () => {
  const summer = sessionStateAt(tkf, at('2027-03-15T15:00:00Z')); // 10:00 CDT
  assert.equal(summer.phase, 'continuous');
  assert.equal(summer.session!.tradingDay, '2027-03-15');
  assert.equal(iso(summer.nextTransitionMicros), '2027-03-15T21:00:00Z');
  const winter = sessionStateAt(tkf, at('2026-12-07T15:00:00Z')); // 09:00 CST
  assert.equal(winter.phase, 'continuous');
  assert.equal(iso(winter.nextTransitionMicros), '2026-12-07T22:00:00Z');
});

test('TKF: the week opens Sunday 17:00 and closes Friday 16:00; the Thanksgiving session is not held', () => {
  assert.equal(sessionStateAt(tkf, at('2027-03-14T21:00:00Z')).phase, 'closed', 'Sunday 16:00 CDT');
  const sunday = sessionStateAt(tkf, at('2027-03-14T22:00:00Z'));
  assert.equal(sunday.phase, 'continuous');
  assert.equal(sunday.session!.tradingDay, '2027-03-15');
  const friday = sessionStateAt(tkf, at('2027-03-19T21:30:00Z'));
  assert.equal(friday.phase, 'closed');
  assert.equal(iso(friday.nextTransitionMicros), '2027-03-21T21:55:00Z');
  const thanksgivingEve = sessionStateAt(tkf, at('2026-11-25T23:30:00Z')); // Wednesday 17:30 CST
  assert.equal(thanksgivingEve.phase, 'closed');
  assert.equal(iso(thanksgivingEve.nextTransitionMicros), '2026-11-26T22:55:00Z');
  assert.equal(thanksgivingEve.nextSession.tradingDay, '2026-11-27');
});

test('TKC: 08:57 Beijing is the morning call auction; lunch is closed; the afternoon opens without one', () => {
  const auction = sessionStateAt(tkc, at('2027-03-15T00:57:00Z'));
  assert.equal(auction.phase, 'preOpen');
  assert.equal(auction.session!.name, 'morning');
  assert.equal(iso(auction.nextTransitionMicros), '2027-03-15T01:00:00Z');
  const lunch = sessionStateAt(tkc, at('2027-03-15T04:00:00Z'));
  assert.equal(lunch.phase, 'closed');
  assert.equal(lunch.nextPhase, 'continuous');
  assert.equal(iso(lunch.nextTransitionMicros), '2027-03-15T05:30:00Z');
  const close = sessionStateAt(tkc, at('2027-03-15T06:59:00Z'));
  assert.equal(close.phase, 'continuous');
  assert.equal(iso(close.nextTransitionMicros), '2027-03-15T07:00:00Z');
});

test('TKC: the night session belongs to the next trading day, and is not held before a holiday', () => {
  const nightAuction = sessionStateAt(tkc, at('2027-03-15T12:57:00Z')); // Monday 20:57
  assert.equal(nightAuction.phase, 'preOpen');
  assert.equal(nightAuction.session!.tradingDay, '2027-03-16');
  const fridayNight = sessionStateAt(tkc, at('2027-03-12T13:30:00Z')); // Friday 21:30
  assert.equal(fridayNight.phase, 'continuous');
  assert.equal(fridayNight.session!.tradingDay, '2027-03-15');
  const beforeNationalDay = sessionStateAt(tkc, at('2026-09-30T13:30:00Z'));
  assert.equal(beforeNationalDay.phase, 'closed');
  assert.equal(iso(beforeNationalDay.nextTransitionMicros), '2026-10-08T00:55:00Z');
  assert.deepEqual(sessionsOfTradingDay(tkc, '2026-10-08').map((w) => w.name), ['morning', 'afternoon']);
  assert.deepEqual(sessionsOfTradingDay(tkc, '2026-10-09').map((w) => w.name), ['night', 'morning', 'afternoon']);
  assert.deepEqual(sessionsOfTradingDay(tkc, '2026-10-05'), []);
});

test('TKF trading days are 23 hours, also across the daylight-saving changes', () => {
  for (const day of ['2027-03-15', '2026-11-02', '2026-11-03', '2027-07-01']) {
    const [window] = sessionsOfTradingDay(tkf, day);
    assert.equal((window!.closeMicros - window!.openMicros) / 3_600_000_000, 23, day);
  }
});

const chicago = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Chicago', hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
});
function chicagoClock(micros: number): { weekday: string; date: string; minute: number } {
  const parts = Object.fromEntries(chicago.formatToParts(micros / 1000).map((p) => [p.type, p.value]));
  return { weekday: parts['weekday']!, date: `${parts['year']}-${parts['month']}-${parts['day']}`, minute: Number(parts['hour']) * 60 + Number(parts['minute']) };
}

test('property: TKF phases agree with the Chicago wall clock, and transitions are consistent', () => {
  const instant = fc.integer({ min: Date.parse('2026-01-05T00:00:00Z') / 60_000, max: Date.parse('2027-12-20T00:00:00Z') / 60_000 })
    .map((minute) => tsMicros(minute * 60_000_000));
  fc.assert(fc.property(instant, (micros) => {
    const state = sessionStateAt(tkf, micros);
    const clock = chicagoClock(micros);
    if (state.phase === 'continuous') {
      assert.ok(!(clock.minute >= 16 * 60 && clock.minute < 17 * 60), `continuous in the break at ${iso(micros)}`);
      assert.notEqual(clock.weekday, 'Sat');
      assert.ok(isBusinessDay('US', state.session!.tradingDay));
    }
    if (state.phase === 'preOpen') assert.ok(clock.minute >= 16 * 60 + 55 && clock.minute < 17 * 60);
    if (clock.weekday === 'Sat') assert.equal(state.phase, 'closed');
    assert.ok(state.nextTransitionMicros > micros);
    const before = sessionStateAt(tkf, tsMicros(state.nextTransitionMicros - 1));
    assert.equal(before.phase, state.phase, 'no change before the announced transition');
    assert.equal(sessionStateAt(tkf, state.nextTransitionMicros).phase, state.nextPhase);
  }), { numRuns: 150 });
});
