// First reference prices for listing when no index fixing is at hand (the demo, tests, a fresh data dir).
// A real listing takes the product's current index fixing rounded to the tick; these levels are of the same
// order as the indices' levels (../shared/product/contracts.md: "TKF near USD 5, TKE near 0.30, TKC near
// CNY 3, GPH near USD 2.2") so that price limits and margins look like the real thing.

import { assert } from '../core/assert.js';
import { decimalToTicks } from '../core/decimal.js';
import type { Catalogue, Product } from '../products/catalogue.js';

/** Decimal prices in each product's quote unit. */
export const demoReferencePrices: Readonly<Record<string, string>> = {
  TKF: '5.000',
  TKE: '0.3000',
  TKC: '3.00',
  GPH: '2.200',
};

export function demoReferenceTicks(catalogue: Catalogue): Record<string, number> {
  const ticks: Record<string, number> = {};
  for (const product of catalogue.products) ticks[product.code] = demoReferenceTicksOf(product);
  return ticks;
}

/** One product's demo price in its ticks. */
export function demoReferenceTicksOf(product: Product): number {
  const price = demoReferencePrices[product.code] ?? '1';
  const priceTicks = decimalToTicks(price, product.tickSize);
  assert(priceTicks !== undefined && priceTicks > 0, `demo price ${price} of ${product.code} is not a whole number of ticks`);
  return priceTicks;
}
