// OHLCV candles from trades, in integer ticks and lots. Intervals are fixed and named as traders name them;
// bucket starts are aligned to the epoch in UTC, so every replica cuts the same candles.

import { assert } from '../core/assert.js';

export const candleIntervals = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '4h': 14400, '1d': 86400 } as const;
export type CandleInterval = keyof typeof candleIntervals;
export const candlesKeptMax = 2000;

export interface Candle {
  /** Bucket start, whole seconds since the epoch (UTC). */
  readonly startSec: number;
  readonly openTicks: number;
  readonly highTicks: number;
  readonly lowTicks: number;
  readonly closeTicks: number;
  readonly volumeLots: number;
  readonly tradeCount: number;
}

export function isCandleInterval(text: string): text is CandleInterval {
  return Object.hasOwn(candleIntervals, text);
}

/** Candles of one instrument at one interval; keeps the newest candlesKeptMax. */
export class CandleSeries {
  private readonly candles: Candle[] = [];
  private readonly intervalSec: number;

  constructor(readonly interval: CandleInterval, readonly keptMax = candlesKeptMax) {
    this.intervalSec = candleIntervals[interval];
    assert(keptMax >= 1, 'candles kept');
  }

  addTrade(tsMicros: number, priceTicks: number, qtyLots: number): void {
    assert(priceTicks > 0 && qtyLots > 0, 'trade price and quantity are positive');
    const startSec = Math.floor(tsMicros / 1e6 / this.intervalSec) * this.intervalSec;
    const last = this.candles[this.candles.length - 1];
    if (last && last.startSec === startSec) {
      this.candles[this.candles.length - 1] = {
        startSec,
        openTicks: last.openTicks,
        highTicks: Math.max(last.highTicks, priceTicks),
        lowTicks: Math.min(last.lowTicks, priceTicks),
        closeTicks: priceTicks,
        volumeLots: last.volumeLots + qtyLots,
        tradeCount: last.tradeCount + 1,
      };
      return;
    }
    assert(!last || startSec > last.startSec, 'trades arrive in time order');
    this.candles.push({ startSec, openTicks: priceTicks, highTicks: priceTicks, lowTicks: priceTicks, closeTicks: priceTicks, volumeLots: qtyLots, tradeCount: 1 });
    if (this.candles.length > this.keptMax) this.candles.shift();
  }

  /** The kept candles as plain data, oldest first (restore puts them back). */
  snapshot(): Candle[] {
    return this.candles.slice();
  }

  restore(candles: readonly Candle[]): void {
    assert(this.candles.length === 0 && candles.length <= this.keptMax, 'restore into an empty series, within keptMax');
    this.candles.push(...candles);
  }

  list(limit = this.keptMax): readonly Candle[] {
    return this.candles.slice(-limit);
  }
}
