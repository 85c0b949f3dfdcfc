// The depth ladder and the recent trades of the selected series, live from the book and trades channels. A
// book gap (bookSeq not last + 1) clears the ladder and subscribes again for a fresh snapshot.

import { BookLadder, type BookSnapshotMessage, type BookUpdateMessage } from './book.js';
import type { Trade } from './candles.js';
import type { Feed } from './feed.js';
import { byId, h, state } from './state.js';

export const ladderDepth = 12;
export const recentTradesShown = 40;

export class BookPanel {
  readonly ladder = new BookLadder();
  private trades: (Trade & { aggressorSide: string })[] = [];
  onPick: (price: string, side: 'buy' | 'sell') => void = () => {};

  constructor(private readonly feed: Feed) {}

  select(previous: string, symbol: string): void {
    if (previous) {
      this.feed.unsubscribe('book', previous);
      this.feed.unsubscribe('trades', previous);
    }
    this.ladder.reset();
    this.trades = [];
    this.render();
    this.renderTrades();
    this.feed.subscribe('book', symbol);
    this.feed.subscribe('trades', symbol);
  }

  snapshot(message: BookSnapshotMessage & { symbol: string }): void {
    if (message.symbol !== state.selected) return;
    this.ladder.snapshot(message);
    this.render();
  }

  update(message: BookUpdateMessage & { symbol: string }): void {
    if (message.symbol !== state.selected) return;
    if (this.ladder.update(message) === 'gap') this.feed.subscribe('book', message.symbol);
    this.render();
  }

  tradesSnapshot(symbol: string, trades: (Trade & { aggressorSide: string })[]): void {
    if (symbol !== state.selected) return;
    this.trades = [...trades].reverse().slice(0, recentTradesShown);
    this.renderTrades();
  }

  trade(symbol: string, trade: Trade & { aggressorSide: string }): void {
    if (symbol !== state.selected || this.trades.some((t) => t.tradeId === trade.tradeId)) return;
    this.trades.unshift(trade);
    this.trades.length = Math.min(this.trades.length, recentTradesShown);
    this.renderTrades();
  }

  private render(): void {
    const body = byId('book-body');
    const asks = this.ladder.levels('ask', ladderDepth).reverse();
    const bids = this.ladder.levels('bid', ladderDepth);
    const maxQty = Math.max(1, ...asks.map((l) => l.qty), ...bids.map((l) => l.qty));
    const row = (side: 'bid' | 'ask', level: { price: string; qty: number; orders: number }) => {
      const tr = h('tr', { 'data-side': side, 'data-price': level.price, class: side, title: 'click: put this price in the ticket', onclick: () => this.onPick(level.price, side === 'ask' ? 'buy' : 'sell') },
        h('td', { class: 'num' }, level.orders), h('td', { class: 'num price' }, level.price), h('td', { class: 'num qty' }, level.qty));
      tr.style.setProperty('--depth', `${Math.round((level.qty / maxQty) * 100)}%`);
      return tr;
    };
    const status = this.ladder.synced ? `bookSeq ${this.ladder.seq}${this.ladder.gaps > 0 ? ` · ${this.ladder.gaps} gap(s) resynced` : ''}` : 'resyncing…';
    byId('book-status').textContent = status;
    body.replaceChildren(...asks.map((l) => row('ask', l)), h('tr', { class: 'spread' }, h('td', { colspan: 3 }, asks.length || bids.length ? '' : 'empty book')), ...bids.map((l) => row('bid', l)));
  }

  private renderTrades(): void {
    byId('trades-body').replaceChildren(...this.trades.map((t) => h('tr', { class: t.aggressorSide === 'buy' ? 'up' : 'down' },
      h('td', {}, new Date(Math.floor(t.tsMicros / 1000)).toISOString().slice(11, 19)),
      h('td', { class: 'num' }, t.price), h('td', { class: 'num' }, t.qty))));
  }
}
