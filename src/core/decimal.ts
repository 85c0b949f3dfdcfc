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

/** A tick size, parsed once: every price in and out of the API converts through one. */
export interface TickSize {
  readonly units: bigint;
  readonly scale: number;
  /** units as a number (tick sizes are small), for the fast paths. */
  readonly unitsNumber: number;
}

const tickSizesKeptMax = 256;
const tickSizes = new Map<string, TickSize>();

/** A tick size's units at its own scale ("0.005" → 5 at scale 3), parsed once: for writers of prices as digits. */
export function tickSizeOf(tickSize: string): TickSize {
  const cached = tickSizes.get(tickSize);
  if (cached !== undefined) return cached;
  const tick = parseDecimal(tickSize);
  assert(tick !== undefined && tick.units > 0n && !tick.negative, `bad tick size ${tickSize}`);
  assert(tick.units <= BigInt(Number.MAX_SAFE_INTEGER), `tick size ${tickSize} too fine`);
  const parsed: TickSize = { units: tick.units, scale: tick.scale, unitsNumber: Number(tick.units) };
  if (tickSizes.size < tickSizesKeptMax) tickSizes.set(tickSize, parsed);
  return parsed;
}

/** Plain decimals short enough for exact double arithmetic: "5.125", "12", "-0.5" (the usual price). */
const shortDecimal = /^(-?)(\d{1,15})(?:\.(\d{1,15}))?$/;
const powersOfTen = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** Exact price → ticks; undefined when the text is not a decimal or not a whole number of ticks. */
export function decimalToTicks(text: string, tickSize: string): number | undefined {
  const tick = tickSizeOf(tickSize);
  // Fast path, still exact: every number below stays an integer under 2^53.
  const short = shortDecimal.exec(text);
  if (short !== null) {
    const fraction = short[3] ?? '';
    if (fraction.length <= tick.scale && short[2]!.length + tick.scale <= 15) {
      const valueScaled = Number(short[2]! + fraction) * powersOfTen[tick.scale - fraction.length]!;
      if (valueScaled % tick.unitsNumber !== 0) return undefined;
      const ticks = valueScaled / tick.unitsNumber;
      return short[1] === '-' && ticks !== 0 ? -ticks : ticks;
    }
  }
  const value = parseDecimal(text);
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
  const tick = tickSizeOf(tickSize);
  if (typeof ticks === 'number' && Number.isSafeInteger(ticks)) {
    const units = ticks * tick.unitsNumber;
    if (Number.isSafeInteger(units)) return numberUnitsToDecimal(units, tick.scale);
  }
  return unitsToDecimal(BigInt(ticks) * tick.units, tick.scale);
}

/** unitsToDecimal for a safe integer: the same text without BigInt. */
function numberUnitsToDecimal(units: number, scale: number): string {
  const negative = units < 0;
  const digits = String(negative ? -units : units).padStart(scale + 1, '0');
  if (scale === 0) return negative ? '-' + digits : digits;
  const cut = digits.length - scale;
  const text = digits.slice(0, cut) + '.' + digits.slice(cut);
  return negative ? '-' + text : text;
}

/** Integer units at a decimal scale → string, e.g. (123456n, 2) → "1234.56". */
export function unitsToDecimal(units: bigint | number, scale: number): string {
  if (typeof units === 'number') {
    assert(Number.isSafeInteger(units), `units ${units} is not a safe integer`);
    return numberUnitsToDecimal(units, scale);
  }
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
