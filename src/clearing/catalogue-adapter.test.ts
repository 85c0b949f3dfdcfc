import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalogue } from '../products/catalogue.js';
import { specsForDate } from './catalogue-adapter.js';
import { assertSpec } from './spec.js';
import { specFor } from './testkit.js';

test('specs from the checked-in catalogue are valid and match the launch values the tests use', () => {
  const specs = specsForDate(defaultCatalogue(), '2027-03-15');
  assert.equal(specs.length, 4 * 12);
  for (const spec of specs) assertSpec(spec);
  const tkf = specs.find((s) => s.symbol === 'TKFH27')!;
  assert.equal(tkf.isSpotMonth, true);
  assert.equal(specs.find((s) => s.symbol === 'TKFJ27')!.isSpotMonth, false);
  for (const [product, symbol] of [['TKF', 'TKFH27'], ['TKE', 'TKEH27'], ['TKC', 'TKCH27'], ['GPH', 'GPHH27']] as const) {
    const fromCatalogue = specs.find((s) => s.symbol === symbol)!;
    assert.deepEqual(fromCatalogue, { ...specFor(product, symbol, 202703), isSpotMonth: true }, product);
  }
});
