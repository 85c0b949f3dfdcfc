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
  const bytes = encoder.encode(JSON.stringify(command, (_key, value: unknown) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value)));
  assert(bytes.length <= recordPayloadBytesMax, `admin command of ${bytes.length} bytes exceeds one journal record`);
  return bytes;
}

export function decodeAdmin(payload: Uint8Array): AdminCommand {
  const value: unknown = JSON.parse(decoder.decode(payload), (_key, field: unknown) => {
    if (field !== null && typeof field === 'object' && !Array.isArray(field)) {
      const keys = Object.keys(field);
      const digits = (field as { $bigint?: unknown }).$bigint;
      if (keys.length === 1 && typeof digits === 'string') {
        assert(/^-?\d+$/.test(digits), `bad $bigint value ${digits}`);
        return BigInt(digits);
      }
    }
    return field;
  });
  assert(value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string', 'admin payload is not an object with a string type');
  return value as AdminCommand;
}
