import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForUpdate } from '@pydantic/genai-prices';
import { importGenaiPrices, timeOfDayMicros, type GenaiProvider } from './genai-import.js';

const tiny: GenaiProvider[] = [{
  id: 'lab',
  models: [
    // A dated rule: from 2026-03-01 the price halves.
    { id: 'dated', prices: [{ prices: { input_mtok: 1, output_mtok: 2 } }, { constraint: { type: 'start_date', start_date: '2026-03-01' }, prices: { input_mtok: 0.5, output_mtok: 1 } }] },
    // A time-of-day rule: 00:30-16:30 UTC (16 h) at the peak rate, the other 8 h at the base rate.
    { id: 'peak', prices: [{ prices: { input_mtok: 0.135, output_mtok: 0.55, cache_read_mtok: 0.035 } }, { constraint: { type: 'time_of_date', start_time: '00:30:00Z', end_time: '16:30:00Z' }, prices: { input_mtok: 0.27, output_mtok: 1.1, cache_read_mtok: 0.07 } }] },
    // A window that wraps midnight (22:00-02:00, 4 h) and a tiered base price.
    { id: 'wrap', prices: [{ prices: { input_mtok: { base: 3, tiers: [{ start: 200000, price: 6 }] }, output_mtok: 9 } }, { constraint: { type: 'time_of_date', start_time: '22:00:00Z', end_time: '02:00:00Z' }, prices: { input_mtok: 1.5, output_mtok: 4.5 } }] },
    { id: 'embedding', prices: { input_mtok: 0.02 } },
    { id: 'old', deprecated: true, prices: { input_mtok: 1, output_mtok: 1 } },
  ],
}];

function byId(date: string) {
  const result = importGenaiPrices(tiny, date, 'test@1');
  return { map: new Map(result.observations.map((o) => [o.modelId, o])), skipped: result.skipped };
}

test('a dated rule applies from its start date (00:00 UTC) on', () => {
  assert.equal(byId('2026-02-28').map.get('dated')!.inputNanoPerMtok, 1_000_000_000n); // before: 1
  assert.equal(byId('2026-03-01').map.get('dated')!.inputNanoPerMtok, 500_000_000n); // from: 0.5
  assert.equal(byId('2026-03-01').map.get('dated')!.outputNanoPerMtok, 1_000_000_000n);
});

test('a time-of-day rule is time-weighted over the UTC day', () => {
  const peak = byId('2026-05-05').map.get('peak')!;
  // input: (16 h × 0.27 + 8 h × 0.135) / 24 h = (4.32 + 1.08) / 24 = 0.225 exactly
  assert.equal(peak.inputNanoPerMtok, 225_000_000n);
  // output: (16 × 1.1 + 8 × 0.55) / 24 = 22 / 24 = 0.91666666…, rounded half away at nano: 0.916666667
  assert.equal(peak.outputNanoPerMtok, 916_666_667n);
  // cached input: (16 × 0.07 + 8 × 0.035) / 24 = 1.4 / 24 = 0.058333333…
  assert.equal(peak.cachedInputNanoPerMtok, 58_333_333n);
  assert.match(peak.note!, /00:30-16:30 in 0.27 out 1.1/);
  assert.equal(peak.source, 'test@1');
  assert.equal(peak.sourceKind, 'reference');
});

test('a window across midnight and a tiered price (base rate enters)', () => {
  const wrap = byId('2026-05-05').map.get('wrap')!;
  // input: (4 h × 1.5 + 20 h × 3) / 24 = 66 / 24 = 2.75; output: (4 × 4.5 + 20 × 9) / 24 = 198 / 24 = 8.25
  assert.equal(wrap.inputNanoPerMtok, 2_750_000_000n);
  assert.equal(wrap.outputNanoPerMtok, 8_250_000_000n);
});

test('models without an output price are skipped with a reason; deprecated ones are marked', () => {
  const { map, skipped } = byId('2026-05-05');
  assert.equal(map.has('embedding'), false);
  assert.deepEqual(skipped.map((s) => s.modelId), ['embedding']);
  assert.equal(map.get('old')!.deprecated, true);
});

test('time-of-day parsing honours offsets and fractions', () => {
  assert.equal(timeOfDayMicros('00:30:00Z'), 30 * 60 * 1_000_000);
  assert.equal(timeOfDayMicros('08:00:00+08:00'), 0);
  assert.equal(timeOfDayMicros('23:00:00-02:00'), 1 * 3600 * 1_000_000);
  assert.equal(timeOfDayMicros('00:00:00.5Z'), 500_000);
});

test('the bundled data: DeepSeek V4 Flash combines a dated rule with two peak windows', async () => {
  const data = (await waitForUpdate()) as unknown as GenaiProvider[];
  const find = (date: string) => importGenaiPrices(data, date, 'genai').observations
    .find((o) => o.provider === 'deepseek' && o.modelId === 'deepseek-v4-flash')!;
  // 2026-08-16, before the dated rule: 7 h of peak (01-04, 06-10) at 0.44, 17 h at the flat 0.14
  // input (7 × 0.44 + 17 × 0.14) / 24 = (3.08 + 2.38) / 24 = 0.2275
  assert.equal(find('2026-08-16').inputNanoPerMtok, 227_500_000n);
  // 2026-11-20: 7 h at 0.44, 17 h at the new off-peak 0.22: (3.08 + 3.74) / 24 = 0.28416666… → 0.284166667
  assert.equal(find('2026-11-20').inputNanoPerMtok, 284_166_667n);
  // output (7 × 1.32 + 17 × 0.66) / 24 = (9.24 + 11.22) / 24 = 0.8525
  assert.equal(find('2026-11-20').outputNanoPerMtok, 852_500_000n);
});
