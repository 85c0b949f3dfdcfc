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

/** A side with no levels: shared, since it is frozen. */
export const noBookLevels: readonly BookLevel[] = Object.freeze([]);

export class BookFeed {
  private bookSeq = 0;
  private bids: readonly BookLevel[] = noBookLevels;
  private asks: readonly BookLevel[] = noBookLevels;
  /**
   * The changes of the update being built: reused, so that a command pays for one list of its changes' exact
   * size rather than for a list grown from empty (and for one per command that changed nothing).
   */
  private readonly changes: ChangeList = { list: [], count: 0 };

  constructor(readonly symbol: string, readonly levelsMax = bookLevelsPublishedMax) {
    assert(levelsMax >= 1 && levelsMax <= 1000, `book levels ${levelsMax}`);
  }

  /**
   * Takes the engine's current top levels, best first on each side (bids by falling price, asks by rising price);
   * returns the update to publish, or undefined when nothing moved. A side passed as undefined is one the caller
   * knows did not move since the last update: reading the engine's levels is most of what an update costs.
   * `owned`: the caller hands the lists and their levels over (made for this call, no reference kept, levels of
   * the BookLevel fields only), so the feed freezes and keeps them instead of copying them.
   */
  update(bids: readonly BookLevel[] | undefined, asks: readonly BookLevel[] | undefined, owned = false): BookUpdate | undefined {
    const changes = this.changes;
    changes.count = 0;
    // A side whose levels are all as published keeps its copies: no copy and no diff (most commands move one
    // side, or one level, of the book).
    if (bids !== undefined && !sameLevels(this.bids, bids, this.levelsMax)) this.bids = diffSide('bid', this.bids, bids, this.levelsMax, owned, changes);
    if (asks !== undefined && !sameLevels(this.asks, asks, this.levelsMax)) this.asks = diffSide('ask', this.asks, asks, this.levelsMax, owned, changes);
    if (changes.count === 0) return undefined;
    this.bookSeq++;
    return Object.freeze({ symbol: this.symbol, bookSeq: this.bookSeq, changes: Object.freeze(changes.list.slice(0, changes.count)) });
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

/** list[0, count) are the changes; entries past count are stale and overwritten next time. */
interface ChangeList {
  readonly list: LevelChange[];
  count: number;
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

/**
 * Appends to `out` the changes from the published levels `before` to the top levelsMax of `levels` (first the
 * levels gone, in before's order, then the new or changed ones, in levels' order) and returns the levels to keep.
 * Both lists are best first, so one merge walk pairs equal prices (no maps per command), and a level that did
 * not change keeps its frozen copy (only new and changed levels are copied, or when `levels` is owned, frozen and
 * kept in the list itself).
 */
function diffSide(side: 'bid' | 'ask', before: readonly BookLevel[], levels: readonly BookLevel[], levelsMax: number, owned: boolean, out: ChangeList): readonly BookLevel[] {
  // Rank of a price on this side: smaller is better, so both walks run forward.
  const sign = side === 'bid' ? -1 : 1;
  const n = Math.min(levels.length, levelsMax);
  let j = 0;
  for (let i = 0; i < before.length; i++) {
    const priceTicks = before[i]!.priceTicks;
    while (j < n && sign * levels[j]!.priceTicks < sign * priceTicks) j++;
    if (j === n || levels[j]!.priceTicks !== priceTicks) out.list[out.count++] = { side, priceTicks, qtyLots: 0, orderCount: 0 };
  }
  if (n === 0) return noBookLevels;
  const adopt = owned && levels.length === n;
  const kept = adopt ? (levels as BookLevel[]) : new Array<BookLevel>(n);
  j = 0;
  for (let i = 0; i < n; i++) {
    const level = levels[i]!;
    const { priceTicks, qtyLots, orderCount } = level;
    if (i > 0 && !(sign * levels[i - 1]!.priceTicks < sign * priceTicks)) {
      assert(false, `${side} levels must be best first with distinct prices: ${levels[i - 1]!.priceTicks} then ${priceTicks}`);
    }
    while (j < before.length && sign * before[j]!.priceTicks < sign * priceTicks) j++;
    const old = j < before.length && before[j]!.priceTicks === priceTicks ? before[j]! : undefined;
    if (old !== undefined && old.qtyLots === qtyLots && old.orderCount === orderCount) {
      kept[i] = old;
      continue;
    }
    out.list[out.count++] = { side, priceTicks, qtyLots, orderCount };
    kept[i] = Object.freeze(adopt ? level : { priceTicks, qtyLots, orderCount });
  }
  return Object.freeze(kept);
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
