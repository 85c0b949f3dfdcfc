import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CandleSeries, isCandleInterval } from './candles.js';

const atSec = (sec: number): number => sec * 1e6;

test('trades within one minute make one candle; the next minute opens a new one', () => {
  const candles = new CandleSeries('1m');
  candles.addTrade(atSec(120), 5000, 2);
  candles.addTrade(atSec(130), 5010, 1);
  candles.addTrade(atSec(179), 4990, 4);
  candles.addTrade(atSec(180), 5005, 1);
  assert.deepEqual(candles.list(), [
    { startSec: 120, openTicks: 5000, highTicks: 5010, lowTicks: 4990, closeTicks: 4990, volumeLots: 7, tradeCount: 3 },
    { startSec: 180, openTicks: 5005, highTicks: 5005, lowTicks: 5005, closeTicks: 5005, volumeLots: 1, tradeCount: 1 },
  ]);
});

test('only the newest candles are kept, and intervals are validated by name', () => {
  const candles = new CandleSeries('1m', 2);
  for (let minute = 0; minute < 5; minute++) candles.addTrade(atSec(minute * 60), 100 + minute, 1);
  assert.deepEqual(candles.list().map((c) => c.openTicks), [103, 104]);
  assert.equal(isCandleInterval('5m'), true);
  assert.equal(isCandleInterval('7m'), false);
  assert.equal(isCandleInterval('constructor'), false);
});

test('a trade older than the current candle is an invariant breach', () => {
  const candles = new CandleSeries('1m');
  candles.addTrade(atSec(600), 100, 1);
  assert.throws(() => candles.addTrade(atSec(500), 100, 1), /time order/);
});

test('a candle list already handed out does not change with later trades; snapshot and restore carry the open candle on', () => {
  const candles = new CandleSeries('1m');
  candles.addTrade(atSec(60), 100, 1);
  const before = candles.list();
  const snapshot = candles.snapshot();
  candles.addTrade(atSec(70), 120, 2);
  assert.deepEqual(before, [{ startSec: 60, openTicks: 100, highTicks: 100, lowTicks: 100, closeTicks: 100, volumeLots: 1, tradeCount: 1 }]);
  assert.deepEqual(snapshot, before);
  const restored = new CandleSeries('1m');
  restored.restore(snapshot);
  restored.addTrade(atSec(70), 120, 2);
  assert.deepEqual(restored.list(), candles.list());
  assert.deepEqual(snapshot, before, 'restoring did not take the snapshot\'s candle as its own');
  assert.deepEqual(candles.list(), [{ startSec: 60, openTicks: 100, highTicks: 120, lowTicks: 100, closeTicks: 120, volumeLots: 3, tradeCount: 2 }]);
});
