// CRC-32 (IEEE, the zlib polynomial) from node:zlib, native and fast in Node >= 20.15. The journal is the only
// user; keeping the import here lets a table-driven fallback replace it in one place if ever needed.

import { crc32 as zlibCrc32 } from 'node:zlib';
import { assert } from '../core/assert.js';

assert(typeof zlibCrc32 === 'function', 'node:zlib crc32 is required (Node >= 20.15)');

/** CRC-32 of bytes, optionally continuing from a previous CRC (chaining over non-contiguous ranges). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  return zlibCrc32(bytes, previous);
}
