import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Reason } from '../core/reasons.js';
import { contractMonthNumber, formatLongSymbol, formatSymbol, parseSymbol } from './symbols.js';

test('TKFH27 and TKF-2027-03 name the same series', () => {
  assert.deepEqual(parseSymbol('TKFH27'), { ok: true, product: 'TKF', year: 2027, month: 3 });
  assert.deepEqual(parseSymbol('TKF-2027-03'), { ok: true, product: 'TKF', year: 2027, month: 3 });
  assert.equal(formatSymbol({ product: 'GPH', year: 2028, month: 12 }), 'GPHZ28');
  assert.equal(formatSymbol({ product: 'TKC', year: 2030, month: 1 }), 'TKCF30');
  assert.equal(formatLongSymbol({ product: 'TKC', year: 2027, month: 9 }), 'TKC-2027-09');
  assert.equal(contractMonthNumber({ product: 'TKC', year: 2027, month: 9 }), 202709);
});

test('a product code that ends in a month letter still parses (the month is the last letter)', () => {
  assert.deepEqual(parseSymbol('TKFFH27'), { ok: true, product: 'TKFF', year: 2027, month: 3 });
  assert.deepEqual(parseSymbol('ZZF27'), { ok: true, product: 'ZZ', year: 2027, month: 1 });
});

test('malformed symbols are refused with unknownSymbol and a reason', () => {
  for (const bad of ['TKFA27', 'tkfh27', 'TKFH2027', 'TKF-2027-13', 'TKF-2027-00', 'TKF-1999-01', 'TKF-27-03', 'H27', '', 'TKFH27 ', 'ABCDEFGHIJKLMNOPQ']) {
    const parsed = parseSymbol(bad);
    assert.equal(parsed.ok, false, bad);
    if (!parsed.ok) {
      assert.equal(parsed.code, Reason.unknownSymbol);
      assert.ok(parsed.message.length > 10, bad);
    }
  }
  const month = parseSymbol('TKF-2027-13');
  assert.ok(!month.ok && /month in "TKF-2027-13" must be 01-12/.test(month.message));
});

test('formatting refuses keys no symbol can carry', () => {
  assert.throws(() => formatSymbol({ product: 'TKF', year: 2127, month: 1 }), /year must be 2000-2099/);
  assert.throws(() => formatSymbol({ product: 'TKF', year: 2027, month: 13 }), /month must be 1-12/);
  assert.throws(() => formatLongSymbol({ product: 'tkf', year: 2027, month: 1 }), /product code/);
});

test('property: both forms round-trip through parse and format', () => {
  const key = fc.record({
    product: fc.stringMatching(/^[A-Z]{2,5}$/),
    year: fc.integer({ min: 2000, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
  });
  fc.assert(fc.property(key, (k) => {
    const short = formatSymbol(k);
    const long = formatLongSymbol(k);
    assert.deepEqual(parseSymbol(short), { ok: true, ...k });
    assert.deepEqual(parseSymbol(long), { ok: true, ...k });
    assert.equal(formatSymbol(k), formatSymbol(parseSymbol(long) as typeof k));
  }), { numRuns: 1000 });
});
