// Positive integer id -> int32 (a slot), for ids that come and go all day: the exchange's order store (the
// window of the last 100,000 finished orders and the open ones) and clearing's open orders per series. Open
// addressing with linear probing in typed arrays, at most half full, deletion by backward shift (no
// tombstones). A Map under that churn rebuilt its table again and again, each one allocated young and copied
// by the scavenger (the order store's Map cost ~130 B/order of what outlived a young collection).
//
// Unlike the engine's IdMap (few live ids), a window of ~100,000 consecutive ids kept at home would form one
// cluster that long, and deleting its oldest walked all of it. Fibonacci hashing spreads consecutive ids over
// the table, so clusters stay short.

import { assert } from '../core/assert.js';

const twoTo32 = 4294967296;
const empty = 0;

export class IdTable {
  private ids: Float64Array;
  private slots: Int32Array;
  private shift: number;
  private mask: number;
  size = 0;

  constructor(private entriesMax = 1024) {
    this.ids = new Float64Array(0);
    this.slots = new Int32Array(0);
    this.shift = 0;
    this.mask = 0;
    this.allocate(entriesMax);
  }

  /** The slot of id (a positive integer), or -1. */
  get(id: number): number {
    const keys = this.ids;
    for (let i = this.home(id); ; i = (i + 1) & this.mask) {
      const k = keys[i]!;
      if (k === id) return this.slots[i]!;
      if (k === empty) return -1;
    }
  }

  /** The ids present, in table order (not sorted; allocates: for expiry and snapshots, not the hot path). */
  keys(): number[] {
    const out: number[] = [];
    const keys = this.ids;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== empty) out.push(keys[i]!);
    return out;
  }

  /** id is positive and absent (the caller checked). */
  set(id: number, slot: number): void {
    if (this.size === this.entriesMax) this.grow();
    const keys = this.ids;
    let i = this.home(id);
    while (keys[i] !== empty) i = (i + 1) & this.mask;
    keys[i] = id;
    this.slots[i] = slot;
    this.size++;
  }

  /** id is present (the caller checked). */
  delete(id: number): void {
    const keys = this.ids;
    const slots = this.slots;
    const mask = this.mask;
    let i = this.home(id);
    while (keys[i] !== id) {
      if (keys[i] === empty) assert(false, `id ${id} is not in the table`);
      i = (i + 1) & mask;
    }
    // Backward shift: a later entry of the cluster moves into the hole unless its home lies in (hole, j].
    for (let j = (i + 1) & mask; keys[j] !== empty; j = (j + 1) & mask) {
      const h = this.home(keys[j]!);
      const stays = i <= j ? h > i && h <= j : h > i || h <= j;
      if (stays) continue;
      keys[i] = keys[j]!;
      slots[i] = slots[j]!;
      i = j;
    }
    keys[i] = empty;
    this.size--;
  }

  private home(id: number): number {
    const lo = id | 0;
    const hi = (id / twoTo32) | 0;
    return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
  }

  private allocate(entriesMax: number): void {
    let bits = 4;
    while (1 << bits < entriesMax * 2) bits++;
    assert(bits <= 30, `an id table for ${entriesMax} ids is too large`);
    this.entriesMax = entriesMax;
    this.ids = new Float64Array(1 << bits);
    this.slots = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  private grow(): void {
    const keys = this.ids;
    const slots = this.slots;
    this.allocate(this.entriesMax * 2);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== empty) this.set(keys[i]!, slots[i]!);
  }
}
