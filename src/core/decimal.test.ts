// The fast (double) paths of the decimal conversions give exactly what the BigInt definitions give.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decimalToTicks, parseDecimal, ticksToDecimal, unitsToDecimal } from './decimal.js';

/** The definitions, in BigInt only (what decimal.ts computed before its fast paths). */
function ticksToDecimalReference(ticks: number, tickSize: string): string {
  const tick = parseDecimal(tickSize)!;
  return unitsToDecimal(BigInt(ticks) * tick.units, tick.scale);
}

function decimalToTicksReference(text: string, tickSize: string): number | undefined {
  const value = parseDecimal(text);
  const tick = parseDecimal(tickSize)!;
  if (!value) return undefined;
  const scale = Math.max(value.scale, tick.scale);
  const valueScaled = value.units * 10n ** BigInt(scale - value.scale);
  const tickScaled = tick.units * 10n ** BigInt(scale - tick.scale);
  if (valueScaled % tickScaled !== 0n) return undefined;
  const ticks = (value.negative ? -1n : 1n) * (valueScaled / tickScaled);
  if (ticks > BigInt(Number.MAX_SAFE_INTEGER) || ticks < BigInt(Number.MIN_SAFE_INTEGER)) return undefined;
  return Number(ticks);
}

const tickSizes = fc.constantFrom('0.001', '0.005', '0.01', '0.25', '1', '5', '0.0001', '0.125', '10', '0.000001');
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const decimalText = fc.tuple(fc.boolean(), digits(1, 20), fc.option(digits(1, 20), { nil: undefined }))
  .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : '.' + fraction}`);

test('ticksToDecimal equals its BigInt definition, small and huge', () => {
  fc.assert(fc.property(fc.oneof(fc.integer({ min: -1e6, max: 1e9 }), fc.maxSafeInteger(), fc.integer()), tickSizes, (ticks, tickSize) => {
    assert.equal(ticksToDecimal(ticks, tickSize), ticksToDecimalReference(ticks, tickSize));
    assert.equal(ticksToDecimal(BigInt(ticks), tickSize), ticksToDecimalReference(ticks, tickSize));
  }), { numRuns: 5000 });
});

test('decimalToTicks equals its BigInt definition on any decimal text', () => {
  fc.assert(fc.property(decimalText, tickSizes, (text, tickSize) => {
    assert.equal(decimalToTicks(text, tickSize), decimalToTicksReference(text, tickSize));
  }), { numRuns: 10000 });
});

test('decimalToTicks round-trips ticksToDecimal', () => {
  fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), tickSizes, (ticks, tickSize) => {
    assert.equal(decimalToTicks(ticksToDecimal(ticks, tickSize), tickSize), ticks);
  }), { numRuns: 5000 });
});

test('worked values: off-tick, negative zero, trailing zeros, not decimals', () => {
  assert.equal(decimalToTicks('5.125', '0.001'), 5125);
  assert.equal(decimalToTicks('5.1250000', '0.001'), 5125);
  assert.equal(decimalToTicks('5.1255', '0.001'), undefined);
  assert.equal(decimalToTicks('5.12', '0.25'), undefined);
  assert.equal(decimalToTicks('5.25', '0.25'), 21);
  assert.ok(Object.is(decimalToTicks('-0', '0.01'), 0));
  assert.equal(decimalToTicks('1e3', '1'), undefined);
  assert.equal(decimalToTicks(' 5', '1'), undefined);
  assert.equal(decimalToTicks('.5', '0.1'), undefined);
  assert.equal(ticksToDecimal(5125, '0.001'), '5.125');
  assert.equal(ticksToDecimal(-3, '0.25'), '-0.75');
  assert.equal(ticksToDecimal(0, '0.01'), '0.00');
  assert.equal(ticksToDecimal(7, '5'), '35');
});
