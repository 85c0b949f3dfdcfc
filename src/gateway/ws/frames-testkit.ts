// For tests: a reference reader of unmasked server frames (RFC 6455 §5.2), written from the RFC and not from
// frame-writer.ts, so that a mistake there is not repeated here.

import assert from 'node:assert/strict';

/** The payloads of a run of whole text frames; fails on anything else (a partial frame, a non-minimal length). */
export function decodeFrames(bytes: Buffer): Buffer[] {
  const payloads: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    assert.equal(bytes[at], 0x81, `frame at ${at}: FIN + text expected`);
    const lengthByte = bytes[at + 1]!;
    assert.equal(lengthByte & 0x80, 0, 'server frames are not masked');
    let length = lengthByte & 0x7f;
    let headerBytes = 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      headerBytes = 4;
      assert.ok(length >= 126, 'a 16-bit length must be at least 126');
    } else if (length === 127) {
      const high = bytes.readUInt32BE(at + 2);
      length = high * 2 ** 32 + bytes.readUInt32BE(at + 6);
      headerBytes = 10;
      assert.ok(length >= 65_536, 'a 64-bit length must be at least 65536');
    }
    assert.ok(at + headerBytes + length <= bytes.length, 'partial frame');
    payloads.push(bytes.subarray(at + headerBytes, at + headerBytes + length));
    at += headerBytes + length;
  }
  return payloads;
}
