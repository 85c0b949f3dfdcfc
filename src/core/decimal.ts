// Decimal strings at the edges, integers inside. A tick size is itself a decimal string ("0.001"), so the
// conversion is exact: no floating point ever touches a price or an amount.

import { assert } from './assert.js';

/** Parses "0.001" into { units: 1n, scale: 3 }; refuses anything that is not a plain non-negative decimal. */
export function parseDecimal(text: string): { units: bigint; scale: number; negative: boolean } | undefined {
  const match = /^(-?)(\d{1,30})(?:\.(\d{1,18}))?$/.exec(text);
  if (!match) return undefined;
  const fraction = match[3] ?? '';
  return { units: BigInt(match[2]! + fraction), scale: fraction.length, negative: match[1] === '-' };
}

/** Exact price → ticks; undefined when the text is not a decimal or not a whole number of ticks. */
export function decimalToTicks(text: string, tickSize: string): number | undefined {
  const value = parseDecimal(text);
  const tick = parseDecimal(tickSize);
  assert(tick !== undefined && tick.units > 0n && !tick.negative, `bad tick size ${tickSize}`);
  if (!value) return undefined;
  const scale = Math.max(value.scale, tick.scale);
  const valueScaled = value.units * 10n ** BigInt(scale - value.scale);
  const tickScaled = tick.units * 10n ** BigInt(scale - tick.scale);
  if (valueScaled % tickScaled !== 0n) return undefined;
  const ticks = valueScaled / tickScaled;
  const signed = value.negative ? -ticks : ticks;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) return undefined;
  return Number(signed);
}

/** Ticks → the decimal string a person reads, with exactly the tick size's number of decimals. */
export function ticksToDecimal(ticks: number | bigint, tickSize: string): string {
  const tick = parseDecimal(tickSize);
  assert(tick !== undefined && tick.units > 0n, `bad tick size ${tickSize}`);
  return unitsToDecimal(BigInt(ticks) * tick.units, tick.scale);
}

/** Integer units at a decimal scale → string, e.g. (123456n, 2) → "1234.56". */
export function unitsToDecimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? '.' + digits.slice(digits.length - scale) : '';
  return (negative ? '-' : '') + whole + fraction;
}

/** Exact decimal string → integer units at a scale; undefined if it has more decimals than the scale allows. */
export function decimalToUnits(text: string, scale: number): bigint | undefined {
  const value = parseDecimal(text);
  if (!value || value.scale > scale) return undefined;
  const units = value.units * 10n ** BigInt(scale - value.scale);
  return value.negative ? -units : units;
}
