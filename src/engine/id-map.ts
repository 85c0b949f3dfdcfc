// orderId -> pool slot, open addressing with linear probing in typed arrays: no objects per entry, no
// rehashing (the capacity is fixed at twice the pool, so the load factor stays at or below one half).
// Deletion shifts later entries back instead of leaving tombstones, so probes stay short however long the
// engine runs. Ids are positive integers below 2^53; 0 marks an empty cell.

import { assert } from '../core/assert.js';

const twoTo32 = 4294967296;
const fibonacci32 = -1640531527; // 0x9E3779B9 as int32: Fibonacci hashing spreads dense counters well

export class IdMap {
  readonly keys: Float64Array;
  readonly slots: Int32Array;
  readonly mask: number;
  private readonly shift: number;
  size = 0;

  constructor(entriesMax: number) {
    let bits = 4;
    while (1 << bits < entriesMax * 2) bits++;
    assert(bits <= 30, `id map for ${entriesMax} entries is too large`);
    this.keys = new Float64Array(1 << bits);
    this.slots = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  home(id: number): number {
    const mixed = (id | 0) ^ Math.imul((id / twoTo32) | 0, 0x85ebca6b);
    return Math.imul(mixed, fibonacci32) >>> this.shift;
  }

  /** The slot of id, or -1. */
  get(id: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = this.home(id);
    for (;;) {
      const k = keys[i]!;
      if (k === id) return this.slots[i]!;
      if (k === 0) return -1;
      i = (i + 1) & mask;
    }
  }

  /** Caller guarantees id is absent (it checked get first). */
  set(id: number, slot: number): void {
    const keys = this.keys;
    const mask = this.mask;
    let i = this.home(id);
    while (keys[i] !== 0) i = (i + 1) & mask;
    keys[i] = id;
    this.slots[i] = slot;
    this.size++;
  }

  delete(id: number): void {
    const keys = this.keys;
    const slots = this.slots;
    const mask = this.mask;
    let i = this.home(id);
    while (keys[i] !== id) {
      assert(keys[i] !== 0, `id map: order ${id} not present`);
      i = (i + 1) & mask;
    }
    // Backward shift: move each later entry of the cluster into the hole if its home does not lie in (hole, j].
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j]!;
      if (k === 0) break;
      const h = this.home(k);
      const inRange = i <= j ? h > i && h <= j : h > i || h <= j;
      if (!inRange) {
        keys[i] = k;
        slots[i] = slots[j]!;
        i = j;
      }
    }
    keys[i] = 0;
    this.size--;
  }
}
