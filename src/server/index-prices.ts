// Where the exchange meets the benchmark indices: a newly listed series takes its underlying index's latest
// fixing (rounded to its tick) as its first reference price, so price limits exist from the first minute; an
// expiring series is cash-settled at the price the index module computes from the month's fixings.

import { assert } from '../core/assert.js';
import { demoReferenceTicksOf } from '../exchange/reference-prices.js';
import { indexByName } from '../index/indices.js';
import { decimalToNano, divRoundHalfAway } from '../index/price.js';
import { settleMonth } from '../index/service.js';
import type { FixingStore } from '../index/store.js';
import type { Catalogue, Product } from '../products/catalogue.js';
import type { ListedSeries } from '../products/listing.js';

export interface ReferencePrice {
  readonly priceTicks: number;
  /** "TTI-FRONTIER-USD 2026-11-20 v1", or "demo price" when the index has no fixing yet. */
  readonly source: string;
}

/** The reference price of each product for listing on isoDate. */
export function listingReferencePrices(catalogue: Catalogue, store: FixingStore | undefined, isoDate: string): Map<string, ReferencePrice> {
  const prices = new Map<string, ReferencePrice>();
  for (const product of catalogue.products) prices.set(product.code, referencePriceOf(product, store, isoDate));
  return prices;
}

function referencePriceOf(product: Product, store: FixingStore | undefined, isoDate: string): ReferencePrice {
  const fixing = store?.latest(product.underlyingIndex, isoDate) ?? store?.previousBefore(product.underlyingIndex, isoDate);
  if (fixing !== undefined) {
    const tickNano = decimalToNano(product.tickSize);
    assert(tickNano !== undefined && tickNano > 0n, `tick size ${product.tickSize}`);
    const priceTicks = Number(divRoundHalfAway(fixing.result.levelNano, tickNano));
    if (priceTicks > 0) return { priceTicks, source: `${product.underlyingIndex} ${fixing.date} v${fixing.version}` };
  }
  return { priceTicks: demoReferenceTicksOf(product), source: 'demo price (no index fixing yet)' };
}

/** The final settlement price of an expiring series from its index's fixings over the contract month. */
export function finalSettlementTicks(product: Product, series: ListedSeries, store: FixingStore): { ok: true; priceTicks: number; detail: string } | { ok: false; message: string } {
  const def = indexByName(product.underlyingIndex);
  if (def === undefined) return { ok: false, message: `${series.symbol}: underlying index ${product.underlyingIndex} is not defined` };
  const outcome = settleMonth(store, def, series.year, series.month, product.tickSize);
  if (!outcome.ok) return { ok: false, message: `${series.symbol}: ${outcome.message}` };
  const { settlement } = outcome;
  return { ok: true, priceTicks: settlement.priceTicks, detail: `${series.symbol}: ${settlement.method}, ${settlement.count} fixings of ${product.underlyingIndex}` };
}
