// Exact integer arithmetic for index prices. Every price, blend, median and level in this folder is a bigint
// count of nano-units (1e-9 of the currency unit: nano-USD, nano-CNY). Nine decimals hold every list price in
// the reference data exactly (the finest has six), so a blend (3a + b) / 4 of such prices is exact too; where a
// division does not come out even it is rounded half away from zero, and only there.

import { assert } from '../core/assert.js';
import { parseDecimal, unitsToDecimal } from '../core/decimal.js';

export const priceScale = 9;
export const nanoPerUnit = 10n ** BigInt(priceScale);
/** No index price may exceed a million currency units per million tokens or per GPU-hour: a guard on typos. */
export const priceNanoMax = 1_000_000n * nanoPerUnit;

/** n / d rounded to the nearest integer, ties away from zero. d must be positive. */
export function divRoundHalfAway(n: bigint, d: bigint): bigint {
  assert(d > 0n, `divisor must be positive, got ${d}`);
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  const q = (2n * magnitude + d) / (2n * d);
  return negative ? -q : q;
}

/** Nano-units → decimal string with all nine decimals ("4.250000000"). */
export function nanoToDecimal(nano: bigint): string {
  return unitsToDecimal(nano, priceScale);
}

/** Decimal string → nano-units, exactly; undefined when it is not a decimal or has more than nine decimals. */
export function decimalToNano(text: string): bigint | undefined {
  const value = parseDecimal(text);
  if (!value || value.scale > priceScale) return undefined;
  const units = value.units * 10n ** BigInt(priceScale - value.scale);
  return value.negative ? -units : units;
}

/**
 * A JavaScript number from a data file → nano-units. The number's shortest round-trip text is taken as the
 * value meant (0.135 means "0.135", not the nearest double); text with more than nine decimals (a float
 * artefact such as 0.18000000000000002) is rounded half away from zero and reported as not exact.
 */
export function numberToNano(value: number): { nano: bigint; exact: boolean } {
  assert(Number.isFinite(value), `price must be a finite number, got ${value}`);
  const { digits, scale, negative } = plainDecimal(value);
  let nano: bigint;
  let exact = true;
  if (scale <= priceScale) {
    nano = digits * 10n ** BigInt(priceScale - scale);
  } else {
    const divisor = 10n ** BigInt(scale - priceScale);
    nano = divRoundHalfAway(digits, divisor);
    exact = nano * divisor === digits;
  }
  return { nano: negative ? -nano : nano, exact };
}

/** Number → integer digits and decimal scale, expanding exponent notation ("2.8e-3" → 28, scale 4). */
function plainDecimal(value: number): { digits: bigint; scale: number; negative: boolean } {
  const text = String(Math.abs(value));
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  assert(match !== null, `cannot read number text "${text}"`);
  const fraction = match[2] ?? '';
  const exponent = Number(match[3] ?? '0');
  let digits = BigInt(match[1]! + fraction);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits, scale, negative: value < 0 };
}

/** Median of a non-empty list; with an even count the mean of the middle two, rounded half away from zero. */
export function medianNano(values: readonly bigint[]): bigint {
  assert(values.length > 0, 'median of an empty list');
  const sorted = sortNano(values);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return divRoundHalfAway(sorted[mid - 1]! + sorted[mid]!, 2n);
}

export function sortNano(values: readonly bigint[]): bigint[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function absNano(value: bigint): bigint {
  return value < 0n ? -value : value;
}
