import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Reason } from '../core/reasons.js';
import { CalendarRangeError, isBusinessDay, nextBusinessDay } from './calendar.js';
import { defaultCatalogue } from './catalogue.js';
import { dayFromParts, isoOf } from './iso-date.js';
import { listSeries, seriesBySymbol, seriesDates } from './listing.js';

const catalogue = defaultCatalogue();
const tkf = catalogue.byCode.get('TKF')!;
const tkc = catalogue.byCode.get('TKC')!;

test('on 2027-03-15 every product lists twelve months from March 2027, TKFH27 among them', () => {
  const series = listSeries(catalogue, '2027-03-15');
  assert.equal(series.length, 48);
  const march = series.find((s) => s.symbol === 'TKFH27')!;
  assert.deepEqual(march, {
    symbol: 'TKFH27', longSymbol: 'TKF-2027-03', product: 'TKF', year: 2027, month: 3, contractMonth: '2027-03',
    firstTradingDay: '2026-04-01', lastTradingDay: '2027-03-31', finalSettlementDay: '2027-04-01',
    frontMonth: true, expiringToday: false,
  });
  assert.deepEqual(listSeries(catalogue, '2027-03-15', 'TKF').map((s) => s.symbol),
    ['TKFH27', 'TKFJ27', 'TKFK27', 'TKFM27', 'TKFN27', 'TKFQ27', 'TKFU27', 'TKFV27', 'TKFX27', 'TKFZ27', 'TKFF28', 'TKFG28']);
});

test('roll-over: the front month trades through its last trading day, then the next month is listed', () => {
  const onExpiry = listSeries(catalogue, '2027-03-31', 'TKF');
  assert.equal(onExpiry[0]!.symbol, 'TKFH27');
  assert.equal(onExpiry[0]!.expiringToday, true);
  assert.equal(onExpiry.filter((s) => s.expiringToday).length, 1);
  assert.equal(onExpiry[11]!.symbol, 'TKFG28');
  const after = listSeries(catalogue, '2027-04-01', 'TKF');
  assert.equal(after[0]!.symbol, 'TKFJ27');
  assert.equal(after[11]!.symbol, 'TKFH28');
  assert.equal(after[11]!.firstTradingDay, '2027-04-01', 'listed the business day after TKFH27 expired');
});

test('a weekend after expiry already shows the new set; its new month first trades on Monday', () => {
  // July 2027 ends on a Saturday: TKFN27 expires Friday 2027-07-30.
  const saturday = listSeries(catalogue, '2027-07-31', 'TKF');
  assert.equal(saturday[0]!.symbol, 'TKFQ27');
  assert.equal(saturday[11]!.symbol, 'TKFN28');
  assert.equal(saturday[11]!.firstTradingDay, '2027-08-02');
});

test('CN holidays move TKC key days: Spring Festival and National Day', () => {
  const jan28 = seriesDates(tkc, 2028, 1);
  assert.equal(jan28.lastTradingDay, '2028-01-24');
  assert.equal(jan28.finalSettlementDay, '2028-02-02');
  const sep26 = seriesDates(tkc, 2026, 9);
  assert.equal(sep26.lastTradingDay, '2026-09-30');
  assert.equal(sep26.finalSettlementDay, '2026-10-08');
  assert.equal(seriesDates(tkf, 2026, 9).finalSettlementDay, '2026-10-01', 'the US calendar trades on 1 October');
});

test('launch: nothing is listed before it; earlier months first trade on the launch date', () => {
  assert.deepEqual(listSeries(catalogue, '2026-01-01'), []);
  const launch = listSeries(catalogue, '2026-01-02', 'TKF');
  assert.equal(launch[0]!.symbol, 'TKFF26');
  assert.ok(launch.every((s) => s.firstTradingDay === '2026-01-02'), 'every month listed at launch');
  assert.deepEqual(listSeries(catalogue, '2026-01-02', 'TKC'), [], 'TKC launches on 2026-01-05');
  assert.equal(listSeries(catalogue, '2026-02-02', 'TKF')[11]!.firstTradingDay, '2026-02-02');
});

test('seriesBySymbol finds listed series by either form and says why others are not', () => {
  const found = seriesBySymbol(catalogue, 'TKC-2027-06', '2027-03-15');
  assert.ok(found.ok && found.series.symbol === 'TKCM27');
  const expired = seriesBySymbol(catalogue, 'TKFH27', '2027-04-01');
  assert.ok(!expired.ok && expired.code === Reason.seriesExpired && /front month is TKFJ27/.test(expired.message));
  const notYet = seriesBySymbol(catalogue, 'TKFH28', '2027-03-15');
  assert.ok(!notYet.ok && notYet.code === Reason.unknownSymbol && /last listed month is TKFG28/.test(notYet.message));
  const unknown = seriesBySymbol(catalogue, 'XYZH27', '2027-03-15');
  assert.ok(!unknown.ok && unknown.code === Reason.unknownSymbol && /no product "XYZ"/.test(unknown.message));
  assert.ok(!seriesBySymbol(catalogue, 'TKF', '2027-03-15').ok);
});

test('bad dates and dates past the holiday calendars throw CalendarRangeError', () => {
  assert.throws(() => listSeries(catalogue, '2027-13-01'), CalendarRangeError);
  assert.throws(() => listSeries(catalogue, '2029-06-15'), /outside the US holiday calendar/);
});

test('property: the list is twelve consecutive months, front first, each trading on the date', () => {
  const date = fc.integer({ min: dayFromParts(2026, 1, 5), max: dayFromParts(2028, 12, 15) }).map(isoOf);
  fc.assert(fc.property(date, fc.constantFrom('TKF', 'TKC', 'GPH'), (iso, code) => {
    const series = listSeries(catalogue, iso, code);
    const calendar = catalogue.byCode.get(code)!.calendar;
    assert.equal(series.length, 12);
    series.forEach((s, i) => {
      assert.equal(s.frontMonth, i === 0);
      if (i > 0) assert.equal(s.year * 12 + s.month, series[i - 1]!.year * 12 + series[i - 1]!.month + 1);
      assert.ok(s.lastTradingDay >= iso, 'no expired series is listed');
      assert.ok(isBusinessDay(calendar, s.firstTradingDay) && isBusinessDay(calendar, s.lastTradingDay));
      assert.equal(s.finalSettlementDay, nextBusinessDay(calendar, s.lastTradingDay));
      // Trading on the date: first trading day at or before it, unless it falls on a non-business day.
      if (isBusinessDay(calendar, iso)) assert.ok(s.firstTradingDay <= iso, `${s.symbol} first trades ${s.firstTradingDay}`);
    });
    const prior = series[0]!;
    assert.ok(prior.lastTradingDay.slice(0, 7) === prior.contractMonth, 'last trading day lies in the contract month');
  }), { numRuns: 200 });
});
