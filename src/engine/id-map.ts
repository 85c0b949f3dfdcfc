// orderId -> pool slot, open addressing with linear probing in one typed array: key and slot sit side by side
// (cells 2i and 2i+1) so a lookup touches one cache line. No objects per entry and no rehashing: the capacity
// is fixed at at least twice the pool, so the load factor stays at or below one half. Deletion shifts later
// entries back instead of leaving tombstones, so probes stay short however long the engine runs.
// Ids are positive integers below 2^53; 0 marks an empty cell.
//
// The hash keeps the low bits of the id and folds the higher bits in: ids come from counters, so live ids are
// mostly consecutive and land in consecutive cells (no collisions, and the touched cells stay in cache). A
// stream of ids that are all multiples of the table size would cluster; the gateway's counters never do that.

import { assert, InvariantError } from '../core/assert.js';

const twoTo32 = 4294967296;

export class IdMap {
  /** [key0, slot0, key1, slot1, ...] */
  readonly cells: Float64Array;
  readonly mask: number;
  private readonly bits: number;
  size = 0;

  constructor(entriesMax: number) {
    let bits = 4;
    while (1 << bits < entriesMax * 2) bits++;
    assert(bits <= 29, `id map for ${entriesMax} entries is too large`);
    this.bits = bits;
    this.cells = new Float64Array(2 << bits);
    this.mask = (1 << bits) - 1;
  }

  home(id: number): number {
    const lo = id | 0;
    const hi = (id / twoTo32) | 0;
    return (lo ^ (lo >>> this.bits) ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
  }

  /** The slot of id, or -1. */
  get(id: number): number {
    const cells = this.cells;
    const mask = this.mask;
    let i = this.home(id);
    for (;;) {
      const k = cells[2 * i]!;
      if (k === id) return cells[2 * i + 1]!;
      if (k === 0) return -1;
      i = (i + 1) & mask;
    }
  }

  /** Caller guarantees id is absent (it checked get first). */
  set(id: number, slot: number): void {
    const cells = this.cells;
    const mask = this.mask;
    let i = this.home(id);
    while (cells[2 * i] !== 0) i = (i + 1) & mask;
    cells[2 * i] = id;
    cells[2 * i + 1] = slot;
    this.size++;
  }

  delete(id: number): void {
    const cells = this.cells;
    const mask = this.mask;
    let i = this.home(id);
    while (cells[2 * i] !== id) {
      if (cells[2 * i] === 0) throw new InvariantError(`id map: order ${id} not present`);
      i = (i + 1) & mask;
    }
    // Backward shift: move each later entry of the cluster into the hole unless its home lies in (hole, j].
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = cells[2 * j]!;
      if (k === 0) break;
      const h = this.home(k);
      const inRange = i <= j ? h > i && h <= j : h > i || h <= j;
      if (!inRange) {
        cells[2 * i] = k;
        cells[2 * i + 1] = cells[2 * j + 1]!;
        i = j;
      }
    }
    cells[2 * i] = 0;
    this.size--;
  }
}
