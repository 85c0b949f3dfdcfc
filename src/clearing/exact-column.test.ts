import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ExactColumn } from './exact-column.js';

const near53 = fc.oneof(
  fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
  fc.bigInt({ min: 2n ** 53n - 50n, max: 2n ** 53n + 50n }),
  fc.bigInt({ min: -(2n ** 53n) - 50n, max: -(2n ** 53n) + 50n }),
  fc.bigInt({ min: -1000n, max: 1000n }),
);
const safeNumber = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger(), fc.constant(Number.MAX_SAFE_INTEGER), fc.constant(-Number.MAX_SAFE_INTEGER));

test('property: a column of exact amounts sums like bigints, past 2^53 and back, in one form per slot', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.oneof(near53.map((b) => ({ big: b })), safeNumber.map((n) => ({ n })))), { maxLength: 80 }), (steps) => {
    const column = new ExactColumn(2, 10);
    const model: bigint[] = [];
    for (const [slot, step] of steps) {
      while (model.length <= slot) {
        column.open(model.length);
        model.push(0n);
      }
      if ('big' in step) {
        column.add(slot, step.big);
        model[slot]! += step.big;
      } else {
        column.addNumber(slot, step.n);
        model[slot]! += BigInt(step.n);
      }
      assert.equal(column.at(slot), model[slot]);
      assert.ok(column.oneForm(slot));
      const safe = model[slot]! >= -BigInt(Number.MAX_SAFE_INTEGER) && model[slot]! <= BigInt(Number.MAX_SAFE_INTEGER);
      assert.equal(column.numberAt(slot), safe ? Number(model[slot]) : Number.NaN);
    }
    for (let slot = 0; slot < model.length; slot++) assert.equal(column.at(slot), model[slot]);
  }), { numRuns: 2000 });
});

test('a column does not grow past its bound; reopening a slot zeroes it, bigint included', () => {
  const column = new ExactColumn(1, 3);
  column.open(0);
  column.open(1);
  column.open(2);
  assert.throws(() => column.open(3), /past the column's bound 3/);
  column.set(1, 2n ** 70n);
  column.open(1);
  assert.equal(column.at(1), 0n);
  assert.ok(column.oneForm(1));
});
