// Fans sequenced outcomes out to WebSocket connections: public channels per series (book updates with
// bookSeq, trades with tradeId, tickers) and private pushes per account (order updates, fills, then positions
// and balances). Outcomes arrive after they are durable and in sequence order, so a client never sees a
// state that a restart could take back.

import type { Outcome } from '../../exchange/outcome.js';
import type { Instrument } from '../../exchange/instrument.js';
import type { GatewayContext } from '../context.js';
import { fillsOf } from '../fills.js';
import { wsTradesInSnapshot } from '../limits.js';
import { balancesOf, positionsOf } from '../routes/account.js';
import { phaseName, price, priceOrNull, sideNames } from '../views.js';
import { fillJson, orderJson } from '../wire.js';
import type { Channel } from './messages.js';

export interface Subscriber {
  send(message: unknown): void;
  /** A message already written as JSON text. */
  sendText(text: string): void;
}

const key = (channel: Channel, symbol: string) => `${channel}:${symbol}`;

/** Adds (account, order) to the flat pair list unless it is there (an outcome moves a handful of orders). */
function noteOrder(moved: number[], accountId: number, orderId: number): void {
  for (let i = 0; i < moved.length; i += 2) if (moved[i + 1] === orderId && moved[i] === accountId) return;
  moved.push(accountId, orderId);
}

export class WsHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly byAccount = new Map<number, Set<Subscriber>>();
  private readonly accountsMoved = new Set<number>();
  private readonly tickersMoved = new Set<string>();
  private statePushScheduled = false;
  private readonly moved: number[] = [];

  constructor(private readonly ctx: GatewayContext) {}

  subscribe(subscriber: Subscriber, channel: Channel, symbol: string): void {
    let set = this.subscribers.get(key(channel, symbol));
    if (!set) this.subscribers.set(key(channel, symbol), (set = new Set()));
    set.add(subscriber);
  }

  unsubscribe(subscriber: Subscriber, channel: Channel, symbol: string): void {
    this.subscribers.get(key(channel, symbol))?.delete(subscriber);
  }

  addAccount(subscriber: Subscriber, accountId: number): void {
    let set = this.byAccount.get(accountId);
    if (!set) this.byAccount.set(accountId, (set = new Set()));
    set.add(subscriber);
  }

  remove(subscriber: Subscriber): void {
    for (const set of this.subscribers.values()) set.delete(subscriber);
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
      const instrument = exchange.instrument(update.symbol)!;
      this.toChannel('book', update.symbol, () => ({
        channel: 'book', type: 'update', symbol: update.symbol, bookSeq: update.bookSeq,
        changes: update.changes.map((c) => ({ side: c.side, price: price(c.priceTicks, instrument.product), qty: c.qtyLots, orders: c.orderCount })),
      }));
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
      this.toChannel('trades', symbol, () => ({ channel: 'trades', type: 'trade', symbol, ...this.tradeView(instrument, event) }));
      if (!this.listening(event.makerAccountId) && !this.listening(event.takerAccountId)) continue;
      for (const fill of fillsOf(symbol, event)) {
        if (!this.listening(fill.accountId)) continue;
        noteOrder(moved, fill.accountId, fill.orderId);
        this.accountsMoved.add(fill.accountId);
        this.toAccountText(fill.accountId, `{"channel":"fills","data":${fillJson(fill, instrument.product)}}`);
      }
    }
    for (let i = 0; i < moved.length; i += 2) {
      const order = exchange.orders.get(moved[i + 1]!);
      if (order) this.toAccountText(moved[i]!, `{"channel":"orders","data":${orderJson(order, exchange.instrument(order.symbol)!.product)}}`);
    }
    this.scheduleStatePushes();
  }

  private listening(accountId: number): boolean {
    return (this.byAccount.get(accountId)?.size ?? 0) > 0;
  }

  private noteTicker(symbol: string): void {
    if (this.subscribers.get(key('ticker', symbol))?.size) this.tickersMoved.add(symbol);
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
      for (const symbol of this.tickersMoved) this.toChannel('ticker', symbol, () => this.tickerMessage(exchange.instrument(symbol)!));
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

  /** The message is built and serialised once, and only if someone listens. */
  private toChannel(channel: Channel, symbol: string, build: () => unknown): void {
    const set = this.subscribers.get(key(channel, symbol));
    if (!set || set.size === 0) return;
    const text = JSON.stringify(build());
    for (const subscriber of set) subscriber.sendText(text);
  }

  private toAccountText(accountId: number, text: string): void {
    const set = this.byAccount.get(accountId);
    if (set) for (const subscriber of set) subscriber.sendText(text);
  }

  private toAccount(accountId: number, build: () => unknown): void {
    const set = this.byAccount.get(accountId);
    if (!set || set.size === 0) return;
    const text = JSON.stringify(build());
    for (const subscriber of set) subscriber.sendText(text);
  }
}
