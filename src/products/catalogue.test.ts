import { test } from 'node:test';
import assert from 'node:assert/strict';
import defaultJson from './data/catalogue.json' with { type: 'json' };
import { CatalogueError, defaultCatalogue, loadCatalogue } from './catalogue.js';

type Mutable = Record<string, any>;

/** Loads a copy of the checked-in catalogue after one change to one product, returning the error message. */
function rejection(code: string, change: (product: Mutable, root: Mutable) => void): string {
  const root = structuredClone(defaultJson) as Mutable;
  const product = (root['products'] as Mutable[]).find((p) => p['code'] === code)!;
  change(product, root);
  try {
    loadCatalogue(root);
  } catch (error) {
    assert.ok(error instanceof CatalogueError, `expected a CatalogueError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('the catalogue was accepted');
}

test('the checked-in catalogue loads the four products with their derived integers', () => {
  const catalogue = defaultCatalogue();
  assert.deepEqual(catalogue.products.map((p) => p.code), ['TKF', 'TKE', 'TKC', 'GPH']);
  const tkf = catalogue.byCode.get('TKF')!;
  assert.equal(tkf.contractMultiplier, 10_000);
  assert.equal(tkf.tickValueMinor, 1_000n, 'USD 10 in cents');
  assert.equal(tkf.limitBps, 1_000);
  assert.equal(tkf.limitWidenedBps, 1_500, '10% widened by half');
  assert.equal(tkf.maintenanceMarginBps, 960);
  assert.equal(tkf.feeMakerMinor, 50n);
  assert.equal(tkf.feeTakerMinor, 150n);
  assert.equal(tkf.calendar, 'US');
  const tkc = catalogue.byCode.get('TKC')!;
  assert.equal(tkc.tickValueMinor, 10_000n, 'CNY 100 in fen');
  assert.equal(tkc.limitWidenedBps, 1_200);
  assert.equal(tkc.feeTakerMinor, 800n);
  assert.equal(tkc.tradingHours.sessions.length, 3);
  assert.equal(tkc.calendar, 'CN');
  const gph = catalogue.byCode.get('GPH')!;
  assert.equal(gph.tickValueMinor, 100n);
  assert.equal(gph.qtyLotsMax, 1_000);
  assert.equal(gph.positionLimitAllMonthsLots, 5_000);
  assert.equal(catalogue.byCode.get('TKE')!.priceDecimals, 4);
});

test('a negative tick size is refused naming the product and field', () => {
  assert.equal(rejection('TKF', (p) => { p['tickSize'] = '-0.001'; }),
    'TKF.tickSize: must be a positive decimal string, got "-0.001"');
  assert.match(rejection('TKE', (p) => { p['tickSize'] = 0.0001; }), /^TKE\.tickSize: must be a positive decimal string, got 0.0001/);
});

test('a tick value that is not tick size × multiplier is refused', () => {
  assert.equal(rejection('TKF', (p) => { p['tickValue']['amount'] = '1'; }),
    'TKF.tickValue.amount: must equal tickSize 0.001 × contract multiplier 10000, got "1"');
  assert.match(rejection('GPH', (p) => { p['contractUnit']['quantity'] = '100'; }), /^GPH\.tickValue\.amount: must equal/);
});

test('unknown and missing fields are refused', () => {
  assert.match(rejection('TKC', (p) => { p['tickSizee'] = '0.01'; }), /^products\[2\]\.tickSizee: unknown field/);
  assert.match(rejection('TKC', (p) => { delete p['underlyingIndex']; }), /^TKC\.underlyingIndex: must be a non-empty string, got nothing/);
  assert.match(rejection('TKC', (p) => { p['margin']['scan'] = 1; }), /^TKC\.margin\.scan: unknown field/);
});

test('ranges and relations between fields are checked', () => {
  assert.match(rejection('TKF', (p) => { p['orderSize']['qtyLotsMin'] = 600; }), /^TKF\.orderSize\.qtyLotsMin: must not exceed qtyLotsMax 500/);
  assert.match(rejection('TKF', (p) => { p['orderSize']['qtyLotsMax'] = 0; }), /^TKF\.orderSize\.qtyLotsMax: must be an integer from 1/);
  assert.match(rejection('TKF', (p) => { p['margin']['initialMarginBps'] = 900; }), /^TKF\.margin\.initialMarginBps: must cover one limit move/);
  assert.match(rejection('GPH', (p) => { p['positionLimits']['spotMonthLots'] = 6000; }), /^GPH\.positionLimits\.spotMonthLots: must not exceed allMonthsLots 5000/);
  assert.match(rejection('TKC', (p) => { p['priceLimit']['widenAfterLockedDayBps'] = 3333; }), /^TKC\.priceLimit\.widenAfterLockedDayBps: the widened limit/);
  assert.match(rejection('TKC', (p) => { p['tickValue']['currency'] = 'USD'; }), /^TKC\.tickValue\.currency: must be the product currency CNY/);
  assert.match(rejection('TKF', (p) => { p['quoteUnit'] = 'USD per token'; }), /^TKF\.quoteUnit: must be "USD per million tokens"/);
});

test('the launch date must be a business day the calendar covers', () => {
  assert.equal(rejection('TKC', (p) => { p['listing']['launchDate'] = '2026-01-02'; }),
    'TKC.listing.launchDate: must be a business day of the CN calendar, got "2026-01-02"');
  assert.match(rejection('TKF', (p) => { p['listing']['launchDate'] = '2025-06-02'; }), /^TKF\.listing\.launchDate: 2025-06-02 is outside the US holiday calendar/);
  assert.match(rejection('TKF', (p) => { p['listing']['launchDate'] = '2026-02-30'; }), /^TKF\.listing\.launchDate: not a valid ISO date/);
});

test('fees must be whole minor units and calendars must be known', () => {
  assert.match(rejection('TKF', (p) => { p['fees']['makerPerLot'] = '0.505'; }), /^TKF\.fees\.makerPerLot: must be a whole number of minor units \(at most 2 decimals\), got "0.505"/);
  assert.match(rejection('TKF', (p) => { p['holidayCalendar'] = 'UK'; }), /^TKF\.holidayCalendar: must be one of US, CN, got "UK"/);
});

test('trading hours: unknown time zones, bad clock times and overlapping sessions are refused', () => {
  assert.match(rejection('TKF', (p) => { p['tradingHours']['timeZone'] = 'America/Chicag'; }), /^TKF\.tradingHours\.timeZone: unknown IANA time zone/);
  assert.match(rejection('TKC', (p) => { p['tradingHours']['sessions'][1]['open'] = '25:00'; }), /^TKC\.tradingHours\.sessions\[1\]\.open: must be a time "HH:MM"/);
  assert.match(rejection('TKC', (p) => { p['tradingHours']['sessions'][2]['open'] = '11:00'; }), /^TKC\.tradingHours\.sessions\[2\]: overlaps the session before it/);
  assert.match(rejection('TKC', (p) => { p['tradingHours']['sessions'][1]['callAuction'] = '09:05'; }), /^TKC\.tradingHours\.sessions\[1\]\.callAuction: must start before the session opens/);
});

test('duplicate codes and a missing currency scale are refused', () => {
  assert.equal(rejection('TKE', (p) => { p['code'] = 'TKF'; }), 'TKF.code: appears twice in the catalogue');
  assert.match(rejection('TKC', (_p, root) => { delete root['currencies']['CNY']; }), /^TKC\.currency: CNY is not in the catalogue's currencies/);
  assert.throws(() => loadCatalogue({ catalogueVersion: 1, currencies: {}, products: [] }), /catalogue\.products: must be a list of 1 to/);
  assert.throws(() => loadCatalogue('nope'), /^CatalogueError: catalogue: must be an object/);
});
