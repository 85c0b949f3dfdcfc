import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { crc32, crc32Range } from './crc.js';

test('property: the table-driven CRC equals node:zlib for any bytes, range and chaining', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 1200 }), fc.nat(), fc.nat(), (bytes, a, b) => {
      const start = bytes.length === 0 ? 0 : a % bytes.length;
      const end = start + (bytes.length === 0 ? 0 : b % (bytes.length - start + 1));
      assert.equal(crc32Range(bytes, start, end), zlibCrc32(bytes.subarray(start, end)));
      const whole = crc32(bytes);
      assert.equal(crc32(bytes.subarray(end), crc32(bytes.subarray(0, end))), whole);
    }),
    { numRuns: 500 },
  );
});
