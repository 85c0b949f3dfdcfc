import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OutcomeRing } from './outcome-ring.js';

const kept = (logSeq: number) => ({ entry: { logSeq, gatewayId: 'g', requestId: `r${logSeq}` }, outcome: { seq: logSeq, events: [], bookUpdates: [] } });

test('keeps the newest outcomes, oldest first, and forgets past capacity', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 60 }), fc.integer({ min: 0, max: 200 }), (capacity, gaps, afterSeq) => {
    const ring = new OutcomeRing(capacity);
    const seqs: number[] = [];
    let seq = 0;
    for (const gap of gaps) {
      seq += gap;
      seqs.push(seq);
      ring.push(kept(seq));
    }
    const expected = seqs.slice(-capacity);
    assert.equal(ring.oldestSeq(), expected[0]);
    assert.deepEqual(ring.after(afterSeq).map((k) => k.entry.logSeq), expected.filter((s) => s > afterSeq));
  }));
});

test('refuses an outcome that does not follow the last one (the log never goes back)', () => {
  const ring = new OutcomeRing(4);
  ring.push(kept(5));
  assert.throws(() => ring.push(kept(5)), /outcome 5 after 5/);
});
