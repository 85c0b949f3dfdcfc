// One product of the catalogue: the fields of contracts.md as read from JSON, checked one by one and then
// against each other (tick size × contract multiplier = tick value; initial margin covers a limit move), and
// the integer fields the rest of the exchange computes with, derived once here.

import { decimalToUnits, parseDecimal } from '../core/decimal.js';
import { CalendarRangeError, calendarIds, isBusinessDay, type CalendarId } from './calendar.js';
import {
  CatalogueError, integer, type Json, nonNegativeDecimal, object, oneOf, positiveDecimal, string,
} from './catalogue-fields.js';
import { parseTradingHours, type TradingHours } from './trading-hours.js';

export type Currency = 'USD' | 'CNY';
/** Token futures and GPU-hour futures: clearing's inter-product margin credit pairs the two groups. */
export type ProductGroup = 'token' | 'gpu';
export const productGroups: readonly ProductGroup[] = ['token', 'gpu'];

export const bpsScale = 10_000;
export const qtyLotsLimit = 1_000_000;
export const positionLimitLotsLimit = 10_000_000;
export const contractMultiplierMax = 1_000_000_000;
export const tickSizeDecimalsMax = 8;
/** One tick of one lot may be worth at most this many minor units (USD 10,000,000): far above any launch value. */
export const tickValueMinorMax = 1_000_000_000n;
export const feeMinorMax = 100_000_000n;

/** The product exactly as the catalogue file states it (validated). */
export interface ProductSpec {
  readonly code: string;
  readonly name: string;
  readonly group: ProductGroup;
  readonly underlyingIndex: string;
  readonly currency: Currency;
  readonly contractUnit: { readonly quantity: string; readonly unit: string; readonly description: string };
  readonly quoteUnit: string;
  readonly tickSize: string;
  readonly tickValue: { readonly amount: string; readonly currency: Currency };
  readonly orderSize: { readonly qtyLotsMin: number; readonly qtyLotsMax: number };
  readonly listing: {
    readonly cycle: 'monthly';
    readonly consecutiveMonths: number;
    /** First day anything trades; series that would have been listed earlier are first traded on it. */
    readonly launchDate: string;
  };
  readonly lastTradingDayRule: 'lastBusinessDayOfMonth';
  readonly finalSettlement: { readonly method: 'monthlyAverageOfIndexFixings'; readonly day: 'nextBusinessDay' };
  readonly priceLimit: { readonly limitBps: number; readonly widenAfterLockedDayBps: number };
  readonly margin: {
    readonly initialMarginBps: number;
    readonly maintenanceRatioBps: number;
    readonly scanRangeBps: number;
    readonly calendarSpreadChargeBps: number;
  };
  readonly positionLimits: { readonly spotMonthLots: number; readonly allMonthsLots: number };
  readonly largeTraderThresholdLots: number;
  readonly tradingHours: TradingHours;
  readonly fees: { readonly makerPerLot: string; readonly takerPerLot: string };
  readonly holidayCalendar: CalendarId;
}

/** The spec plus the integers every other part computes with. */
export interface Product extends ProductSpec {
  /** Quote units per lot: price × multiplier = notional of one lot (TKF: 10,000 million tokens). */
  readonly contractMultiplier: number;
  /** Decimals of the tick size; prices print with exactly this many. */
  readonly priceDecimals: number;
  readonly currencyMinorScale: number;
  readonly tickValueMinor: bigint;
  readonly qtyLotsMin: number;
  readonly qtyLotsMax: number;
  readonly limitBps: number;
  /** The limit after a day that closed locked at the limit: limitBps × (1 + widenAfterLockedDayBps). */
  readonly limitWidenedBps: number;
  readonly initialMarginBps: number;
  readonly maintenanceRatioBps: number;
  /** initial × ratio, rounded up (margin never rounds in the member's favour). */
  readonly maintenanceMarginBps: number;
  readonly scanRangeBps: number;
  readonly calendarSpreadChargeBps: number;
  readonly positionLimitSpotMonthLots: number;
  readonly positionLimitAllMonthsLots: number;
  readonly feeMakerMinor: bigint;
  readonly feeTakerMinor: bigint;
  readonly calendar: CalendarId;
}

