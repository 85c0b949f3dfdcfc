// Little-endian integer access on plain Uint8Arrays, without DataView objects, so that the hot paths (record
// headers, the command codec) allocate nothing. 64-bit fields carry JavaScript safe integers (|n| < 2^53) as
// two 32-bit halves; a value outside that range is a bug upstream and fails an assertion.
//
// Hot paths here and in the journal write `if (!ok) assert(false, `...`)` rather than assert(ok, `...`), so
// that the message is only built on failure: a template string per call costs more than the check.

import { assert } from '../core/assert.js';

const two32 = 2 ** 32;
/** The high half of a u64 that still decodes to a safe integer. */
const u64HighMax = 2 ** 21 - 1;

export function putU8(buf: Uint8Array, offset: number, value: number): number {
  buf[offset] = value;
  return offset + 1;
}

export function putU16(buf: Uint8Array, offset: number, value: number): number {
  buf[offset] = value & 0xff;
  buf[offset + 1] = value >>> 8;
  return offset + 2;
}

export function putU32(buf: Uint8Array, offset: number, value: number): number {
  buf[offset] = value & 0xff;
  buf[offset + 1] = (value >>> 8) & 0xff;
  buf[offset + 2] = (value >>> 16) & 0xff;
  buf[offset + 3] = value >>> 24;
  return offset + 4;
}

/** A non-negative safe integer (ids, sequence numbers, timestamps, quantities). */
export function putU64(buf: Uint8Array, offset: number, value: number): number {
  if (!(Number.isSafeInteger(value) && value >= 0)) assert(false, `u64 field must be a non-negative safe integer, got ${value}`);
  putU32(buf, offset, value >>> 0);
  return putU32(buf, offset + 4, Math.floor(value / two32));
}

/** A signed safe integer (prices may in principle be negative). */
export function putI64(buf: Uint8Array, offset: number, value: number): number {
  if (!Number.isSafeInteger(value)) assert(false, `i64 field must be a safe integer, got ${value}`);
  const high = Math.floor(value / two32);
  putU32(buf, offset, value - high * two32);
  return putU32(buf, offset + 4, high | 0);
}

export function getU16(buf: Uint8Array, offset: number): number {
  return buf[offset]! | (buf[offset + 1]! << 8);
}

export function getU32(buf: Uint8Array, offset: number): number {
  return (buf[offset]! | (buf[offset + 1]! << 8) | (buf[offset + 2]! << 16)) + buf[offset + 3]! * 0x1000000;
}

function getI32(buf: Uint8Array, offset: number): number {
  return buf[offset]! | (buf[offset + 1]! << 8) | (buf[offset + 2]! << 16) | (buf[offset + 3]! << 24);
}

export function getU64(buf: Uint8Array, offset: number): number {
  const high = getU32(buf, offset + 4);
  if (high > u64HighMax) assert(false, `u64 field at offset ${offset} is beyond the safe integer range`);
  return high * two32 + getU32(buf, offset);
}

export function getI64(buf: Uint8Array, offset: number): number {
  const high = getI32(buf, offset + 4);
  if (!(high <= u64HighMax && high >= -u64HighMax - 1)) assert(false, `i64 field at offset ${offset} is beyond the safe range`);
  return high * two32 + getU32(buf, offset);
}

/** Like getU64 but answers -1 instead of asserting: for scanning bytes that may be garbage. */
export function peekU64(buf: Uint8Array, offset: number): number {
  const high = getU32(buf, offset + 4);
  return high > u64HighMax ? -1 : high * two32 + getU32(buf, offset);
}
