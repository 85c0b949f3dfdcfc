// One listed series as the exchange holds it: its matching engine and event buffer, and the public market data
// derived from it (book feed, ticker, candles, the recent trade tape).

import { EventBuffer } from '../engine/event-buffer.js';
import { MatchingEngine } from '../engine/engine.js';
import { Side } from '../engine/protocol.js';
import { BookFeed, type BookUpdate } from '../marketdata/book-feed.js';
import { CandleSeries, candleIntervals, type CandleInterval } from '../marketdata/candles.js';
import { TickerState } from '../marketdata/ticker.js';
import type { Product } from '../products/catalogue.js';
import type { ListedSeries } from '../products/listing.js';

// Every series preallocates its order pool: 48 series × 65,536 slots stays near 300 MB of (lazily touched) arrays.
export const restingOrdersPerSeriesMax = 1 << 16;
export const marketProtectionTicksDefault = 200;
export const tradesKeptPerSeriesMax = 1000;
export const eventsPerDrainMax = 1 << 14;

export interface TradePrint {
  readonly tradeId: number;
  readonly tsMicros: number;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly aggressorSide: Side;
}

export class Instrument {
  readonly events = new EventBuffer(eventsPerDrainMax);
  readonly engine: MatchingEngine;
  readonly book: BookFeed;
  readonly ticker: TickerState;
  readonly candles = new Map<CandleInterval, CandleSeries>();
  readonly trades: TradePrint[] = [];
  expired = false;

  constructor(readonly product: Product, readonly series: ListedSeries) {
    this.engine = new MatchingEngine(
      {
        symbol: series.symbol,
        qtyLotsMax: product.qtyLotsMax,
        ordersRestingMax: restingOrdersPerSeriesMax,
        marketProtectionTicks: marketProtectionTicksDefault,
        priceTicksMax: 1 << 30,
      },
      this.events,
    );
    this.book = new BookFeed(series.symbol);
    this.ticker = new TickerState(series.symbol);
    for (const interval of Object.keys(candleIntervals) as CandleInterval[]) this.candles.set(interval, new CandleSeries(interval));
  }

  get symbol(): string {
    return this.series.symbol;
  }

  recordTrade(print: TradePrint): void {
    this.trades.push(print);
    if (this.trades.length > tradesKeptPerSeriesMax) this.trades.shift();
    this.ticker.addTrade(print.priceTicks, print.qtyLots);
    for (const candles of this.candles.values()) candles.addTrade(print.tsMicros, print.priceTicks, print.qtyLots);
  }

  /** The book update to publish after a command, if the top of the book moved. */
  publishBook(): BookUpdate | undefined {
    return this.book.update(this.engine.depth(Side.buy, this.book.levelsMax), this.engine.depth(Side.sell, this.book.levelsMax));
  }
}
