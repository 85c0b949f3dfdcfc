import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settlementTradesPerSeriesMax } from './limits.js';
import fc from 'fast-check';
import { keptTrades, SeriesRegistry, TradeTape, type TradePrint } from './series.js';
import { closingVwap } from './settlement-price.js';
import { specFor } from './testkit.js';

test('a series keeps exactly the newest settlementTradesPerSeriesMax trades for the closing VWAP', () => {
  const registry = new SeriesRegistry();
  const series = registry.add(specFor('TKF', 'TKFH27', 202703), 5_000);
  const total = settlementTradesPerSeriesMax * 2 + 5;
  // The oldest trades are at a price far from the rest: the VWAP shows whether any of them still counts.
  const oldestKeptIdx = total - settlementTradesPerSeriesMax;
  for (let i = 0; i < total; i++) registry.recordTrade(series, i < oldestKeptIdx ? 9_000 : 5_000, 1, i);
  const kept = keptTrades(series);
  assert.equal(kept.length, settlementTradesPerSeriesMax);
  assert.equal(kept[0]!.tsMicros, oldestKeptIdx);
  assert.equal(kept[kept.length - 1]!.tsMicros, total - 1);
  assert.equal(series.trades.length, settlementTradesPerSeriesMax, 'the store itself stays bounded');
  assert.equal(closingVwap(series, 0), 5_000);
  assert.equal(series.lastTradePriceTicks, 5_000);
});

test('property: the trade tape gives back what was recorded since it was last cleared, oldest first', () => {
  fc.assert(fc.property(fc.array(fc.option(fc.tuple(fc.integer({ min: 1, max: 2_000_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.nat()), { freq: 20 }), { maxLength: 400 }), (steps) => {
    const tape = new TradeTape();
    let want: TradePrint[] = [];
    for (const step of steps) {
      if (step === null) {
        tape.clear();
        want = [];
      } else {
        tape.push(...step);
        want.push({ priceTicks: step[0], qtyLots: step[1], tsMicros: step[2] });
      }
      assert.equal(tape.length, want.length);
    }
    assert.deepEqual(tape.prints(), want);
  }));
});
