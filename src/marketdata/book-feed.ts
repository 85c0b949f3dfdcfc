// Level-2 book feed for one instrument: full snapshots and incremental level updates, each update stamped with
// a per-instrument sequence number so that a subscriber sees a gap (a missed update) and asks for a snapshot.
//
// It works by diffing the top levels after each command rather than replaying order events: the engine is the
// one source of truth for the book, so the feed can never drift from it.

import { assert } from '../core/assert.js';

export interface BookLevel {
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly orderCount: number;
}

/** qtyLots 0 means the level is gone. */
export interface LevelChange {
  readonly side: 'bid' | 'ask';
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly orderCount: number;
}

export interface BookUpdate {
  readonly symbol: string;
  /** The update's own number; a subscriber that saw N must see N + 1 next or resynchronise. */
  readonly bookSeq: number;
  readonly changes: readonly LevelChange[];
}

export interface BookSnapshot {
  readonly symbol: string;
  readonly bookSeq: number;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

export const bookLevelsPublishedMax = 50;

export class BookFeed {
  private bookSeq = 0;
  private bids: readonly BookLevel[] = [];
  private asks: readonly BookLevel[] = [];

  constructor(readonly symbol: string, readonly levelsMax = bookLevelsPublishedMax) {
    assert(levelsMax >= 1 && levelsMax <= 1000, `book levels ${levelsMax}`);
  }

  /** Takes the engine's current top levels; returns the update to publish, or undefined when nothing moved. */
  update(bids: readonly BookLevel[], asks: readonly BookLevel[]): BookUpdate | undefined {
    const changes: LevelChange[] = [];
    // A side whose levels are all as published keeps its copies: no copy and no diff (most commands move one
    // side, or one level, of the book).
    if (!sameLevels(this.bids, bids, this.levelsMax)) {
      const bidsKept = copyLevels(bids, this.levelsMax);
      diffSide('bid', this.bids, bidsKept, changes);
      this.bids = bidsKept;
    }
    if (!sameLevels(this.asks, asks, this.levelsMax)) {
      const asksKept = copyLevels(asks, this.levelsMax);
      diffSide('ask', this.asks, asksKept, changes);
      this.asks = asksKept;
    }
    if (changes.length === 0) return undefined;
    this.bookSeq++;
    return Object.freeze({ symbol: this.symbol, bookSeq: this.bookSeq, changes: Object.freeze(changes) });
  }

  snapshot(): BookSnapshot {
    return Object.freeze({ symbol: this.symbol, bookSeq: this.bookSeq, bids: this.bids, asks: this.asks });
  }

  /** Back to a snapshot's state, so that updates after a restart continue its bookSeq. */
  restore(snapshot: BookSnapshot): void {
    assert(snapshot.symbol === this.symbol, `book snapshot of ${snapshot.symbol} restored into ${this.symbol}`);
    this.bookSeq = snapshot.bookSeq;
    this.bids = copyLevels(snapshot.bids, this.levelsMax);
    this.asks = copyLevels(snapshot.asks, this.levelsMax);
  }
}

/** Whether the top levelsMax of `levels` are, level by level, the ones published. */
function sameLevels(published: readonly BookLevel[], levels: readonly BookLevel[], levelsMax: number): boolean {
  if (published.length !== Math.min(levels.length, levelsMax)) return false;
  for (let i = 0; i < published.length; i++) {
    const a = published[i]!;
    const b = levels[i]!;
    if (a.priceTicks !== b.priceTicks || a.qtyLots !== b.qtyLots || a.orderCount !== b.orderCount) return false;
  }
  return true;
}

/** The feed keeps its own frozen copies: what it published must not change under a subscriber. */
function copyLevels(levels: readonly BookLevel[], levelsMax: number): readonly BookLevel[] {
  const copies: BookLevel[] = [];
  for (let i = 0; i < levels.length && i < levelsMax; i++) {
    const { priceTicks, qtyLots, orderCount } = levels[i]!;
    copies.push(Object.freeze({ priceTicks, qtyLots, orderCount }));
  }
  return Object.freeze(copies);
}

function diffSide(side: 'bid' | 'ask', before: readonly BookLevel[], after: readonly BookLevel[], out: LevelChange[]): void {
  const afterByPrice = new Map<number, BookLevel>();
  for (const level of after) afterByPrice.set(level.priceTicks, level);
  for (const level of before) {
    if (!afterByPrice.has(level.priceTicks)) out.push({ side, priceTicks: level.priceTicks, qtyLots: 0, orderCount: 0 });
  }
  const beforeByPrice = new Map<number, BookLevel>();
  for (const level of before) beforeByPrice.set(level.priceTicks, level);
  for (const level of after) {
    const old = beforeByPrice.get(level.priceTicks);
    if (!old || old.qtyLots !== level.qtyLots || old.orderCount !== level.orderCount) {
      out.push({ side, priceTicks: level.priceTicks, qtyLots: level.qtyLots, orderCount: level.orderCount });
    }
  }
}

/**
 * A subscriber's copy of the book, kept by applying updates. It refuses an update that is not the next in
 * sequence (returns false), which is the signal to fetch a fresh snapshot.
 */
export class BookReplica {
  private bookSeq = -1;
  private readonly bids = new Map<number, BookLevel>();
  private readonly asks = new Map<number, BookLevel>();

  load(snapshot: BookSnapshot): void {
    this.bookSeq = snapshot.bookSeq;
    this.bids.clear();
    this.asks.clear();
    for (const level of snapshot.bids) this.bids.set(level.priceTicks, level);
    for (const level of snapshot.asks) this.asks.set(level.priceTicks, level);
  }

  apply(update: BookUpdate): boolean {
    if (this.bookSeq < 0 || update.bookSeq !== this.bookSeq + 1) return false;
    for (const change of update.changes) {
      const levels = change.side === 'bid' ? this.bids : this.asks;
      if (change.qtyLots === 0) levels.delete(change.priceTicks);
      else levels.set(change.priceTicks, { priceTicks: change.priceTicks, qtyLots: change.qtyLots, orderCount: change.orderCount });
    }
    this.bookSeq = update.bookSeq;
    return true;
  }

  get seq(): number {
    return this.bookSeq;
  }

  levels(side: 'bid' | 'ask'): BookLevel[] {
    const list = [...(side === 'bid' ? this.bids : this.asks).values()];
    return list.sort((a, b) => (side === 'bid' ? b.priceTicks - a.priceTicks : a.priceTicks - b.priceTicks));
  }
}
