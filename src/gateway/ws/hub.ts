// Fans sequenced outcomes out to WebSocket connections: public channels per series (book updates with
// bookSeq, trades with tradeId, tickers) and private pushes per account (order updates, fills, then positions
// and balances). Outcomes arrive after they are durable and in sequence order, so a client never sees a
// state that a restart could take back.

import type { Outcome } from '../../exchange/outcome.js';
import type { Instrument } from '../../exchange/instrument.js';
import type { GatewayContext } from '../context.js';
import { wsTradesInSnapshot } from '../limits.js';
import { balancesOf, positionsOf } from '../routes/account.js';
import { phaseName, price, priceOrNull, sideNames } from '../views.js';
import type { TradeEvent } from '../../engine/protocol.js';
import type { OrderRecord } from '../../exchange/orders.js';
import type { Product } from '../../products/catalogue.js';
import type { Channel } from './messages.js';

export interface Subscriber {
  send(message: unknown): void;
  /** A message already written as JSON text. */
  sendText(text: string): void;
  /** {"channel":"orders","data":<orderJson>}, written without building the text. */
  pushOrder(order: OrderRecord, product: Product): void;
  /** {"channel":"fills","data":<fillJson of the maker's or the taker's fill>}, likewise. */
  pushFill(symbol: string, trade: TradeEvent, maker: boolean, product: Product): void;
}

type ChannelSets = Record<Channel, Set<Subscriber>>;

/** Adds (account, order) to the flat pair list unless it is there (an outcome moves a handful of orders). */
function noteOrder(moved: number[], accountId: number, orderId: number): void {
  for (let i = 0; i < moved.length; i += 2) if (moved[i + 1] === orderId && moved[i] === accountId) return;
  moved.push(accountId, orderId);
}

export class WsHub {
  /** Subscribers by symbol, then channel: found without building a key string per message. */
  private readonly bySymbol = new Map<string, ChannelSets>();
  private readonly byAccount = new Map<number, Set<Subscriber>>();
  private readonly accountsMoved = new Set<number>();
  private readonly tickersMoved = new Set<string>();
  private statePushScheduled = false;
  private readonly moved: number[] = [];

  constructor(private readonly ctx: GatewayContext) {}

  subscribe(subscriber: Subscriber, channel: Channel, symbol: string): void {
    let sets = this.bySymbol.get(symbol);
    if (!sets) this.bySymbol.set(symbol, (sets = { book: new Set(), trades: new Set(), ticker: new Set() }));
    sets[channel].add(subscriber);
  }

  unsubscribe(subscriber: Subscriber, channel: Channel, symbol: string): void {
    this.bySymbol.get(symbol)?.[channel].delete(subscriber);
  }

  addAccount(subscriber: Subscriber, accountId: number): void {
    let set = this.byAccount.get(accountId);
    if (!set) this.byAccount.set(accountId, (set = new Set()));
    set.add(subscriber);
  }

  remove(subscriber: Subscriber): void {
    for (const sets of this.bySymbol.values()) for (const set of Object.values(sets)) set.delete(subscriber);
    for (const set of this.byAccount.values()) set.delete(subscriber);
  }

  /** What a new subscriber gets first; later messages with a bookSeq/tradeId at or below it are stale. */
  snapshot(channel: Channel, instrument: Instrument): unknown {
    const p = instrument.product;
    switch (channel) {
      case 'book': {
        const book = instrument.book.snapshot();
        const level = (l: { priceTicks: number; qtyLots: number; orderCount: number }) => ({ price: price(l.priceTicks, p), qty: l.qtyLots, orders: l.orderCount });
        return { channel, type: 'snapshot', symbol: instrument.symbol, bookSeq: book.bookSeq, bids: book.bids.map(level), asks: book.asks.map(level) };
      }
      case 'trades':
        return { channel, type: 'snapshot', symbol: instrument.symbol, trades: instrument.trades.slice(-wsTradesInSnapshot).map((t) => this.tradeView(instrument, t)) };
      case 'ticker':
        return this.tickerMessage(instrument);
    }
  }

