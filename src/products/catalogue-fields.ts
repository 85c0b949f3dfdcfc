// Field readers for catalogue validation. Each one names the full path of the field it reads
// ("TKF.margin.initialMarginBps") in the error, so an operator editing the JSON sees exactly what to fix.

import { parseDecimal } from '../core/decimal.js';

export class CatalogueError extends Error {
  override name = 'CatalogueError';
  constructor(
    /** Dotted path of the offending field, starting with the product code when there is one. */
    readonly field: string,
    readonly why: string,
  ) {
    super(`${field}: ${why}`);
  }
}

export type Json = Record<string, unknown>;

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Reads an object and refuses fields it does not know, so a misspelt field cannot be silently ignored. */
export function object(value: unknown, path: string, known: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CatalogueError(path, `must be an object, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new CatalogueError(`${path}.${key}`, `unknown field (known: ${known.join(', ')})`);
  }
  return value as Json;
}

export function string(obj: Json, key: string, path: string, pattern?: RegExp, rule?: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CatalogueError(`${path}.${key}`, `must be a non-empty string, got ${describe(value)}`);
  }
  if (value.length > 200) throw new CatalogueError(`${path}.${key}`, 'must be at most 200 characters');
  if (pattern && !pattern.test(value)) {
    throw new CatalogueError(`${path}.${key}`, `must be ${rule ?? `like ${pattern}`}, got ${describe(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(obj: Json, key: string, path: string, allowed: readonly T[]): T {
  const value = obj[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new CatalogueError(`${path}.${key}`, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

export function integer(obj: Json, key: string, path: string, min: number, max: number): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new CatalogueError(`${path}.${key}`, `must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** A decimal string such as "0.001": strings, never JSON numbers, so no float ever parses a price. */
export function positiveDecimal(obj: Json, key: string, path: string): string {
  return decimal(obj, key, path, false);
}

export function nonNegativeDecimal(obj: Json, key: string, path: string): string {
  return decimal(obj, key, path, true);
}

function decimal(obj: Json, key: string, path: string, zeroAllowed: boolean): string {
  const value = obj[key];
  const rule = zeroAllowed ? 'a non-negative decimal string' : 'a positive decimal string';
  const parsed = typeof value === 'string' ? parseDecimal(value) : undefined;
  if (parsed === undefined || parsed.negative || (!zeroAllowed && parsed.units === 0n)) {
    throw new CatalogueError(`${path}.${key}`, `must be ${rule}, got ${describe(value)}`);
  }
  return value as string;
}

/** "HH:MM" on a 24-hour clock → minutes after midnight. */
export function clockTime(obj: Json, key: string, path: string): number {
  const value = string(obj, key, path, /^([01]\d|2[0-3]):[0-5]\d$/, 'a time "HH:MM" (00:00-23:59)');
  return Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
}
