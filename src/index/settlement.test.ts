import { test } from 'node:test';
import assert from 'node:assert/strict';
import { businessDays } from '../products/calendar.js';
import { decimalToNano } from './price.js';
import { finalSettlementPrice, type DailyFixing } from './settlement.js';

const n = (text: string): bigint => decimalToNano(text)!;
const f = (date: string, level: string): DailyFixing => ({ date, levelNano: n(level) });

test('the mean rounds to the tick half away from zero', () => {
  // (5.0000 + 5.0005) / 2 = 5.00025; tick 0.0001 → 50002.5 ticks → 50003 (half away from zero)
  const up = finalSettlementPrice([f('2026-11-02', '5.0000'), f('2026-11-03', '5.0005')], '0.0001');
  assert.ok(up.ok);
  assert.equal(up.settlement.priceTicks, 50_003);
  // (5.0000 + 5.0004) / 2 = 5.0002 exactly → 50002 ticks
  const exact = finalSettlementPrice([f('2026-11-02', '5.0000'), f('2026-11-03', '5.0004')], '0.0001');
  assert.ok(exact.ok && exact.settlement.priceTicks === 50_002);
  // (1.0014 + 1.0015 + 1.0016) / 3 = 1.0015; tick 0.001 → 1001.5 ticks → 1002
  const three = finalSettlementPrice([f('2026-11-02', '1.0014'), f('2026-11-03', '1.0015'), f('2026-11-04', '1.0016')], '0.001');
  assert.ok(three.ok && three.settlement.priceTicks === 1002);
  // 1.0004999 is below the half: 1000.4999 ticks → 1000
  const below = finalSettlementPrice([f('2026-11-02', '1.0004999')], '0.001');
  assert.ok(below.ok && below.settlement.priceTicks === 1000);
});

test('a full November: 20 US business days, one missing fixing is left out of the mean', () => {
  const days = businessDays('US', '2026-11-01', '2026-11-30');
  assert.equal(days.length, 20); // 21 weekdays less Thanksgiving (26th)
  const fixings = days.filter((d) => d !== '2026-11-13').map((d, i) => f(d, i % 2 === 0 ? '5.000' : '5.010'));
  const outcome = finalSettlementPrice(fixings, '0.001', { businessDays: days });
  assert.ok(outcome.ok);
  // 19 fixings: 10 at 5.000 and 9 at 5.010: (50 + 45.09) / 19 = 5.00473… → 5.005 (5004.7 ticks → 5005)
  assert.equal(outcome.settlement.count, 19);
  assert.deepEqual(outcome.settlement.missingDays, ['2026-11-13']);
  assert.equal(outcome.settlement.priceTicks, 5005);
  assert.equal(outcome.settlement.method, 'mean');
});

test('fewer than 10 fixings: missing days take the previous fixing', () => {
  const days = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'];
  const outcome = finalSettlementPrice([f('2026-11-03', '6.000')], '0.001', { businessDays: days, priorFixing: f('2026-10-30', '4.000') });
  assert.ok(outcome.ok);
  // 11-02 ← 4.000 (30 Oct), 11-03 6.000, 11-04 and 11-05 ← 6.000: (4 + 6 + 6 + 6) / 4 = 5.5
  assert.equal(outcome.settlement.method, 'filled');
  assert.equal(outcome.settlement.priceTicks, 5500);
  assert.equal(outcome.settlement.used[0]!.filledFrom, '2026-10-30');
  const none = finalSettlementPrice([f('2026-11-03', '6.000')], '0.001', { businessDays: days });
  assert.equal(none.ok, false);
});
