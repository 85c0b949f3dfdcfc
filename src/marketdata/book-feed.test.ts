import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BookFeed, BookReplica, type BookLevel } from './book-feed.js';

const level = (priceTicks: number, qtyLots: number, orderCount = 1): BookLevel => ({ priceTicks, qtyLots, orderCount });

test('an update carries only the levels that changed, and removals as zero quantity', () => {
  const feed = new BookFeed('TKFH27');
  const first = feed.update([level(100, 5), level(99, 3)], [level(101, 2)]);
  assert.equal(first?.bookSeq, 1);
  const second = feed.update([level(100, 4)], [level(101, 2)]);
  assert.deepEqual(second?.changes, [
    { side: 'bid', priceTicks: 99, qtyLots: 0, orderCount: 0 },
    { side: 'bid', priceTicks: 100, qtyLots: 4, orderCount: 1 },
  ]);
  assert.equal(feed.update([level(100, 4)], [level(101, 2)]), undefined, 'no change, no update, no sequence number spent');
  assert.equal(feed.snapshot().bookSeq, 2);
});

test('a level whose order count alone changed is published, read from lists or from the scratch', () => {
  const feed = new BookFeed('X');
  feed.update([level(100, 4, 1), level(99, 2, 1)], [level(101, 3, 2)]);
  assert.deepEqual(feed.update([level(100, 4, 2), level(99, 2, 1)], undefined)?.changes, [{ side: 'bid', priceTicks: 100, qtyLots: 4, orderCount: 2 }]);
  feed.askLevels.set([101, 3, 1]);
  assert.deepEqual(feed.updateLevels(-1, 1)?.changes, [{ side: 'ask', priceTicks: 101, qtyLots: 3, orderCount: 1 }]);
  assert.deepEqual(feed.snapshot().asks, [level(101, 3, 1)]);
});

test('a replica refuses an update after a gap, and resynchronises from a snapshot', () => {
  const feed = new BookFeed('GPHZ26');
  const replica = new BookReplica();
  replica.load(feed.snapshot());
  const u1 = feed.update([level(2200, 10)], [])!;
  const u2 = feed.update([level(2200, 10), level(2199, 1)], [])!;
  const u3 = feed.update([level(2199, 1)], [level(2201, 3)])!;
  assert.equal(replica.apply(u1), true);
  assert.equal(replica.apply(u3), false, 'u2 was missed: the replica must not apply u3');
  replica.load(feed.snapshot());
  assert.equal(replica.seq, u3.bookSeq);
  assert.deepEqual(replica.levels('bid'), [level(2199, 1)]);
  assert.equal(replica.apply(u2), false, 'an old update is refused too');
});

test('property: a replica fed every update equals the feed\'s own snapshot', () => {
  const side = fc.uniqueArray(fc.record({ priceTicks: fc.integer({ min: 1, max: 40 }), qtyLots: fc.integer({ min: 1, max: 9 }), orderCount: fc.integer({ min: 1, max: 3 }) }), { selector: (l) => l.priceTicks, maxLength: 12 });
  fc.assert(
    fc.property(fc.array(fc.tuple(side, side), { minLength: 1, maxLength: 30 }), (books) => {
      const feed = new BookFeed('X', 8);
      const replica = new BookReplica();
      replica.load(feed.snapshot());
      for (const [bids, asks] of books) {
        const sortedBids = [...bids].sort((a, b) => b.priceTicks - a.priceTicks);
        const sortedAsks = [...asks].sort((a, b) => a.priceTicks - b.priceTicks);
        const update = feed.update(sortedBids, sortedAsks);
        if (update) assert.equal(replica.apply(update), true);
      }
      const snapshot = feed.snapshot();
      assert.deepEqual(replica.levels('bid'), [...snapshot.bids]);
      assert.deepEqual(replica.levels('ask'), [...snapshot.asks]);
    }),
    { numRuns: process.env.CI ? 500 : 100 },
  );
});

/** The diff as first written (maps by price), kept here as the reference the merge walk must equal exactly. */
function referenceChanges(side: 'bid' | 'ask', before: readonly BookLevel[], after: readonly BookLevel[]): unknown[] {
  const out: unknown[] = [];
  const afterByPrice = new Map(after.map((l) => [l.priceTicks, l]));
  for (const l of before) if (!afterByPrice.has(l.priceTicks)) out.push({ side, priceTicks: l.priceTicks, qtyLots: 0, orderCount: 0 });
  const beforeByPrice = new Map(before.map((l) => [l.priceTicks, l]));
  for (const l of after) {
    const old = beforeByPrice.get(l.priceTicks);
    if (!old || old.qtyLots !== l.qtyLots || old.orderCount !== l.orderCount) out.push({ side, priceTicks: l.priceTicks, qtyLots: l.qtyLots, orderCount: l.orderCount });
  }
  return out;
}

