import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { InvariantError } from '../core/assert.js';
import { snapshotColumnarLengthMin, snapshotHeaderBytes } from './limits.js';
import { encodeBody } from './snapshot-body.js';
import { listSnapshots, loadNewestSnapshot, pruneSnapshots, snapshotFileName, writeSnapshot } from './snapshot-store.js';
import { withTempDir } from './testing.js';

function orders(count: number, seed = 1): { orderId: number; accountId: number; side: number; priceTicks: number; qtyLots: number; leavesLots: number; postOnly: boolean; symbol: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    orderId: 2 ** 40 + i * seed,
    accountId: (i * 7) % 1000,
    side: i % 2,
    priceTicks: -5 + i * 3,
    qtyLots: 10 + (i % 17),
    leavesLots: i % 11,
    postOnly: i % 3 === 0,
    symbol: i % 2 ? 'TOK-GPT5-2606' : 'GPUH-H100-2606',
  }));
}

const richState = () => ({
  seq: 12345,
  books: { 'TOK-GPT5-2606': { orders: orders(200) }, 'GPUH-H100-2606': { orders: orders(3) } },
  balancesMinor: new Map<number, bigint>([[1, 10n ** 25n], [2, -7n]]),
  haltedSymbols: new Set(['X']),
  prices: new Int32Array([1, -2, 3]),
  cumulative: new BigInt64Array([2n ** 62n, -1n]),
  mixed: [1, 'a', null, true, { nested: [1.5, { deep: 'x' }] }],
  empty: {},
});

test('a rich state round-trips: nested objects, bigint, Map, Set, typed arrays, columnar arrays', () =>
  withTempDir(async (dir) => {
    const state = richState();
    const written = await writeSnapshot(dir, 500, state);
    assert.equal(written.file, join(dir, snapshotFileName(500)));
    const { newest, skipped } = loadNewestSnapshot(dir);
    assert.deepEqual(skipped, []);
    assert.equal(newest?.seq, 500);
    assert.deepEqual(newest?.state, state);
  }));

test('uniform arrays of flat objects are stored as columns, short or irregular ones as JSON', () => {
  const columnar = encodeBody({ orders: orders(1000) });
  assert.ok(columnar.skeleton.length < 200 + 1000 * 16, `skeleton ${columnar.skeleton.length} bytes: columns expected`);
  assert.ok(columnar.blobBytes >= 1000 * 4 * 5);
  const short = encodeBody({ orders: orders(snapshotColumnarLengthMin - 1) });
  assert.equal(short.blobBytes, 0);
  const irregular = orders(100).map((order, i) => (i === 50 ? { ...order, extra: 1 } : order));
  assert.equal(encodeBody(irregular).blobBytes, 0);
});

test('property: arrays of order-like objects of any length and integer range round-trip', () =>
  withTempDir(async (dir) => {
    const order = fc.record({ id: fc.maxSafeNat(), priceTicks: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), small: fc.integer({ min: -100, max: 100 }), flag: fc.boolean(), tag: fc.string({ maxLength: 4 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(order, { minLength: 0, maxLength: 200 }), async (list) => {
        const state = { list: list.map((item) => ({ ...item })) };
        await writeSnapshot(dir, 1, state);
        assert.deepEqual(loadNewestSnapshot(dir).newest?.state, state);
      }),
      { numRuns: 40 },
    );
  }));

test('the newest VALID snapshot is loaded; corrupt newer ones are skipped and reported', () =>
  withTempDir(async (dir) => {
    await writeSnapshot(dir, 10, { at: 10 });
    await writeSnapshot(dir, 20, { at: 20, orders: orders(100) });
    await writeSnapshot(dir, 30, { at: 30 });
    await writeSnapshot(dir, 40, { at: 40 });
    const file30 = join(dir, snapshotFileName(30));
    const bytes = readFileSync(file30);
    bytes[snapshotHeaderBytes + 2] = bytes[snapshotHeaderBytes + 2]! ^ 1;
    writeFileSync(file30, bytes);
    const file40 = join(dir, snapshotFileName(40));
    truncateSync(file40, 20);
    writeFileSync(join(dir, `${snapshotFileName(50)}.tmp`), 'half written');
    const { newest, skipped } = loadNewestSnapshot(dir);
    assert.equal(newest?.seq, 20);
    assert.deepEqual((newest?.state as { at: number }).at, 20);
    assert.deepEqual(skipped.map((s) => [s.file, s.reason]), [
      [file40, 'file is 20 bytes, shorter than its header'],
      [file30, 'body checksum mismatch'],
    ]);
    assert.deepEqual(pruneSnapshots(dir, 2).map((f) => f.slice(dir.length + 1)).sort(), [snapshotFileName(10), snapshotFileName(20), `${snapshotFileName(50)}.tmp`]);
    assert.deepEqual(listSnapshots(dir).map((s) => s.seq), [40, 30]);
  }));

test('no snapshot at all, or none valid, loads as null', () =>
  withTempDir(async (dir) => {
    assert.deepEqual(loadNewestSnapshot(join(dir, 'missing')), { newest: null, skipped: [] });
    await writeSnapshot(dir, 3, { a: 1 });
    truncateSync(join(dir, snapshotFileName(3)), 60);
    const { newest, skipped } = loadNewestSnapshot(dir);
    assert.equal(newest, null);
    assert.equal(skipped.length, 1);
  }));

test('the state may change as soon as writeSnapshot returns its promise', () =>
  withTempDir(async (dir) => {
    const state = { prices: new Int32Array([1, 2, 3]), orders: orders(100) };
    const writing = writeSnapshot(dir, 7, state);
    state.prices[0] = 99;
    state.orders[0]!.qtyLots = 99;
    await writing;
    const loaded = loadNewestSnapshot(dir).newest?.state as typeof state;
    assert.equal(loaded.prices[0], 1);
    assert.equal(loaded.orders[0]!.qtyLots, 10);
  }));

test('what a snapshot can not hold faithfully is refused', () => {
  assert.throws(() => encodeBody({ a: Number.NaN }), InvariantError);
  assert.throws(() => encodeBody({ a: { $t: 'x' } }), /reserved/);
  assert.throws(() => encodeBody({ when: new Date(0) }), /Date instance/);
  assert.throws(() => encodeBody({ f: () => 1 }), /function/);
});
