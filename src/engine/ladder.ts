// One side of the book (or one side's parked stops) as dense price levels: index = priceTicks - base, sized to
// the daily band. Each level is an intrusive FIFO of pool slots (head/tail here, next/prev in the pool), with
// its lot total and order count kept current so FOK checks and the auction never walk orders.
//
// highBest: bids and sell stops take the highest price first; asks and buy stops the lowest. best is the
// index of the best non-empty level, -1 when the ladder is empty. When the best level empties the next one is
// found by scanning toward worse prices; the scan always ends at a non-empty level because every other order
// sits at a worse price than the best.

export class Ladder {
  readonly highBest: boolean;
  base = 0;
  size = 0;
  head: Int32Array = new Int32Array(0);
  tail: Int32Array = new Int32Array(0);
  lots: Int32Array = new Int32Array(0);
  count: Int32Array = new Int32Array(0);
  best = -1;
  orderCount = 0;

  constructor(highBest: boolean) {
    this.highBest = highBest;
  }

  /** Fresh arrays covering [base, base + size); the caller moves any orders across (relayFrom). */
  reset(base: number, size: number): void {
    this.base = base;
    this.size = size;
    this.head = new Int32Array(size).fill(-1);
    this.tail = new Int32Array(size).fill(-1);
    this.lots = new Int32Array(size);
    this.count = new Int32Array(size);
    this.best = -1;
    this.orderCount = 0;
  }

  /** Moves every level of old into this ladder (same prices, new base); the old ladder is dropped after. */
  relayFrom(old: Ladder): void {
    for (let i = 0; i < old.size; i++) {
      if (old.count[i] === 0) continue;
      const j = i + old.base - this.base;
      this.head[j] = old.head[i]!;
      this.tail[j] = old.tail[i]!;
      this.lots[j] = old.lots[i]!;
      this.count[j] = old.count[i]!;
      this.orderCount += old.count[i]!;
      if (this.highBest ? j > this.best : this.best === -1 || j < this.best) this.best = j;
    }
  }

  bestPriceTicks(): number {
    return this.best === -1 ? 0 : this.best + this.base;
  }

  /** Next non-empty level index after i toward worse prices, or -1. */
  nextWorse(i: number): number {
    if (this.highBest) {
      for (let j = i - 1; j >= 0; j--) if (this.count[j]! > 0) return j;
    } else {
      for (let j = i + 1; j < this.size; j++) if (this.count[j]! > 0) return j;
    }
    return -1;
  }

  /** Re-finds best after level i (the best) emptied. */
  bestEmptied(): void {
    if (this.orderCount === 0) {
      this.best = -1;
      return;
    }
    const count = this.count;
    let j = this.best;
    if (this.highBest) while (count[--j] === 0);
    else while (count[++j] === 0);
    this.best = j;
  }
}
