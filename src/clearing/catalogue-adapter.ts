// Builds clearing's ContractSpecs from the product catalogue (src/products). Clearing keeps its own small spec
// type so that the catalogue's file format can change without touching risk and settlement; this file is the
// one place that knows both.

import type { Catalogue, Product } from '../products/catalogue.js';
import { listSeries } from '../products/listing.js';
import type { ContractSpec } from './spec.js';

/** The spec of one series of a product; the spot month is the front (expiring) month. */
export function contractSpecFor(product: Product, symbol: string, contractMonth: number, isSpotMonth: boolean): ContractSpec {
  return {
    symbol, product: product.code, group: product.group, currency: product.currency, contractMonth,
    tickValueMinor: product.tickValueMinor, initialMarginBps: product.initialMarginBps, maintenanceRatioBps: product.maintenanceRatioBps,
    scanRangeBps: product.scanRangeBps, calendarSpreadChargeBps: product.calendarSpreadChargeBps, limitBps: product.limitBps,
    limitWidenedBps: product.limitWidenedBps, positionLimitSpotMonth: product.positionLimitSpotMonthLots,
    positionLimitAllMonths: product.positionLimitAllMonthsLots, isSpotMonth, qtyLotsMax: product.qtyLotsMax,
    feeMakerMinor: product.feeMakerMinor, feeTakerMinor: product.feeTakerMinor,
  };
}

/** Every series listed on a date (products in catalogue order, months ascending), as clearing specs. */
export function specsForDate(catalogue: Catalogue, isoDate: string): ContractSpec[] {
  return listSeries(catalogue, isoDate).map((series) => {
    const product = catalogue.byCode.get(series.product)!;
    return contractSpecFor(product, series.symbol, series.year * 100 + series.month, series.frontMonth);
  });
}
