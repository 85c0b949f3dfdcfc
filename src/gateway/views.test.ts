// averagePrice's double path gives exactly what its BigInt definition gives (rounded half up).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ticksToDecimal, unitsToDecimal } from '../core/decimal.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { averagePrice } from './views.js';

const products = defaultCatalogue().products;

function averageReference(notionalTicks: number, lots: number, tickSize: string, priceDecimals: number): string {
  const tickUnits = BigInt(ticksToDecimal(1, tickSize).replace('.', ''));
  const numerator = BigInt(notionalTicks) * tickUnits * 10n ** 4n * 2n + BigInt(lots);
  return unitsToDecimal(numerator / (2n * BigInt(lots)), priceDecimals + 4);
}

test('averagePrice equals its BigInt definition for every product, small and huge notionals', () => {
  fc.assert(fc.property(fc.constantFrom(...products), fc.integer({ min: 1, max: 1_000_000 }), fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 2 ** 30 })), (product, lots, priceTicks) => {
    // An average of fills at priceTicks and priceTicks + 1: any notional from lots × price to lots × (price + 1).
    const notionalTicks = lots * priceTicks + ((priceTicks * 7919) % (lots + 1));
    assert.equal(averagePrice(notionalTicks, lots, product), averageReference(notionalTicks, lots, product.tickSize, product.priceDecimals));
  }), { numRuns: 20000 });
});

test('averagePrice: worked values', () => {
  const tkf = products.find((p) => p.code === 'TKF')!;
  assert.equal(averagePrice(0, 0, tkf), null);
  // Three lots at 5 ticks and 6 ticks, 6, over three lots: 17/3 ticks.
  const expected = averageReference(17, 3, tkf.tickSize, tkf.priceDecimals);
  assert.equal(averagePrice(17, 3, tkf), expected);
});
