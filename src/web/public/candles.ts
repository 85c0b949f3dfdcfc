// Candles built in the browser from trades (the REST history, then the WebSocket trade channel), so the chart
// can use intervals shorter than the server's one minute and moves with every trade. Trades are deduplicated
// by tradeId (the channel's snapshot repeats trades the REST history already had).

import { dec, toNumber } from './decimal.js';

export interface Trade {
  readonly tradeId: number;
  readonly tsMicros: number;
  readonly price: string;
  readonly qty: number;
}

/** lightweight-charts' shape: time in UTC seconds; prices as numbers for drawing only. */
export interface Bar {
  readonly time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export const barsKeptMax = 5_000;

export class CandleBuilder {
  readonly bars: Bar[] = [];
  private lastTradeId = 0;

  constructor(readonly intervalSec: number) {}

  /** 'new' when the trade opened a bar, 'updated' when it changed the last one, 'stale' when already counted. */
  add(trade: Trade): 'new' | 'updated' | 'stale' {
    if (trade.tradeId <= this.lastTradeId) return 'stale';
    this.lastTradeId = trade.tradeId;
    const time = Math.floor(trade.tsMicros / 1_000_000 / this.intervalSec) * this.intervalSec;
    const price = toNumber(dec(trade.price));
    const last = this.bars.at(-1);
    if (last && last.time >= time) {
      // Trades come in tradeId order and their times do not go back; a bar at or after this time is the current one.
      last.high = Math.max(last.high, price);
      last.low = Math.min(last.low, price);
      last.close = price;
      last.volume += trade.qty;
      return 'updated';
    }
    this.bars.push({ time, open: price, high: price, low: price, close: price, volume: trade.qty });
    if (this.bars.length > barsKeptMax) this.bars.shift();
    return 'new';
  }
}
