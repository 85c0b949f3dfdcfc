import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decimalToNano, divRoundHalfAway, medianNano, nanoToDecimal, numberToNano } from './price.js';

test('divRoundHalfAway rounds ties away from zero on both sides', () => {
  assert.equal(divRoundHalfAway(5n, 2n), 3n); // 2.5 → 3
  assert.equal(divRoundHalfAway(-5n, 2n), -3n); // -2.5 → -3
  assert.equal(divRoundHalfAway(7n, 3n), 2n); // 2.33 → 2
  assert.equal(divRoundHalfAway(8n, 3n), 3n); // 2.67 → 3
});

test('divRoundHalfAway is within half a unit of the exact quotient (property)', () => {
  fc.assert(fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
    const q = divRoundHalfAway(n, d);
    const error = 2n * (q * d - n); // 2·(q − n/d)·d, so |error| ≤ d with ties pushed away from zero
    assert.ok(error <= d && error >= -d);
    if (error === d) assert.ok(n > 0n);
    if (error === -d) assert.ok(n < 0n);
  }));
});

test('numberToNano reads the shortest text of a number, exponents included', () => {
  assert.deepEqual(numberToNano(0.135), { nano: 135_000_000n, exact: true });
  assert.deepEqual(numberToNano(28e-4), { nano: 2_800_000n, exact: true });
  assert.deepEqual(numberToNano(3625e-6), { nano: 3_625_000n, exact: true });
  assert.deepEqual(numberToNano(1e-7), { nano: 100n, exact: true });
  assert.deepEqual(numberToNano(75), { nano: 75_000_000_000n, exact: true });
  assert.deepEqual(numberToNano(0.18000000000000002), { nano: 180_000_000n, exact: false });
});

test('decimal strings round-trip through nano-units', () => {
  assert.equal(decimalToNano('4.25'), 4_250_000_000n);
  assert.equal(nanoToDecimal(4_250_000_000n), '4.250000000');
  assert.equal(decimalToNano('0.0000000001'), undefined); // ten decimals: finer than the scale
  assert.equal(decimalToNano('abc'), undefined);
});

test('median: odd picks the middle, even averages the middle two', () => {
  assert.equal(medianNano([5n, 1n, 3n]), 3n);
  assert.equal(medianNano([4n, 1n, 3n, 10n]), 4n); // (3 + 4) / 2 = 3.5 → 4
});
