import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  StreamFormatError, readStream, readStreamHeader, streamHeaderBytes, streamRecordBytes, writeStreamHeader,
} from './stream-format.js';

interface Rec { kind: number; side: number; orderId: number; priceTicks: number; qtyLots: number }

function encode(records: Rec[], seed = 42): Uint8Array {
  const buf = new Uint8Array(streamHeaderBytes + records.length * streamRecordBytes);
  writeStreamHeader(buf, records.length, seed, 100_000);
  const view = new DataView(buf.buffer);
  records.forEach((r, i) => {
    const at = streamHeaderBytes + i * streamRecordBytes;
    view.setUint8(at, r.kind);
    view.setUint8(at + 1, r.side);
    view.setUint32(at + 4, r.orderId, true);
    view.setUint32(at + 8, r.priceTicks, true);
    view.setUint32(at + 12, r.qtyLots, true);
  });
  return buf;
}

const sample: Rec[] = [
  { kind: 1, side: 0, orderId: 1, priceTicks: 99_996, qtyLots: 3 },
  { kind: 3, side: 1, orderId: 2, priceTicks: 99_995, qtyLots: 40 },
  { kind: 2, side: 0, orderId: 1, priceTicks: 99_996, qtyLots: 0 },
];

function expectError(buf: Uint8Array, pattern: RegExp): void {
  assert.throws(() => readStream(buf), (error: unknown) => error instanceof StreamFormatError && pattern.test(error.message));
}

test('a written stream reads back as columns with its header', () => {
  const s = readStream(encode(sample, 7));
  assert.deepEqual(s.header, { version: 1, recordBytes: 16, count: 3, seed: 7, startMidTicks: 100_000 });
  assert.deepEqual([...s.kind], [1, 3, 2]);
  assert.deepEqual([...s.side], [0, 1, 0]);
  assert.deepEqual([...s.orderId], [1, 2, 1]);
  assert.deepEqual([...s.priceTicks], [99_996, 99_995, 99_996]);
  assert.deepEqual([...s.qtyLots], [3, 40, 0]);
});

test('an empty stream is valid', () => {
  assert.equal(readStream(encode([])).header.count, 0);
});

test('header problems are named: length, magic, version, record size', () => {
  expectError(new Uint8Array(10), /shorter than the 32-byte/);
  const badMagic = encode(sample);
  badMagic[7] = 0x32; // "TKXSTRM2"
  expectError(badMagic, /magic is "TKXSTRM2"/);
  const badVersion = encode(sample);
  new DataView(badVersion.buffer).setUint32(8, 2, true);
  expectError(badVersion, /version is 2/);
  const badRecordBytes = encode(sample);
  new DataView(badRecordBytes.buffer).setUint32(12, 20, true);
  expectError(badRecordBytes, /recordBytes is 20/);
  assert.equal(readStreamHeader(encode(sample)).count, 3);
});

test('a length that disagrees with the count is truncation or trailing bytes', () => {
  const buf = encode(sample);
  expectError(buf.subarray(0, buf.length - 1), /announces 3 records.*truncated/);
  const longer = new Uint8Array(buf.length + 16);
  longer.set(buf);
  expectError(longer, /trailing bytes/);
  const huge = encode(sample);
  new DataView(huge.buffer).setUint32(16, 0xffff_ffff, true);
  expectError(huge, /exceeds the limit/);
});

test('bad records are named by index and field', () => {
  expectError(encode([sample[0]!, { ...sample[1]!, kind: 4 }]), /record 1 \(byte 48\): kind 4/);
  expectError(encode([{ ...sample[0]!, side: 2 }]), /record 0 .*side 2/);
  expectError(encode([{ ...sample[0]!, orderId: 0 }]), /orderId is 0/);
  expectError(encode([{ ...sample[2]!, qtyLots: 5 }]), /CANCEL carries qtyLots 5/);
  expectError(encode([{ ...sample[0]!, qtyLots: 0 }]), /qtyLots is 0 on an order/);
});

test('any valid record list round-trips through the format', () => {
  const u32 = fc.integer({ min: 1, max: 0xffff_ffff });
  const record = fc.oneof(
    fc.record({ kind: fc.constantFrom(1, 3), side: fc.constantFrom(0, 1), orderId: u32, priceTicks: fc.integer({ min: 0, max: 0xffff_ffff }), qtyLots: u32 }),
    fc.record({ kind: fc.constant(2), side: fc.constantFrom(0, 1), orderId: u32, priceTicks: fc.integer({ min: 0, max: 0xffff_ffff }), qtyLots: fc.constant(0) }),
  );
  fc.assert(fc.property(fc.array(record, { maxLength: 40 }), fc.integer({ min: 0, max: 0xffff_ffff }), (records, seed) => {
    const s = readStream(encode(records, seed));
    assert.equal(s.header.seed, seed);
    assert.deepEqual(
      records.map((_, i) => ({ kind: s.kind[i], side: s.side[i], orderId: s.orderId[i], priceTicks: s.priceTicks[i], qtyLots: s.qtyLots[i] })),
      records.map((r) => ({ ...r })), // fc.record builds null-prototype objects
    );
  }), { numRuns: 200 });
});
