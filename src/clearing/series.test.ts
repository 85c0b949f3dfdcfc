import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settlementTradesPerSeriesMax } from './limits.js';
import { keptTrades, SeriesRegistry } from './series.js';
import { closingVwap } from './settlement-price.js';
import { specFor } from './testkit.js';

test('a series keeps exactly the newest settlementTradesPerSeriesMax trades for the closing VWAP', () => {
  const registry = new SeriesRegistry();
  const series = registry.add(specFor('TKF', 'TKFH27', 202703), 5_000);
  const total = settlementTradesPerSeriesMax * 2 + 5;
  // The oldest trades are at a price far from the rest: the VWAP shows whether any of them still counts.
  const oldestKeptIdx = total - settlementTradesPerSeriesMax;
  for (let i = 0; i < total; i++) registry.recordTrade(series, { priceTicks: i < oldestKeptIdx ? 9_000 : 5_000, qtyLots: 1, tsMicros: i });
  const kept = keptTrades(series);
  assert.equal(kept.length, settlementTradesPerSeriesMax);
  assert.equal(kept[0]!.tsMicros, oldestKeptIdx);
  assert.equal(kept[kept.length - 1]!.tsMicros, total - 1);
  assert.ok(series.trades.length < 2 * settlementTradesPerSeriesMax, 'the store itself stays bounded');
  assert.equal(closingVwap(series, 0), 5_000);
  assert.equal(series.lastTradePriceTicks, 5_000);
});
