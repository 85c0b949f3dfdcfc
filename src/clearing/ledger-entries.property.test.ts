// Holds the chunked entry columns to a plain array of the same entries. Chunks of 1 to 8 rows make entries and
// legs cross chunk boundaries all the time (an entry's legs often run into the next leg chunk, up to the 64
// legs an entry may have); the production chunk size runs the same cases through its growing first chunk.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EntryColumns, refNumberNone, refText } from './ledger-entries.js';
import { ledgerLegsPerEntryMax } from './limits.js';

const int64Max = 2n ** 63n - 1n;
const p53 = 2n ** 53n;

interface ModelEntry {
  kind: number;
  currency: number;
  ts: number;
  ref: string;
  reverses: number;
  legs: [number, bigint][];
}

const amountArb = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: -10_000n, max: 10_000n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: p53 - 3n, max: p53 + 3n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }) },
  // Past 64 bits: the columns refuse the entry and keep what they had.
  { weight: 1, arbitrary: fc.bigInt({ min: int64Max - 2n, max: int64Max + 2n }) },
);

const legsArb = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.tuple(fc.nat(1_000_000), amountArb), { minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(fc.tuple(fc.nat(1_000_000), amountArb), { minLength: 1, maxLength: ledgerLegsPerEntryMax }) },
);

const entryArb = fc.record({
  kind: fc.nat(9),
  currency: fc.nat(1),
  ts: fc.integer({ min: 0, max: 2 ** 52 }),
  head: fc.constantFrom('trade ', 'deposit account ', 'settlement 2027-03-15', ''),
  number: fc.oneof(fc.constant(refNumberNone), fc.nat(2 ** 40)),
  tail: fc.constantFrom('', ' TKFH27', ' TKE202703'),
  reversesPick: fc.option(fc.nat(1_000), { nil: undefined }),
  legs: legsArb,
});

const chunkRowsArb = fc.oneof(fc.constantFrom(1, 2, 4, 8), fc.constant(undefined));

/** A bigint amount as the ledger stages it: a float64 below 2^53, else NaN with the bigint beside. */
function staged(legs: readonly (readonly [number, bigint])[]): { ids: Int32Array; amounts: Float64Array; bigs: bigint[] } {
  const ids = new Int32Array(ledgerLegsPerEntryMax);
  const amounts = new Float64Array(ledgerLegsPerEntryMax);
  const bigs = new Array<bigint>(ledgerLegsPerEntryMax).fill(0n);
  legs.forEach(([id, amount], i) => {
    ids[i] = id;
    const safe = amount >= -(p53 - 1n) && amount <= p53 - 1n;
    amounts[i] = safe ? Number(amount) : Number.NaN;
    bigs[i] = amount;
  });
  return { ids, amounts, bigs };
}

function assertSame(columns: EntryColumns, model: readonly ModelEntry[]): void {
  assert.equal(columns.count, model.length);
  let leg = 0;
  model.forEach((entry, id) => {
    assert.equal(columns.kindCodeOf(id), entry.kind);
    assert.equal(columns.currencyCodeOf(id), entry.currency);
    assert.equal(columns.tsMicrosOf(id), entry.ts);
    assert.equal(columns.refOf(id), entry.ref);
    assert.equal(columns.reversesOf(id), entry.reverses);
    assert.equal(columns.legFirst(id), leg, `entry ${id} first leg`);
    assert.equal(columns.legEnd(id), leg + entry.legs.length, `entry ${id} leg end`);
    const legs: [number, bigint][] = [];
    for (let at = columns.legFirst(id); at < columns.legEnd(id); at++) legs.push([columns.legLedgerIdAt(at), columns.legAmountMinorAt(at)]);
    assert.deepEqual(legs, entry.legs);
    leg += entry.legs.length;
  });
}

test('chunked entry columns read back every entry as a plain array of them holds it', () => {
  fc.assert(
    fc.property(chunkRowsArb, fc.array(entryArb, { maxLength: 60 }), (chunkRows, entries) => {
      const columns = new EntryColumns(chunkRows);
      const model: ModelEntry[] = [];
      for (const e of entries) {
        const reverses = e.reversesPick === undefined || model.length === 0 ? -1 : e.reversesPick % model.length;
        const { ids, amounts, bigs } = staged(e.legs);
        const fits = e.legs.every(([, amount]) => amount <= int64Max && amount >= -int64Max - 1n);
        const append = (): number => columns.append(e.kind, e.currency, e.ts, e.head, e.number, e.tail, reverses, ids, amounts, bigs, e.legs.length);
        if (!fits) {
          assert.throws(append, /does not fit in 64 bits/);
          continue;
        }
        assert.equal(append(), model.length);
        model.push({ kind: e.kind, currency: e.currency, ts: e.ts, ref: refText(e.head, e.number, e.tail), reverses, legs: e.legs.map(([id, amount]) => [id, amount]) });
      }
      assertSame(columns, model);
    }),
    { numRuns: 300 },
  );
});

test('the first chunk grows to a full chunk, then full chunks are added: rows written before stay where they were', () => {
  const columns = new EntryColumns(2048);
  const { ids, amounts, bigs } = staged([[1, -5n], [2, 2n], [3, 3n]]);
  const model: ModelEntry[] = [];
  // 5,000 entries of 3 legs: the entry chunk doubles 1024 → 2048, then two chunks are added; the legs likewise.
  for (let i = 0; i < 5_000; i++) {
    columns.append(i % 10, i % 2, i, 'trade ', i, ' TKFH27', i > 0 && i % 97 === 0 ? i - 1 : -1, ids, amounts, bigs, 3);
    model.push({ kind: i % 10, currency: i % 2, ts: i, ref: `trade ${i} TKFH27`, reverses: i > 0 && i % 97 === 0 ? i - 1 : -1, legs: [[1, -5n], [2, 2n], [3, 3n]] });
  }
  assertSame(columns, model);
});

test('a chunk size that is not a power of two is refused', () => {
  assert.throws(() => new EntryColumns(3), /power of two/);
  assert.throws(() => new EntryColumns(0), /power of two/);
});
