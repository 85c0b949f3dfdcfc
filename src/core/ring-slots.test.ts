import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RingSlots } from './ring-slots.js';

test('property: a ring keeps the newest keptMax items, oldest and newest first, across growth, wrap and clear', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constant(-1)), { maxLength: 6 }), (keptMax, runs) => {
    const ring = new RingSlots(keptMax);
    let column = new Float64Array(0);
    let model: number[] = [];
    let next = 1;
    for (const run of runs) {
      if (run === -1) {
        ring.clear();
        model = [];
        continue;
      }
      for (let i = 0; i < run; i++) {
        if (ring.full) {
          const capacity = ring.nextCapacity;
          column = ring.inOrder(column, new Float64Array(capacity));
          ring.grown(capacity);
        }
        column[ring.push()] = next;
        model.push(next++);
        if (model.length > keptMax) model.shift();
      }
      assert.equal(ring.count, model.length);
      assert.ok(ring.capacity <= keptMax);
      for (let i = 0; i < model.length; i++) assert.equal(column[ring.fromOldest(i)], model[i]);
      for (let k = 0; k < model.length; k++) assert.equal(column[ring.fromNewest(k)], model[model.length - 1 - k]);
    }
  }), { numRuns: 500 });
});

test('pushing into full columns is refused: the owner must grow them first', () => {
  const ring = new RingSlots(10);
  assert.throws(() => ring.push(), /grow the columns before pushing/);
});
