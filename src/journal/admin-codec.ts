// JSON payloads for admin commands (account creation, deposits, ...) whose shapes the pipeline defines: any
// object with a string `type`. Amounts are bigint (AmountMinor) and JSON has none, so a bigint is written as
// {"$bigint":"<decimal digits>"} and read back as a bigint; an object of exactly that shape is reserved.

import { assert } from '../core/assert.js';
import { recordPayloadBytesMax } from './limits.js';

export interface AdminCommand {
  readonly type: string;
  readonly [field: string]: unknown;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeAdmin(command: AdminCommand): Uint8Array {
  assert(typeof command.type === 'string' && command.type.length > 0, 'admin command needs a non-empty string type');
  const bytes = encoder.encode(JSON.stringify(command, replaceBigint));
  assert(bytes.length <= recordPayloadBytesMax, `admin command of ${bytes.length} bytes exceeds one journal record`);
  return bytes;
}

function replaceBigint(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  assert(!isBigintTag(value), 'an object of the shape {"$bigint": string} is reserved in admin commands');
  return value;
}

function isBigintTag(value: unknown): value is { $bigint: string } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { $bigint?: unknown }).$bigint === 'string';
}

export function decodeAdmin(payload: Uint8Array): AdminCommand {
  const value: unknown = JSON.parse(decoder.decode(payload), (_key, field: unknown) => {
    if (!isBigintTag(field)) return field;
    assert(/^-?\d+$/.test(field.$bigint), `bad $bigint value ${field.$bigint}`);
    return BigInt(field.$bigint);
  });
  assert(value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string', 'admin payload is not an object with a string type');
  return value as AdminCommand;
}
