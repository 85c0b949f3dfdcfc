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
  private readonly bids: PublishedSide;
  private readonly asks: PublishedSide;
  /**
   * The changes of the update being built: reused, so that a command pays for one list of its changes' exact
   * size rather than for a list grown from empty (and for one per command that changed nothing).
   */
  private readonly changes: ChangeList = { list: [], count: 0 };

  constructor(readonly symbol: string, readonly levelsMax = bookLevelsPublishedMax) {
    assert(levelsMax >= 1 && levelsMax <= 1000, `book levels ${levelsMax}`);
    this.bids = new PublishedSide('bid', levelsMax);
    this.asks = new PublishedSide('ask', levelsMax);
  }

  /**
   * Where the bid levels to publish are written, best first, as (priceTicks, qtyLots, orderCount) triples, before
   * updateLevels: the engine writes its own here (MatchingEngine.depthInto), so that reading the book after a
   * command builds no list and no object per level. A different array after each update: read it each time.
   */
  get bidLevels(): Int32Array {
    return this.bids.next;
  }

  /** bidLevels for the asks (rising price). */
  get askLevels(): Int32Array {
    return this.asks.next;
  }

  /**
   * Takes top levels, best first on each side (bids by falling price, asks by rising price); returns the update to
   * publish, or undefined when nothing moved. A side passed as undefined is one the caller knows did not move since
   * the last update. The lists are read, not kept.
   */
  update(bids: readonly BookLevel[] | undefined, asks: readonly BookLevel[] | undefined): BookUpdate | undefined {
    const bidCount = bids === undefined ? -1 : writeLevels(bids, this.levelsMax, this.bids.next);
    const askCount = asks === undefined ? -1 : writeLevels(asks, this.levelsMax, this.asks.next);
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
    if (bidCount >= 0) this.bids.publish(bidCount, changes);
    if (askCount >= 0) this.asks.publish(askCount, changes);
    if (changes.count === 0) return undefined;
    this.bookSeq++;
    return Object.freeze({ symbol: this.symbol, bookSeq: this.bookSeq, changes: Object.freeze(changes.list.slice(0, changes.count)) });
  }

  snapshot(): BookSnapshot {
    return Object.freeze({ symbol: this.symbol, bookSeq: this.bookSeq, bids: this.bids.frozen(), asks: this.asks.frozen() });
  }

  /** Back to a snapshot's state, so that updates after a restart continue its bookSeq. */
  restore(snapshot: BookSnapshot): void {
    assert(snapshot.symbol === this.symbol, `book snapshot of ${snapshot.symbol} restored into ${this.symbol}`);
    this.bookSeq = snapshot.bookSeq;
    this.bids.restore(snapshot.bids);
    this.asks.restore(snapshot.asks);
  }
}

/** list[0, count) are the changes; entries past count are stale and overwritten next time. */
interface ChangeList {
  readonly list: LevelChange[];
  count: number;
}

/**
 * One side as published, kept as triples: an update compares the levels written into `next` with these in place
 * and then swaps the two arrays, so publishing allocates only the changes. The frozen list subscribers read is
 * made when a snapshot asks for it, from the last one made: a level that did not change keeps its frozen copy.
 */
class PublishedSide {
  /** The published levels: [0, 3 * count). */
  private levels: Int32Array;
  private count = 0;
  /** Where the next levels are written. */
  next: Int32Array;
  private frozenLast: readonly BookLevel[] = noBookLevels;
  /** Whether frozenLast is the published levels (false after a change, until a snapshot asks). */
  private frozenCurrent = true;
  /** Rank of a price on this side is sign * price: smaller is better, so every walk runs forward. */
  private readonly sign: number;

  constructor(readonly side: 'bid' | 'ask', readonly levelsMax: number) {
    this.levels = new Int32Array(3 * levelsMax);
    this.next = new Int32Array(3 * levelsMax);
    this.sign = side === 'bid' ? -1 : 1;
  }

  /**
   * Appends to `out` the changes from the published levels to the n levels in `next` (first the levels gone, in
   * published order, then the new or changed ones, in next's order), and publishes next. Both are best first, so
   * one merge walk pairs equal prices (no maps per command).
   */
  publish(n: number, out: ChangeList): void {
    const { side, sign } = this;
    const before = this.levels;
    const m = this.count;
    const levels = this.next;
    // Most commands move one side, or one level, of the book: a side as published costs one compare.
    if (m === n && sameTriples(before, levels, n)) return;
    let j = 0;
    for (let i = 0; i < m; i++) {
      const priceTicks = before[3 * i]!;
      while (j < n && sign * levels[3 * j]! < sign * priceTicks) j++;
      if (j === n || levels[3 * j] !== priceTicks) out.list[out.count++] = { side, priceTicks, qtyLots: 0, orderCount: 0 };
    }
    j = 0;
    for (let i = 0; i < n; i++) {
      const priceTicks = levels[3 * i]!;
      const qtyLots = levels[3 * i + 1]!;
      const orderCount = levels[3 * i + 2]!;
      if (i > 0 && !(sign * levels[3 * i - 3]! < sign * priceTicks)) {
        assert(false, `${side} levels must be best first with distinct prices: ${levels[3 * i - 3]} then ${priceTicks}`);
      }
      while (j < m && sign * before[3 * j]! < sign * priceTicks) j++;
      if (j < m && before[3 * j] === priceTicks && before[3 * j + 1] === qtyLots && before[3 * j + 2] === orderCount) continue;
      out.list[out.count++] = { side, priceTicks, qtyLots, orderCount };
    }
    this.levels = levels;
    this.next = before;
    this.count = n;
    this.frozenCurrent = false;
  }

  /** The published levels as a frozen list of frozen levels (what a subscriber's snapshot holds). */
  frozen(): readonly BookLevel[] {
    if (this.frozenCurrent) return this.frozenLast;
    const { sign, levels, count: n } = this;
    const last = this.frozenLast;
    const list = n === 0 ? noBookLevels : new Array<BookLevel>(n);
    let j = 0;
    for (let i = 0; i < n; i++) {
      const priceTicks = levels[3 * i]!;
      const qtyLots = levels[3 * i + 1]!;
      const orderCount = levels[3 * i + 2]!;
      while (j < last.length && sign * last[j]!.priceTicks < sign * priceTicks) j++;
      const old = j < last.length ? last[j]! : undefined;
      (list as BookLevel[])[i] = old !== undefined && old.priceTicks === priceTicks && old.qtyLots === qtyLots && old.orderCount === orderCount
        ? old
        : Object.freeze({ priceTicks, qtyLots, orderCount });
    }
    this.frozenLast = n === 0 ? noBookLevels : Object.freeze(list);
    this.frozenCurrent = true;
    return this.frozenLast;
  }

  restore(levels: readonly BookLevel[]): void {
    this.count = writeLevels(levels, this.levelsMax, this.levels);
    this.frozenLast = noBookLevels;
    this.frozenCurrent = false;
  }
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

function sameTriples(a: Int32Array, b: Int32Array, n: number): boolean {
  for (let k = 0; k < 3 * n; k++) if (a[k] !== b[k]) return false;
  return true;
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
