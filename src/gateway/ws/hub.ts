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
import { fillView } from '../routes/trading.js';
import { orderView, phaseName, price, priceOrNull, sideNames } from '../views.js';
import type { Channel } from './messages.js';

export interface Subscriber {
  send(message: unknown): void;
}

const key = (channel: Channel, symbol: string) => `${channel}:${symbol}`;

/** Records that an order of an account moved (a module function: publish runs for every outcome). */
function note(orders: Map<number, Set<number>>, accountId: number, orderId: number): void {
  let set = orders.get(accountId);
  if (!set) orders.set(accountId, (set = new Set()));
  set.add(orderId);
}

export class WsHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly byAccount = new Map<number, Set<Subscriber>>();
  private readonly accountsMoved = new Set<number>();
  private readonly tickersMoved = new Set<string>();
  private statePushScheduled = false;

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
    }
    const touchedSymbols = new Set(outcome.bookUpdates.map((u) => u.symbol));
    const orders = new Map<number, Set<number>>();
    const filledAccounts = new Set<number>();
    for (const { symbol, event } of outcome.events) {
      if ('orderId' in event && 'accountId' in event) note(orders, event.accountId, event.orderId);
      if (event.kind !== 'trade') continue;
      touchedSymbols.add(symbol);
      const instrument = exchange.instrument(symbol)!;
      this.toChannel('trades', symbol, () => ({ channel: 'trades', type: 'trade', symbol, ...this.tradeView(instrument, event) }));
      for (const fill of fillsOf(symbol, event)) {
        note(orders, fill.accountId, fill.orderId);
        filledAccounts.add(fill.accountId);
        this.toAccount(fill.accountId, () => ({ channel: 'fills', data: fillView(this.ctx, fill) }));
      }
    }
    for (const [accountId, ids] of orders) {
      for (const orderId of ids) {
        const order = exchange.orders.get(orderId);
        if (order) this.toAccount(accountId, () => ({ channel: 'orders', data: orderView(order, exchange.instrument(order.symbol)!.product) }));
      }
    }
    for (const accountId of filledAccounts) if (this.byAccount.get(accountId)?.size) this.accountsMoved.add(accountId);
    for (const symbol of touchedSymbols) if (this.subscribers.get(key('ticker', symbol))?.size) this.tickersMoved.add(symbol);
    this.scheduleStatePushes();
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

  /** The message is built once, and only if someone listens. */
  private toChannel(channel: Channel, symbol: string, build: () => unknown): void {
    const set = this.subscribers.get(key(channel, symbol));
    if (!set || set.size === 0) return;
    const message = build();
    for (const subscriber of set) subscriber.send(message);
  }

  private toAccount(accountId: number, build: () => unknown): void {
    const set = this.byAccount.get(accountId);
    if (!set || set.size === 0) return;
    const message = build();
    for (const subscriber of set) subscriber.send(message);
  }
}