test('property: each update lists exactly the changes of a map-by-price diff, in its order; unchanged levels keep their copies', () => {
  const side = fc.uniqueArray(fc.record({ priceTicks: fc.integer({ min: 1, max: 30 }), qtyLots: fc.integer({ min: 1, max: 3 }), orderCount: fc.integer({ min: 1, max: 2 }) }), { selector: (l) => l.priceTicks, maxLength: 12 });
  fc.assert(
    fc.property(fc.array(fc.tuple(side, side), { minLength: 1, maxLength: 20 }), (books) => {
      const levelsMax = 8;
      const feed = new BookFeed('X', levelsMax);
      for (const [bids, asks] of books) {
        const sortedBids = [...bids].sort((a, b) => b.priceTicks - a.priceTicks);
        const sortedAsks = [...asks].sort((a, b) => a.priceTicks - b.priceTicks);
        const before = feed.snapshot();
        const expected = [
          ...referenceChanges('bid', before.bids, sortedBids.slice(0, levelsMax)),
          ...referenceChanges('ask', before.asks, sortedAsks.slice(0, levelsMax)),
        ];
        const update = feed.update(sortedBids, sortedAsks);
        assert.deepEqual(update?.changes ?? [], expected);
        const after = feed.snapshot();
        assert.deepEqual([...after.bids], sortedBids.slice(0, levelsMax).map((l) => ({ ...l })));
        for (const level of after.bids) {
          const old = before.bids.find((l) => l.priceTicks === level.priceTicks);
          if (old && old.qtyLots === level.qtyLots && old.orderCount === level.orderCount) assert.equal(level, old, 'an unchanged level is the published copy');
          assert.ok(Object.isFrozen(level));
        }
      }
    }),
    { numRuns: process.env.CI ? 500 : 100 },
  );
});

test('levels that are not best first are refused', () => {
  const feed = new BookFeed('X');
  assert.throws(() => feed.update([level(99, 1), level(100, 1)], []), /best first/);
  assert.throws(() => feed.update([], [level(101, 1), level(101, 2)]), /best first/);
});

test('property: a feed given levels in its scratch (as the engine writes them) and told which sides did not move publishes the map-by-price diff; its snapshots, taken now and then, hold the levels last given and keep unchanged levels\' copies', () => {
  const side = fc.uniqueArray(fc.record({ priceTicks: fc.integer({ min: 1, max: 30 }), qtyLots: fc.integer({ min: 1, max: 3 }), orderCount: fc.integer({ min: 1, max: 2 }) }), { selector: (l) => l.priceTicks, maxLength: 12 });
  const junk = fc.array(fc.integer({ min: -5, max: 40 }), { minLength: 3 * 14, maxLength: 3 * 14 });
  const step = fc.record({ bidsNext: side, asksNext: side, bidsMoved: fc.boolean(), asksMoved: fc.boolean(), leftOver: junk, look: fc.constantFrom('none', 'none', 'snapshot', 'restart') });
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 14 }), (steps, levelsMax) => {
      let feed = new BookFeed('X', levelsMax);
      let bookSeq = 0;
      // What the feed has published, as plain levels: the top levelsMax of each side last given.
      let bidsLast: BookLevel[] = [];
      let asksLast: BookLevel[] = [];
      let seen = feed.snapshot();
      // What is in the scratch past the levels written (or on a side not written) is left over: it must not count.
      const write = (levels: readonly BookLevel[], out: Int32Array, leftOver: number[]): number => {
        for (let k = 0; k < out.length; k++) out[k] = leftOver[k]!;
        for (let i = 0; i < levels.length; i++) out.set([levels[i]!.priceTicks, levels[i]!.qtyLots, levels[i]!.orderCount], 3 * i);
        return levels.length;
      };
      for (const { bidsNext, asksNext, bidsMoved, asksMoved, leftOver, look } of steps) {
        // Plain objects (fast-check's records have no prototype), as the snapshot's levels are.
        const bids = bidsMoved ? bidsNext.map((l) => ({ ...l })).sort((a, b) => b.priceTicks - a.priceTicks).slice(0, levelsMax) : bidsLast;
        const asks = asksMoved ? asksNext.map((l) => ({ ...l })).sort((a, b) => a.priceTicks - b.priceTicks).slice(0, levelsMax) : asksLast;
        const expected = [...referenceChanges('bid', bidsLast, bids), ...referenceChanges('ask', asksLast, asks)];
        const bidCount = bidsMoved ? write(bids, feed.bidLevels, leftOver) : (write([], feed.bidLevels, leftOver), -1);
        const askCount = asksMoved ? write(asks, feed.askLevels, leftOver) : (write([], feed.askLevels, leftOver), -1);
        const update = feed.updateLevels(bidCount, askCount);
        if (expected.length > 0) bookSeq++;
        assert.deepEqual(update, expected.length === 0 ? undefined : { symbol: 'X', bookSeq, changes: expected });
        bidsLast = bids;
        asksLast = asks;
        // The scratch is the caller's to overwrite: nothing published may change with it.
        feed.bidLevels.fill(7);
        feed.askLevels.fill(7);
        if (look === 'none') continue;
        const snapshot = feed.snapshot();
        assert.deepEqual(snapshot, { symbol: 'X', bookSeq, bids: bidsLast, asks: asksLast });
        for (const [levels, before] of [[snapshot.bids, seen.bids], [snapshot.asks, seen.asks]] as const) {
          assert.ok(Object.isFrozen(levels));
          for (const level of levels) {
            assert.ok(Object.isFrozen(level));
            const old = before.find((l) => l.priceTicks === level.priceTicks);
            if (old && old.qtyLots === level.qtyLots && old.orderCount === level.orderCount) assert.equal(level, old, 'an unchanged level is the published copy');
          }
        }
        seen = snapshot;
        if (look === 'restart') {
          feed = new BookFeed('X', levelsMax);
          feed.restore(snapshot);
          seen = feed.snapshot();
          assert.deepEqual(seen, snapshot);
        }
      }
    }),
    { numRuns: process.env.CI ? 500 : 200 },
  );
});

test('levels the scratch cannot hold exactly are refused, and so are counts past its size', () => {
  const feed = new BookFeed('X', 2);
  assert.throws(() => feed.update([level(2 ** 31, 1)], []), /int32/);
  assert.throws(() => feed.update([], [level(100, 1.5)]), /int32/);
  assert.throws(() => feed.updateLevels(3, -1), /outside/);
  assert.throws(() => feed.updateLevels(-1, -2), /outside/);
});
