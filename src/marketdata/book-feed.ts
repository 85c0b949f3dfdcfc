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
  /**
   * Where the levels to publish are written, best first, as (priceTicks, qtyLots, orderCount) triples: the engine
   * writes its own here (MatchingEngine.depthInto) so that reading the book after a command builds no list and no
   * object per level; only levels that changed get a frozen copy.
   */
  readonly bidLevels: Int32Array;
  readonly askLevels: Int32Array;

  constructor(readonly symbol: string, readonly levelsMax = bookLevelsPublishedMax) {
    assert(levelsMax >= 1 && levelsMax <= 1000, `book levels ${levelsMax}`);
    this.bidLevels = new Int32Array(3 * levelsMax);
    this.askLevels = new Int32Array(3 * levelsMax);
  }

  /**
   * Takes top levels, best first on each side (bids by falling price, asks by rising price); returns the update to
   * publish, or undefined when nothing moved. A side passed as undefined is one the caller knows did not move since
   * the last update. The lists are read, not kept: the feed keeps frozen copies of the levels that changed.
   */
  update(bids: readonly BookLevel[] | undefined, asks: readonly BookLevel[] | undefined): BookUpdate | undefined {
    const bidCount = bids === undefined ? -1 : writeLevels(bids, this.levelsMax, this.bidLevels);
    const askCount = asks === undefined ? -1 : writeLevels(asks, this.levelsMax, this.askLevels);
    return this.updateLevels(bidCount, askCount);
  }

  /**
   * update for levels already written into bidLevels and askLevels: the count of levels written on each side, or
   * -1 for a side the caller knows did not move (reading the engine's levels is most of what an update costs).
   */
  updateLevels(bidCount: number, askCount: number): BookUpdate | undefined {
    const levelsMax = this.levelsMax;
    // Checked by hand, not assert(cond, `...`): a template argument would build a string on every command.
    if (!(bidCount >= -1 && bidCount <= levelsMax && askCount >= -1 && askCount <= levelsMax)) {
      assert(false, `book level counts ${bidCount}, ${askCount} outside -1..${levelsMax}`);
    }
    const changes = this.changes;
    changes.count = 0;
    // A side whose levels are all as published keeps its copies: no copy and no diff (most commands move one
    // side, or one level, of the book).
    if (bidCount >= 0 && !sameLevels(this.bids, this.bidLevels, bidCount)) this.bids = diffSide('bid', this.bids, this.bidLevels, bidCount, changes);
    if (askCount >= 0 && !sameLevels(this.asks, this.askLevels, askCount)) this.asks = diffSide('ask', this.asks, this.askLevels, askCount, changes);
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

/**
 * The top levelsMax of `levels` into `out` as triples; returns how many. Levels are integer units within int32
 * (the engine's own bounds), checked here so that the Int32Array can never wrap a value silently.
 */
function writeLevels(levels: readonly BookLevel[], levelsMax: number, out: Int32Array): number {
  const n = Math.min(levels.length, levelsMax);
  for (let i = 0; i < n; i++) {
    const { priceTicks, qtyLots, orderCount } = levels[i]!;
    assert((priceTicks | 0) === priceTicks && (qtyLots | 0) === qtyLots && (orderCount | 0) === orderCount, `book level ${priceTicks} ${qtyLots} ${orderCount} is not an int32`);
    out[3 * i] = priceTicks;
    out[3 * i + 1] = qtyLots;
    out[3 * i + 2] = orderCount;
  }
  return n;
}

/** Whether the n levels in `levels` (triples) are, level by level, the ones published. */
function sameLevels(published: readonly BookLevel[], levels: Int32Array, n: number): boolean {
  if (published.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const a = published[i]!;
    if (a.priceTicks !== levels[3 * i] || a.qtyLots !== levels[3 * i + 1] || a.orderCount !== levels[3 * i + 2]) return false;
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
 * Appends to `out` the changes from the published levels `before` to the n levels in `levels` (triples; first the
 * levels gone, in before's order, then the new or changed ones, in levels' order) and returns the levels to keep.
 * Both are best first, so one merge walk pairs equal prices (no maps per command), and a level that did not change
 * keeps its frozen copy (only new and changed levels get a new one).
 */
function diffSide(side: 'bid' | 'ask', before: readonly BookLevel[], levels: Int32Array, n: number, out: ChangeList): readonly BookLevel[] {
  // Rank of a price on this side: smaller is better, so both walks run forward.
  const sign = side === 'bid' ? -1 : 1;
  let j = 0;
  for (let i = 0; i < before.length; i++) {
    const priceTicks = before[i]!.priceTicks;
    while (j < n && sign * levels[3 * j]! < sign * priceTicks) j++;
    if (j === n || levels[3 * j] !== priceTicks) out.list[out.count++] = { side, priceTicks, qtyLots: 0, orderCount: 0 };
  }
  if (n === 0) return noBookLevels;
  const kept = new Array<BookLevel>(n);
  j = 0;
  for (let i = 0; i < n; i++) {
    const priceTicks = levels[3 * i]!;
    const qtyLots = levels[3 * i + 1]!;
    const orderCount = levels[3 * i + 2]!;
    if (i > 0 && !(sign * levels[3 * i - 3]! < sign * priceTicks)) {
      assert(false, `${side} levels must be best first with distinct prices: ${levels[3 * i - 3]} then ${priceTicks}`);
    }
    while (j < before.length && sign * before[j]!.priceTicks < sign * priceTicks) j++;
    const old = j < before.length && before[j]!.priceTicks === priceTicks ? before[j]! : undefined;
    if (old !== undefined && old.qtyLots === qtyLots && old.orderCount === orderCount) {
      kept[i] = old;
      continue;
    }
    out.list[out.count++] = { side, priceTicks, qtyLots, orderCount };
    kept[i] = Object.freeze({ priceTicks, qtyLots, orderCount });
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
