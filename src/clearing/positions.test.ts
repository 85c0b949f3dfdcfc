import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PositionBook, shareOf } from './positions.js';

const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

test('a closing fill realises against the carried basis; a flip opens the rest at the fill price', () => {
  const book = new PositionBook();
  const slot = book.slot(7, 0);
  // Buy 2 at 100 and 1 at 103: basis 303, average 101.
  book.applyFill(slot, 2, 100);
  book.applyFill(slot, 1, 103);
  // Sell 4 at 110: closes 3 (realised 330 − 303 = 27), opens short 1 at 110.
  const result = book.applyFill(slot, -4, 110);
  assert.deepEqual(result, { realisedBasisTicks: 27, realisedCostTicks: 27, closedLots: 3 });
  assert.equal(book.qtyLots[slot], -1);
  assert.equal(book.basisTicks[slot], -110);
  assert.equal(book.longLots[0], 0);
  assert.equal(book.netLots[0], -1);
  // Buy 1 back at 105: short gains 5.
  assert.equal(book.applyFill(slot, 1, 105).realisedBasisTicks, 5);
  assert.equal(book.basisTicks[slot], 0);
  book.remove(slot);
  assert.equal(book.find(7, 0), undefined);
});

test('property: realised + settled + open P&L equals the cash flow of the fills, exactly', () => {
  // For any fills f_i at p_i and marks m_j along the way: Σ realised + Σ VM + (qty × last − basis) = qty × last − Σ f_i p_i,
  // both against the carried basis (cash) and against the entry cost (reports).
  const step = fc.oneof(
    fc.record({ fill: fc.integer({ min: -50, max: 50 }).filter((n) => n !== 0), price: fc.integer({ min: 1, max: 100_000 }) }),
    fc.record({ mark: fc.integer({ min: 1, max: 100_000 }) }),
  );
  fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
    const book = new PositionBook();
    const slot = book.slot(1, 3);
    let cashFlow = 0;
    let cash = 0;
    let realisedCost = 0;
    let last = 1;
    for (const s of steps) {
      if ('fill' in s) {
        const r = book.applyFill(slot, s.fill, s.price);
        cashFlow -= s.fill * s.price;
        cash += r.realisedBasisTicks;
        realisedCost += r.realisedCostTicks;
        last = s.price;
      } else {
        const target = book.qtyLots[slot]! * s.mark;
        cash += target - book.basisTicks[slot]!;
        book.basisTicks[slot] = target;
        last = s.mark;
      }
      assert.equal(book.netLots[3], book.qtyLots[slot]);
      assert.equal(book.longLots[3], Math.max(0, book.qtyLots[slot]!));
    }
    const qty = book.qtyLots[slot]!;
    assert.equal(cash + qty * last - book.basisTicks[slot]!, cashFlow + qty * last);
    assert.equal(realisedCost + qty * last - book.costTicks[slot]!, cashFlow + qty * last);
    assert.equal(book.realisedCostTicks[slot], realisedCost);
  }), { numRuns: ci ? 3_000 : 200 });
});

test('property: shareOf equals the bigint definition, truncated toward zero, near 2^53 too', () => {
  const sum = fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.integer({ min: -(2 ** 44), max: 2 ** 44 }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }));
  const of = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }));
  fc.assert(fc.property(sum, of, fc.nat(2 ** 31 - 1), (s, n, pick) => {
    const lots = 1 + (pick % n);
    const got = shareOf(s, lots, n);
    assert.ok(Object.is(got, Number((BigInt(s) * BigInt(lots)) / BigInt(n))), `shareOf(${s}, ${lots}, ${n}) = ${got}`);
  }), { numRuns: ci ? 100_000 : 20_000 });
});