const productFields = [
  'code', 'name', 'group', 'underlyingIndex', 'currency', 'contractUnit', 'quoteUnit', 'tickSize', 'tickValue',
  'orderSize', 'listing', 'lastTradingDayRule', 'finalSettlement', 'priceLimit', 'margin', 'positionLimits',
  'largeTraderThresholdLots', 'tradingHours', 'fees', 'holidayCalendar',
] as const;

export function parseProduct(value: unknown, index: number, minorScales: ReadonlyMap<Currency, number>): Product {
  const bare = object(value, `products[${index}]`, productFields);
  const code = string(bare, 'code', `products[${index}]`, /^[A-Z]{2,5}$/, '2 to 5 capital letters');
  const spec = parseSpec(bare, code);
  return derive(spec, minorScales);
}

function parseSpec(obj: Json, code: string): ProductSpec {
  const p = code;
  const currency = oneOf<Currency>(obj, 'currency', p, ['USD', 'CNY']);
  const unitObj = object(obj['contractUnit'], `${p}.contractUnit`, ['quantity', 'unit', 'description']);
  const tickValueObj = object(obj['tickValue'], `${p}.tickValue`, ['amount', 'currency']);
  const sizeObj = object(obj['orderSize'], `${p}.orderSize`, ['qtyLotsMin', 'qtyLotsMax']);
  const listingObj = object(obj['listing'], `${p}.listing`, ['cycle', 'consecutiveMonths', 'launchDate']);
  const settleObj = object(obj['finalSettlement'], `${p}.finalSettlement`, ['method', 'day']);
  const limitObj = object(obj['priceLimit'], `${p}.priceLimit`, ['limitBps', 'widenAfterLockedDayBps']);
  const marginObj = object(obj['margin'], `${p}.margin`,
    ['initialMarginBps', 'maintenanceRatioBps', 'scanRangeBps', 'calendarSpreadChargeBps']);
  const positionObj = object(obj['positionLimits'], `${p}.positionLimits`, ['spotMonthLots', 'allMonthsLots']);
  const feesObj = object(obj['fees'], `${p}.fees`, ['makerPerLot', 'takerPerLot']);
  return {
    code,
    name: string(obj, 'name', p),
    group: oneOf(obj, 'group', p, productGroups),
    underlyingIndex: string(obj, 'underlyingIndex', p, /^[A-Z0-9]+(-[A-Z0-9]+)+$/, 'an index code like TTI-FRONTIER-USD'),
    currency,
    contractUnit: {
      quantity: string(unitObj, 'quantity', `${p}.contractUnit`, /^[1-9]\d{0,9}$/, 'a positive whole number as a string'),
      unit: string(unitObj, 'unit', `${p}.contractUnit`),
      description: string(unitObj, 'description', `${p}.contractUnit`),
    },
    quoteUnit: string(obj, 'quoteUnit', p),
    tickSize: positiveDecimal(obj, 'tickSize', p),
    tickValue: {
      amount: positiveDecimal(tickValueObj, 'amount', `${p}.tickValue`),
      currency: oneOf<Currency>(tickValueObj, 'currency', `${p}.tickValue`, ['USD', 'CNY']),
    },
    orderSize: {
      qtyLotsMin: integer(sizeObj, 'qtyLotsMin', `${p}.orderSize`, 1, qtyLotsLimit),
      qtyLotsMax: integer(sizeObj, 'qtyLotsMax', `${p}.orderSize`, 1, qtyLotsLimit),
    },
    listing: {
      cycle: oneOf(listingObj, 'cycle', `${p}.listing`, ['monthly'] as const),
      consecutiveMonths: integer(listingObj, 'consecutiveMonths', `${p}.listing`, 1, 36),
      launchDate: string(listingObj, 'launchDate', `${p}.listing`, /^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD'),
    },
    lastTradingDayRule: oneOf(obj, 'lastTradingDayRule', p, ['lastBusinessDayOfMonth'] as const),
    finalSettlement: {
      method: oneOf(settleObj, 'method', `${p}.finalSettlement`, ['monthlyAverageOfIndexFixings'] as const),
      day: oneOf(settleObj, 'day', `${p}.finalSettlement`, ['nextBusinessDay'] as const),
    },
    priceLimit: {
      limitBps: integer(limitObj, 'limitBps', `${p}.priceLimit`, 1, bpsScale - 1),
      widenAfterLockedDayBps: integer(limitObj, 'widenAfterLockedDayBps', `${p}.priceLimit`, 0, bpsScale),
    },
    margin: {
      initialMarginBps: integer(marginObj, 'initialMarginBps', `${p}.margin`, 1, bpsScale),
      maintenanceRatioBps: integer(marginObj, 'maintenanceRatioBps', `${p}.margin`, 1, bpsScale),
      scanRangeBps: integer(marginObj, 'scanRangeBps', `${p}.margin`, 1, bpsScale),
      calendarSpreadChargeBps: integer(marginObj, 'calendarSpreadChargeBps', `${p}.margin`, 0, bpsScale),
    },
    positionLimits: {
      spotMonthLots: integer(positionObj, 'spotMonthLots', `${p}.positionLimits`, 1, positionLimitLotsLimit),
      allMonthsLots: integer(positionObj, 'allMonthsLots', `${p}.positionLimits`, 1, positionLimitLotsLimit),
    },
    largeTraderThresholdLots: integer(obj, 'largeTraderThresholdLots', p, 1, positionLimitLotsLimit),
    tradingHours: parseTradingHours(obj['tradingHours'], `${p}.tradingHours`),
    fees: {
      makerPerLot: nonNegativeDecimal(feesObj, 'makerPerLot', `${p}.fees`),
      takerPerLot: nonNegativeDecimal(feesObj, 'takerPerLot', `${p}.fees`),
    },
    holidayCalendar: oneOf(obj, 'holidayCalendar', p, calendarIds),
  };
}

function derive(spec: ProductSpec, minorScales: ReadonlyMap<Currency, number>): Product {
  const p = spec.code;
  const currencyMinorScale = minorScales.get(spec.currency);
  if (currencyMinorScale === undefined) {
    throw new CatalogueError(`${p}.currency`, `${spec.currency} is not in the catalogue's currencies`);
  }
  checkRelations(spec);
  const tick = parseDecimal(spec.tickSize)!;
  if (tick.scale > tickSizeDecimalsMax) {
    throw new CatalogueError(`${p}.tickSize`, `must have at most ${tickSizeDecimalsMax} decimals, got "${spec.tickSize}"`);
  }
  const contractMultiplier = Number(spec.contractUnit.quantity);
  if (contractMultiplier > contractMultiplierMax) {
    throw new CatalogueError(`${p}.contractUnit.quantity`, `must be at most ${contractMultiplierMax}`);
  }
  const tickValueMinor = minorUnits(spec.tickValue.amount, currencyMinorScale, `${p}.tickValue.amount`, tickValueMinorMax);
  checkTickValue(spec, tick, contractMultiplier);
  const { limitBps, widenAfterLockedDayBps } = spec.priceLimit;
  const widened = limitBps * (bpsScale + widenAfterLockedDayBps);
  if (widened % bpsScale !== 0 || widened / bpsScale >= bpsScale) {
    throw new CatalogueError(`${p}.priceLimit.widenAfterLockedDayBps`,
      `the widened limit ${limitBps} × (1 + ${widenAfterLockedDayBps}/10000) must be a whole number of bps below 10000`);
  }
  const m = spec.margin;
  return {
    ...spec,
    contractMultiplier,
    priceDecimals: tick.scale,
    currencyMinorScale,
    tickValueMinor,
    qtyLotsMin: spec.orderSize.qtyLotsMin,
    qtyLotsMax: spec.orderSize.qtyLotsMax,
    limitBps,
    limitWidenedBps: widened / bpsScale,
    initialMarginBps: m.initialMarginBps,
    maintenanceRatioBps: m.maintenanceRatioBps,
    maintenanceMarginBps: Math.ceil((m.initialMarginBps * m.maintenanceRatioBps) / bpsScale),
    scanRangeBps: m.scanRangeBps,
    calendarSpreadChargeBps: m.calendarSpreadChargeBps,
    positionLimitSpotMonthLots: spec.positionLimits.spotMonthLots,
    positionLimitAllMonthsLots: spec.positionLimits.allMonthsLots,
    feeMakerMinor: minorUnits(spec.fees.makerPerLot, currencyMinorScale, `${p}.fees.makerPerLot`, feeMinorMax),
    feeTakerMinor: minorUnits(spec.fees.takerPerLot, currencyMinorScale, `${p}.fees.takerPerLot`, feeMinorMax),
    calendar: spec.holidayCalendar,
  };
}

/** Relations between fields; each names the field an operator would most likely have to change. */
function checkRelations(spec: ProductSpec): void {
  const p = spec.code;
  const fail = (field: string, why: string): never => { throw new CatalogueError(`${p}.${field}`, why); };
  if (spec.tickValue.currency !== spec.currency) {
    fail('tickValue.currency', `must be the product currency ${spec.currency}, got "${spec.tickValue.currency}"`);
  }
  if (!spec.underlyingIndex.endsWith(`-${spec.currency}`)) {
    fail('underlyingIndex', `must be an index in ${spec.currency} (ending "-${spec.currency}"), got "${spec.underlyingIndex}"`);
  }
  if (spec.quoteUnit !== `${spec.currency} per ${spec.contractUnit.unit}`) {
    fail('quoteUnit', `must be "${spec.currency} per ${spec.contractUnit.unit}" (currency per contract unit), got "${spec.quoteUnit}"`);
  }
  if (spec.orderSize.qtyLotsMin > spec.orderSize.qtyLotsMax) {
    fail('orderSize.qtyLotsMin', `must not exceed qtyLotsMax ${spec.orderSize.qtyLotsMax}`);
  }
  const limits = spec.positionLimits;
  if (limits.spotMonthLots > limits.allMonthsLots) {
    fail('positionLimits.spotMonthLots', `must not exceed allMonthsLots ${limits.allMonthsLots}`);
  }
  if (spec.largeTraderThresholdLots > limits.spotMonthLots) {
    fail('largeTraderThresholdLots', `must not exceed the spot-month position limit ${limits.spotMonthLots}`);
  }
  const m = spec.margin;
  if (m.initialMarginBps < spec.priceLimit.limitBps) {
    fail('margin.initialMarginBps', `must cover one limit move (at least priceLimit.limitBps ${spec.priceLimit.limitBps}), got ${m.initialMarginBps}`);
  }
  if (m.calendarSpreadChargeBps > m.scanRangeBps) {
    fail('margin.calendarSpreadChargeBps', `must not exceed scanRangeBps ${m.scanRangeBps}: a spread never costs more than an outright`);
  }
  checkLaunchDate(spec);
  if (spec.listing.consecutiveMonths !== 12) {
    // The listing calendar's first-trading-day rule assumes the launch cycle of twelve consecutive months.
    fail('listing.consecutiveMonths', `must be 12 (the listing rule is built for twelve consecutive months), got ${spec.listing.consecutiveMonths}`);
  }
}

function checkLaunchDate(spec: ProductSpec): void {
  const field = `${spec.code}.listing.launchDate`;
  const date = spec.listing.launchDate;
  let businessDay: boolean;
  try {
    businessDay = isBusinessDay(spec.holidayCalendar, date);
  } catch (error) {
    if (error instanceof CalendarRangeError) throw new CatalogueError(field, error.message);
    throw error;
  }
  if (!businessDay) throw new CatalogueError(field, `must be a business day of the ${spec.holidayCalendar} calendar, got "${date}"`);
}

/** tickSize × contractMultiplier must equal the stated tick value exactly (decimal arithmetic in bigint). */
function checkTickValue(spec: ProductSpec, tick: { units: bigint; scale: number }, multiplier: number): void {
  const value = parseDecimal(spec.tickValue.amount)!;
  const scale = Math.max(tick.scale, value.scale);
  const product = tick.units * BigInt(multiplier) * 10n ** BigInt(scale - tick.scale);
  const stated = value.units * 10n ** BigInt(scale - value.scale);
  if (product !== stated) {
    throw new CatalogueError(`${spec.code}.tickValue.amount`,
      `must equal tickSize ${spec.tickSize} × contract multiplier ${multiplier}, got "${spec.tickValue.amount}"`);
  }
}

function minorUnits(amount: string, scale: number, field: string, max: bigint): bigint {
  const units = decimalToUnits(amount, scale);
  if (units === undefined) throw new CatalogueError(field, `must be a whole number of minor units (at most ${scale} decimals), got "${amount}"`);
  if (units > max) throw new CatalogueError(field, `must be at most ${max} minor units, got "${amount}"`);
  return units;
}
