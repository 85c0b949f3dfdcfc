// The product catalogue: data (data/catalogue.json), validated here field by field. A bad entry is refused at
// load with a CatalogueError naming the product, the field and why ("TKF.tickSize: must be a positive decimal
// string, got "-0.001""), never half-loaded. Validation is pure; the default file comes in as a JSON module,
// so this stays free of I/O.

import defaultJson from './data/catalogue.json' with { type: 'json' };
import { CatalogueError, integer, object } from './catalogue-fields.js';
import { parseProduct, type Currency, type Product } from './catalogue-product.js';

export { CatalogueError } from './catalogue-fields.js';
export {
  bpsScale, productGroups, type Currency, type Product, type ProductGroup, type ProductSpec,
} from './catalogue-product.js';
export type { TradingHours, TradingSession, SessionStart } from './trading-hours.js';

export const productsMax = 32;
export const currencyMinorScaleMax = 4;

export interface Catalogue {
  readonly catalogueVersion: number;
  /** In file order. */
  readonly products: readonly Product[];
  readonly byCode: ReadonlyMap<string, Product>;
}

export function loadCatalogue(json: unknown): Catalogue {
  const root = object(json, 'catalogue', ['catalogueVersion', 'currencies', 'products']);
  const catalogueVersion = integer(root, 'catalogueVersion', 'catalogue', 1, 1_000_000);
  const minorScales = parseCurrencies(root['currencies']);
  const list = root['products'];
  if (!Array.isArray(list) || list.length === 0 || list.length > productsMax) {
    throw new CatalogueError('catalogue.products', `must be a list of 1 to ${productsMax} products`);
  }
  const byCode = new Map<string, Product>();
  const products = list.map((item, index) => {
    const product = parseProduct(item, index, minorScales);
    if (byCode.has(product.code)) throw new CatalogueError(`${product.code}.code`, 'appears twice in the catalogue');
    byCode.set(product.code, product);
    return Object.freeze(product);
  });
  return Object.freeze({ catalogueVersion, products: Object.freeze(products), byCode });
}

function parseCurrencies(value: unknown): ReadonlyMap<Currency, number> {
  const obj = object(value, 'catalogue.currencies', ['USD', 'CNY']);
  const scales = new Map<Currency, number>();
  for (const currency of ['USD', 'CNY'] as const) {
    if (obj[currency] === undefined) continue;
    const entry = object(obj[currency], `catalogue.currencies.${currency}`, ['minorScale']);
    scales.set(currency, integer(entry, 'minorScale', `catalogue.currencies.${currency}`, 0, currencyMinorScaleMax));
  }
  return scales;
}

let cached: Catalogue | undefined;

/** The checked-in catalogue (data/catalogue.json), validated once. */
export function defaultCatalogue(): Catalogue {
  cached ??= loadCatalogue(defaultJson);
  return cached;
}

export function productByCode(catalogue: Catalogue, code: string): Product | undefined {
  return catalogue.byCode.get(code);
}