  publish(outcome: Outcome): void {
    const exchange = this.ctx.service.exchange;
    for (const update of outcome.bookUpdates) {
      const book = this.listeners('book', update.symbol);
      if (book !== undefined) {
        const product = exchange.instrument(update.symbol)!.product;
        sendAll(book, JSON.stringify({
          channel: 'book', type: 'update', symbol: update.symbol, bookSeq: update.bookSeq,
          changes: update.changes.map((c) => ({ side: c.side, price: price(c.priceTicks, product), qty: c.qtyLots, orders: c.orderCount })),
        }));
      }
      this.noteTicker(update.symbol);
    }
    // Runs for every outcome: nothing is built for an account nobody is logged in as, and the orders that
    // moved are collected in one reused array of (account, order) pairs instead of maps and sets.
    const moved = this.moved;
    moved.length = 0;
    const events = outcome.events;
    for (let i = 0; i < events.length; i++) {
      const { symbol, event } = events[i]!;
      if (event.kind !== 'trade') {
        if ('orderId' in event && 'accountId' in event && this.listening(event.accountId)) noteOrder(moved, event.accountId, event.orderId);
        continue;
      }
      this.noteTicker(symbol);
      const instrument = exchange.instrument(symbol)!;
      const trades = this.listeners('trades', symbol);
      if (trades !== undefined) sendAll(trades, JSON.stringify({ channel: 'trades', type: 'trade', symbol, ...this.tradeView(instrument, event) }));
      // The maker's fill, then the taker's (fillsOf's order), each to whoever listens as that account.
      for (let side = 0; side < 2; side++) {
        const maker = side === 0;
        const accountId = maker ? event.makerAccountId : event.takerAccountId;
        const set = this.byAccount.get(accountId);
        if (set === undefined || set.size === 0) continue;
        noteOrder(moved, accountId, maker ? event.makerOrderId : event.takerOrderId);
        this.accountsMoved.add(accountId);
        for (const subscriber of set) subscriber.pushFill(symbol, event, maker, instrument.product);
      }
    }
    for (let i = 0; i < moved.length; i += 2) {
      const order = exchange.orders.get(moved[i + 1]!);
      const set = this.byAccount.get(moved[i]!);
      if (order === undefined || set === undefined) continue;
      const product = exchange.instrument(order.symbol)!.product;
      for (const subscriber of set) subscriber.pushOrder(order, product);
    }
    this.scheduleStatePushes();
  }

  private listening(accountId: number): boolean {
    return (this.byAccount.get(accountId)?.size ?? 0) > 0;
  }

  private noteTicker(symbol: string): void {
    if (this.listeners('ticker', symbol) !== undefined) this.tickersMoved.add(symbol);
  }

  /**
   * Positions, balances and tickers are states, not events: pushed once after the outcomes that arrive together
   * (one group commit resolves many), with the state as it is then, instead of once per outcome. Computing
   * margin for every fill of a busy account was most of the push cost.
   */
  private scheduleStatePushes(): void {
    if (this.statePushScheduled || (this.accountsMoved.size === 0 && this.tickersMoved.size === 0)) return;
    this.statePushScheduled = true;
    process.nextTick(() => {
      this.statePushScheduled = false;
      const exchange = this.ctx.service.exchange;
      for (const accountId of this.accountsMoved) {
        this.toAccount(accountId, () => ({ channel: 'positions', data: positionsOf(this.ctx, accountId) }));
        this.toAccount(accountId, () => ({ channel: 'balances', data: balancesOf(this.ctx, accountId).balances }));
      }
      for (const symbol of this.tickersMoved) {
        const tickers = this.listeners('ticker', symbol);
        if (tickers !== undefined) sendAll(tickers, JSON.stringify(this.tickerMessage(exchange.instrument(symbol)!)));
      }
      this.accountsMoved.clear();
      this.tickersMoved.clear();
    });
  }

  private tradeView(instrument: Instrument, t: { tradeId: number; tsMicros: number; priceTicks: number; qtyLots: number; aggressorSide: 0 | 1 }) {
    return { tradeId: t.tradeId, tsMicros: t.tsMicros, price: price(t.priceTicks, instrument.product), qty: t.qtyLots, aggressorSide: sideNames[t.aggressorSide] };
  }

  private tickerMessage(instrument: Instrument) {
    const e = instrument.engine;
    const p = instrument.product;
    const t = instrument.ticker.view(e.bestBidTicks(), e.bestAskTicks(), e.referencePriceTicks);
    return {
      channel: 'ticker', symbol: instrument.symbol, last: priceOrNull(t.lastTicks, p), bestBid: priceOrNull(t.bestBidTicks, p),
      bestAsk: priceOrNull(t.bestAskTicks, p), volume: t.volumeLots, phase: phaseName(e.phase),
    };
  }

  /** The channel's subscribers, or undefined when nobody listens (then no message is built). */
  private listeners(channel: Channel, symbol: string): Set<Subscriber> | undefined {
    const set = this.bySymbol.get(symbol)?.[channel];
    return set === undefined || set.size === 0 ? undefined : set;
  }

  private toAccount(accountId: number, build: () => unknown): void {
    const set = this.byAccount.get(accountId);
    if (!set || set.size === 0) return;
    sendAll(set, JSON.stringify(build()));
  }
}

/** One text, serialised once, to every subscriber. */
function sendAll(set: Set<Subscriber>, text: string): void {
  for (const subscriber of set) subscriber.sendText(text);
}
