// The order book as the terminal keeps it from the WebSocket book channel: a snapshot, then updates that must
// come with bookSeq = last + 1. An update at or below the snapshot's bookSeq is stale (dropped); a jump is a
// gap: the caller subscribes again and gets a fresh snapshot (the gateway's resync rule).

import { compare, dec } from './decimal.js';

export interface Level {
  readonly price: string;
  readonly qty: number;
  readonly orders: number;
}

export interface BookSnapshotMessage {
  readonly bookSeq: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

export interface BookUpdateMessage {
  readonly bookSeq: number;
  readonly changes: readonly { readonly side: 'bid' | 'ask'; readonly price: string; readonly qty: number; readonly orders: number }[];
}

export type ApplyResult = 'applied' | 'stale' | 'gap' | 'waiting';

export class BookLadder {
  private bookSeq = -1;
  private readonly bids = new Map<string, Level>();
  private readonly asks = new Map<string, Level>();
  /** Updates and gaps counted since the page loaded (shown, and read by the browser test). */
  gaps = 0;

  get synced(): boolean {
    return this.bookSeq >= 0;
  }

  get seq(): number {
    return this.bookSeq;
  }

  snapshot(message: BookSnapshotMessage): void {
    this.bids.clear();
    this.asks.clear();
    for (const level of message.bids) this.bids.set(level.price, level);
    for (const level of message.asks) this.asks.set(level.price, level);
    this.bookSeq = message.bookSeq;
  }

  update(message: BookUpdateMessage): ApplyResult {
    if (!this.synced) return 'waiting';
    if (message.bookSeq <= this.bookSeq) return 'stale';
    if (message.bookSeq !== this.bookSeq + 1) {
      this.gaps++;
      this.bookSeq = -1;
      return 'gap';
    }
    for (const change of message.changes) {
      const side = change.side === 'bid' ? this.bids : this.asks;
      if (change.qty === 0) side.delete(change.price);
      else side.set(change.price, { price: change.price, qty: change.qty, orders: change.orders });
    }
    this.bookSeq = message.bookSeq;
    return 'applied';
  }

  /** Best first: bids high to low, asks low to high. */
  levels(side: 'bid' | 'ask', depth: number): Level[] {
    const map = side === 'bid' ? this.bids : this.asks;
    const sorted = [...map.values()].sort((a, b) => compare(dec(a.price), dec(b.price)));
    if (side === 'bid') sorted.reverse();
    return sorted.slice(0, depth);
  }

  reset(): void {
    this.bids.clear();
    this.asks.clear();
    this.bookSeq = -1;
  }
}
