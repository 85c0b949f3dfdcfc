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

/** A candle the series is still adding trades to: changed in place, never handed out (see published). */
interface OpenCandle {
  startSec: number;
  openTicks: number;
  highTicks: number;
  lowTicks: number;
  closeTicks: number;
  volumeLots: number;
  tradeCount: number;
}

/** Candles of one instrument at one interval; keeps the newest candlesKeptMax. */
export class CandleSeries {
  /** Oldest first; the last one is `open` itself while it is open. */
  private readonly candles: Candle[] = [];
  /**
   * The newest candle, updated in place on every trade (a new object per trade per interval was most of what
   * candles cost); readers get a copy of it, so a candle they hold never changes.
   */
  private open: OpenCandle | undefined;
  private readonly intervalSec: number;

  constructor(readonly interval: CandleInterval, readonly keptMax = candlesKeptMax) {
    this.intervalSec = candleIntervals[interval];
    assert(keptMax >= 1, 'candles kept');
  }

  addTrade(tsMicros: number, priceTicks: number, qtyLots: number): void {
    assert(priceTicks > 0 && qtyLots > 0, 'trade price and quantity are positive');
    const startSec = Math.floor(tsMicros / 1e6 / this.intervalSec) * this.intervalSec;
    const open = this.open;
    if (open !== undefined && open.startSec === startSec) {
      if (priceTicks > open.highTicks) open.highTicks = priceTicks;
      if (priceTicks < open.lowTicks) open.lowTicks = priceTicks;
      open.closeTicks = priceTicks;
      open.volumeLots += qtyLots;
      open.tradeCount++;
      return;
    }
    assert(open === undefined || startSec > open.startSec, 'trades arrive in time order');
    if (open !== undefined) this.candles[this.candles.length - 1] = published(open);
    const next: OpenCandle = { startSec, openTicks: priceTicks, highTicks: priceTicks, lowTicks: priceTicks, closeTicks: priceTicks, volumeLots: qtyLots, tradeCount: 1 };
    this.open = next;
    this.candles.push(next);
    if (this.candles.length > this.keptMax) this.candles.shift();
  }

  /** The kept candles as plain data, oldest first (restore puts them back). */
  snapshot(): Candle[] {
    return this.copyOut(this.candles.length);
  }

  restore(candles: readonly Candle[]): void {
    assert(this.candles.length === 0 && candles.length <= this.keptMax, 'restore into an empty series, within keptMax');
    this.candles.push(...candles);
    const last = candles[candles.length - 1];
    if (last !== undefined) {
      this.open = { ...last };
      this.candles[this.candles.length - 1] = this.open;
    }
  }

  list(limit = this.keptMax): readonly Candle[] {
    return this.copyOut(limit);
  }

  private copyOut(limit: number): Candle[] {
    const list = this.candles.slice(-limit);
    const open = this.open;
    if (open !== undefined && list[list.length - 1] === open) list[list.length - 1] = published(open);
    return list;
  }
}

function published(open: OpenCandle): Candle {
  return {
    startSec: open.startSec, openTicks: open.openTicks, highTicks: open.highTicks, lowTicks: open.lowTicks,
    closeTicks: open.closeTicks, volumeLots: open.volumeLots, tradeCount: open.tradeCount,
  };
}
