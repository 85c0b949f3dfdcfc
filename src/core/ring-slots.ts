// The slot arithmetic of a ring that keeps the newest keptMax items of a stream in parallel typed-array columns
// its owner holds (one column per field): an item is a few numbers written, not an object kept alive until
// later items push it out (such objects outlive the young collector, which copies and promotes each one).
// The columns start empty and double, up to keptMax, as items arrive.

import { assert } from './assert.js';

type Column = Float64Array | Int32Array | Uint8Array;

const capacityFirst = 64;

export class RingSlots {
  /** Slots in each column now. */
  capacity = 0;
  /** Items kept. */
  count = 0;
  /** Slot of the oldest item kept. */
  private oldest = 0;

  constructor(readonly keptMax: number) {
    assert(Number.isInteger(keptMax) && keptMax >= 1, `keptMax must be a positive integer, got ${keptMax}`);
  }

  /** True when the columns must grow to nextCapacity (with inOrder, then grown) before the next push. */
  get full(): boolean {
    return this.count === this.capacity && this.count < this.keptMax;
  }

  get nextCapacity(): number {
    return Math.min(Math.max(capacityFirst, this.capacity * 2), this.keptMax);
  }

  /** column's items copied into next, oldest first (next is nextCapacity long). */
  inOrder<T extends Column>(column: T, next: T): T {
    for (let i = 0; i < this.count; i++) next[i] = column[(this.oldest + i) % this.capacity]!;
    return next;
  }

  /** The columns were grown to capacity, their items moved oldest first. */
  grown(capacity: number): void {
    this.capacity = capacity;
    this.oldest = 0;
  }

  /** The slot to write the next item in: a free one, or the oldest's once keptMax are kept. */
  push(): number {
    if (!(!this.full && this.capacity > 0)) assert(false, 'grow the columns before pushing');
    if (this.count === this.keptMax) {
      const at = this.oldest;
      this.oldest = (this.oldest + 1) % this.capacity;
      return at;
    }
    return (this.oldest + this.count++) % this.capacity;
  }

  /** Slot of the i-th oldest item (0 is the oldest). */
  fromOldest(i: number): number {
    return (this.oldest + i) % this.capacity;
  }

  /** Slot of the k-th newest item (0 is the newest). */
  fromNewest(k: number): number {
    return (this.oldest + this.count - 1 - k) % this.capacity;
  }

  clear(): void {
    this.oldest = 0;
    this.count = 0;
  }
}
