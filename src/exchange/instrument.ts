// One listed series as the exchange holds it: its matching engine and event buffer, and the public market data
// derived from it (book feed, ticker, candles, the recent trade tape).

import { EventBuffer } from '../engine/event-buffer.js';
import { MatchingEngine, type EngineConfig, type EngineSnapshot } from '../engine/engine.js';
import { Side } from '../engine/protocol.js';
import { BookFeed, type BookSnapshot, type BookUpdate } from '../marketdata/book-feed.js';
import { CandleSeries, candleIntervals, type Candle, type CandleInterval } from '../marketdata/candles.js';
import { TickerState } from '../marketdata/ticker.js';
import type { Product } from '../products/catalogue.js';
import type { ListedSeries } from '../products/listing.js';

// Every series preallocates its order pool: 48 series × 65,536 slots stays near 300 MB of (lazily touched) arrays.
export const restingOrdersPerSeriesMax = 1 << 16;
export const marketProtectionTicksDefault = 200;
export const tradesKeptPerSeriesMax = 1000;
export const eventsPerDrainMax = 1 << 14;

/** Sides of a book as bits, for publishBook. */
export const bookSides = { none: 0, bid: 1, ask: 2, both: 3 } as const;

export interface TradePrint {
  readonly tradeId: number;
  readonly tsMicros: number;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly aggressorSide: Side;
}

/** An instrument as plain data: everything but the product, which comes from the catalogue. */
export interface InstrumentSnapshot {
  readonly product: string;
  readonly series: ListedSeries;
  readonly expired: boolean;
  readonly engine: EngineSnapshot;
  readonly book: BookSnapshot;
  readonly ticker: [number, number, number, number, number];
  readonly candles: Record<string, Candle[]>;
  readonly trades: TradePrint[];
}

export class Instrument {
  readonly events = new EventBuffer(eventsPerDrainMax);
  readonly engine: MatchingEngine;
  readonly book: BookFeed;
  readonly ticker: TickerState;
  readonly candles = new Map<CandleInterval, CandleSeries>();
  readonly trades: TradePrint[] = [];
  /** The candle series as a plain list: a trade updates every one, and an array walk allocates no iterator. */
  private readonly candleSeries: CandleSeries[] = [];
  expired = false;

  constructor(readonly product: Product, readonly series: ListedSeries, engineSnapshot?: EngineSnapshot) {
    const config: EngineConfig = {
      symbol: series.symbol,
      qtyLotsMax: product.qtyLotsMax,
      ordersRestingMax: restingOrdersPerSeriesMax,
      marketProtectionTicks: marketProtectionTicksDefault,
      priceTicksMax: 1 << 30,
    };
    this.engine = engineSnapshot ? MatchingEngine.restore(config, this.events, engineSnapshot) : new MatchingEngine(config, this.events);
    this.book = new BookFeed(series.symbol);
    this.ticker = new TickerState(series.symbol);
    for (const interval of Object.keys(candleIntervals) as CandleInterval[]) {
      const series = new CandleSeries(interval);
      this.candles.set(interval, series);
      this.candleSeries.push(series);
    }
  }

  snapshot(): InstrumentSnapshot {
    const candles: Record<string, Candle[]> = {};
    for (const [interval, series] of this.candles) candles[interval] = series.snapshot();
    return {
      product: this.product.code, series: this.series, expired: this.expired, engine: this.engine.snapshot(),
      book: this.book.snapshot(), ticker: this.ticker.snapshot(), candles, trades: this.trades.slice(),
    };
  }

  static restore(product: Product, snapshot: InstrumentSnapshot): Instrument {
    const instrument = new Instrument(product, snapshot.series, snapshot.engine);
    instrument.expired = snapshot.expired;
    instrument.book.restore(snapshot.book);
    instrument.ticker.restore(snapshot.ticker);
    for (const [interval, series] of instrument.candles) series.restore(snapshot.candles[interval] ?? []);
    instrument.trades.push(...snapshot.trades);
    return instrument;
  }

  get symbol(): string {
    return this.series.symbol;
  }

  recordTrade(print: TradePrint): void {
    this.trades.push(print);
    if (this.trades.length > tradesKeptPerSeriesMax) this.trades.shift();
    this.ticker.addTrade(print.priceTicks, print.qtyLots);
    const candleSeries = this.candleSeries;
    for (let i = 0; i < candleSeries.length; i++) candleSeries[i]!.addTrade(print.tsMicros, print.priceTicks, print.qtyLots);
  }

  /**
   * The book update to publish after a command, if the top of the book moved. `sides` (bookSides) names the sides
   * the command's events may have moved: a side no event touched is not read. The engine writes its levels
   * straight into the feed's scratch, so reading the book allocates nothing.
   */
  publishBook(sides: number = bookSides.both): BookUpdate | undefined {
    const engine = this.engine;
    const book = this.book;
    const levelsMax = book.levelsMax;
    const bidCount = (sides & bookSides.bid) === 0 ? -1 : engine.depthInto(Side.buy, levelsMax, book.bidLevels);
    const askCount = (sides & bookSides.ask) === 0 ? -1 : engine.depthInto(Side.sell, levelsMax, book.askLevels);
    return book.updateLevels(bidCount, askCount);
  }
}
