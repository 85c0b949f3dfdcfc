// Exact decimals for the terminal: prices and money arrive as decimal strings and are added, multiplied and
// rounded here as bigint units with a scale (value = units / 10^scale), never as floats. Floats appear only
// where a chart needs a y coordinate (toNumber).

export interface Dec {
  readonly units: bigint;
  readonly scale: number;
}

/** The longest decimal the terminal reads (more is a typing accident, not a quantity). */
export const decimalCharsMax = 30;

export function parseDecimal(text: string): Dec | undefined {
  const trimmed = text.trim().replace(/_/g, '');
  if (trimmed.length === 0 || trimmed.length > decimalCharsMax || !/^-?\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const negative = trimmed.startsWith('-');
  const [whole, fraction = ''] = (negative ? trimmed.slice(1) : trimmed).split('.') as [string, string?];
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

export function dec(text: string): Dec {
  const parsed = parseDecimal(text);
  if (parsed === undefined) throw new Error(`not a decimal: "${text}"`);
  return parsed;
}

export function fromInt(n: bigint | number): Dec {
  return { units: BigInt(n), scale: 0 };
}

export function mul(a: Dec, b: Dec): Dec {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

function aligned(a: Dec, b: Dec): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function add(a: Dec, b: Dec): Dec {
  const [x, y, scale] = aligned(a, b);
  return { units: x + y, scale };
}

export function sub(a: Dec, b: Dec): Dec {
  const [x, y, scale] = aligned(a, b);
  return { units: x - y, scale };
}

export function compare(a: Dec, b: Dec): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** n / d rounded half away from zero (d > 0). */
export function divRound(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new Error('divisor must be positive');
  const q = n / d;
  const r = n % d;
  if (2n * (r < 0n ? -r : r) >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** The value in units of 10^-scale, rounded half away from zero when digits are dropped. */
export function toScale(value: Dec, scale: number): bigint {
  if (scale >= value.scale) return value.units * 10n ** BigInt(scale - value.scale);
  return divRound(value.units, 10n ** BigInt(value.scale - scale));
}

/** "1234567.5" → "1,234,567.50" with exactly `scale` decimals. */
export function formatUnits(units: bigint, scale: number, group = true): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  let whole = scale === 0 ? digits : digits.slice(0, -scale);
  if (group) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}${scale === 0 ? '' : `.${digits.slice(-scale)}`}`;
}

export function format(value: Dec, scale: number, group = true): string {
  return formatUnits(toScale(value, scale), scale, group);
}

/** For chart coordinates only. */
export function toNumber(value: Dec): number {
  return Number(value.units) / 10 ** value.scale;
}
