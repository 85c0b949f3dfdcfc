import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { IdTable } from './id-table.js';

test('the id table answers as a Map across growth, wrap-around clusters and backward-shift deletes', () => {
  const id = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 2 ** 32 - 8, max: 2 ** 32 + 8 }), fc.constantFrom(2 ** 53 - 1, 2 ** 40));
  fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.tuple(fc.boolean(), id), { maxLength: 400, size: 'max' }), (first, steps) => {
    const table = new IdTable(first);
    const model = new Map<number, number>();
    steps.forEach(([put, key], slot) => {
      if (put && !model.has(key)) {
        table.set(key, slot);
        model.set(key, slot);
      } else if (!put && model.has(key)) {
        table.delete(key);
        model.delete(key);
      }
      assert.equal(table.size, model.size);
    });
    for (let key = 1; key <= 64; key++) assert.equal(table.get(key), model.get(key) ?? -1);
    for (const key of model.keys()) assert.equal(table.get(key), model.get(key));
    assert.deepEqual(table.keys().sort((a, b) => a - b), [...model.keys()].sort((a, b) => a - b));
  }), { numRuns: 300 });
});
