// Pre-trade risk's numbers (equity, requirement with orders, free equity) without garbage: this runs before
// every order, and the definition (account-risk.ts, in bigint, with a Map of legs and exposure objects) made
// about 2 KB of garbage per check. Here every term is a float64 integer checked to stay below 2^53, so each is
// exact, and the per-series and per-product working sums live in typed arrays reused from check to check.
// When any term would leave the exact range the answer is `undefined` and the caller takes the definition,
// which then gives the exact figure or fails its own range assertion exactly as before.
//
// The order of the sums differs from the definition's (series as met, not by index): all the sums are exact,
// and the bound checked first (Σ (|position| + buys + sells) × lot notional ≤ 2^53) keeps every partial sum
// of every exposure, in any order, inside the range the definition asserts. order-risk.test.ts holds this
// function to the definition, near 2^53 included.

import { productsMax, seriesMax } from './limits.js';
import { mulBpsCeil, pairedScanCredit, scanRiskOf } from './margin.js';
import type { SideLots } from './orders.js';
import type { Currency } from './spec.js';
import type { ClearingState } from './state.js';

/** Valid until the next call: read it at once. */
export interface OrderRiskNumbers {
  readonly equityMinor: number;
  readonly requiredWithOrdersMinor: number;
  readonly freeEquityMinor: number;
}

const safeMax = Number.MAX_SAFE_INTEGER;
/** Stamps stay small integers (no heap number per write); at this many checks they start again. */
const epochMax = 2 ** 30;

class Scratch {
  epoch = 0;
  /** Per series: touched by this check when stamp = epoch; its position, open lots and premium (ticks × lots). */
  readonly stamp = new Uint32Array(seriesMax);
  readonly touched = new Uint16Array(seriesMax);
  touchedCount = 0;
  readonly qtyLots = new Float64Array(seriesMax);
  readonly buyLots = new Float64Array(seriesMax);
  readonly sellLots = new Float64Array(seriesMax);
  readonly buyPremiumTicksLots = new Float64Array(seriesMax);
  readonly sellPremiumTicksLots = new Float64Array(seriesMax);
  /** Per product: touched when productStamp = epoch; the exposures if all buys / all sells filled, premiums in minor units. */
  readonly productStamp = new Uint32Array(productsMax);
  readonly buyNetMinor = new Float64Array(productsMax);
  readonly buyLongLots = new Float64Array(productsMax);
  readonly buyShortLots = new Float64Array(productsMax);
  readonly buyDearestMinor = new Float64Array(productsMax);
  readonly buyPremiumMinor = new Float64Array(productsMax);
  readonly sellNetMinor = new Float64Array(productsMax);
  readonly sellLongLots = new Float64Array(productsMax);
  readonly sellShortLots = new Float64Array(productsMax);
  readonly sellDearestMinor = new Float64Array(productsMax);
  readonly sellPremiumMinor = new Float64Array(productsMax);
  /** The worse side of each product, in catalogue order: scan risk left to pair, net sign, group. */
  readonly chosenScanLeftMinor = new Float64Array(productsMax);
  readonly chosenNetSign = new Int8Array(productsMax);
  readonly chosenIsToken = new Uint8Array(productsMax);
  readonly chosenIsGpu = new Uint8Array(productsMax);
  readonly result = { equityMinor: 0.5, requiredWithOrdersMinor: 0.5, freeEquityMinor: 0.5 };

  nextEpoch(): number {
    if (++this.epoch >= epochMax) {
      this.stamp.fill(0);
      this.productStamp.fill(0);
      this.epoch = 1;
    }
    this.touchedCount = 0;
    return this.epoch;
  }

  touch(seriesIdx: number, epoch: number): void {
    if (this.stamp[seriesIdx] === epoch) return;
    this.stamp[seriesIdx] = epoch;
    this.touched[this.touchedCount++] = seriesIdx;
    this.qtyLots[seriesIdx] = 0;
    this.buyLots[seriesIdx] = 0;
    this.sellLots[seriesIdx] = 0;
    this.buyPremiumTicksLots[seriesIdx] = 0;
    this.sellPremiumTicksLots[seriesIdx] = 0;
  }

  touchProduct(productIdx: number, epoch: number): void {
    if (this.productStamp[productIdx] === epoch) return;
    this.productStamp[productIdx] = epoch;
    this.buyNetMinor[productIdx] = 0;
    this.buyLongLots[productIdx] = 0;
    this.buyShortLots[productIdx] = 0;
    this.buyDearestMinor[productIdx] = 0;
    this.buyPremiumMinor[productIdx] = 0;
    this.sellNetMinor[productIdx] = 0;
    this.sellLongLots[productIdx] = 0;
    this.sellShortLots[productIdx] = 0;
    this.sellDearestMinor[productIdx] = 0;
    this.sellPremiumMinor[productIdx] = 0;
  }
}

const scratch = new Scratch();

/**
 * orderRisk's numbers for the account in one currency, with a hypothetical order when extraSeriesIdx ≥ 0;
 * undefined when a term would leave the exact range (then use orderRisk).
 */
export function orderRiskNumbers(
  state: ClearingState, accountId: number, currency: Currency,
  extraSeriesIdx: number, extraSign: 1 | -1, extraPriceTicks: number, extraQtyLots: number,
): OrderRiskNumbers | undefined {
  const epoch = scratch.nextEpoch();
  const unrealisedMinor = gatherLegs(state, accountId, currency, extraSeriesIdx, extraSign, extraPriceTicks, extraQtyLots, epoch);
  if (Number.isNaN(unrealisedMinor) || !sumProducts(state, epoch)) return undefined;
  const requiredMinor = requiredWithOrders(state, currency, epoch);
  // NaN when the cash balance is past 2^53 (and required is NaN when out of range): free equity is then NaN.
  const cashMinor = state.ledger.balanceNumberOf('clientCash', accountId, currency);
  const equityMinor = cashMinor + unrealisedMinor;
  const freeEquityMinor = equityMinor - requiredMinor;
  if (!(Number.isSafeInteger(equityMinor) && Number.isSafeInteger(freeEquityMinor))) return undefined;
  const { result } = scratch;
  result.equityMinor = equityMinor;
  result.requiredWithOrdersMinor = requiredMinor;
  result.freeEquityMinor = freeEquityMinor;
  return result;
}

/** Positions, open orders and the hypothetical order into the per-series sums; the unrealised P&L, NaN when out of range. */
function gatherLegs(
  state: ClearingState, accountId: number, currency: Currency,
  extraSeriesIdx: number, extraSign: 1 | -1, extraPriceTicks: number, extraQtyLots: number, epoch: number,
): number {
  const s = scratch;
  const { positions, series } = state;
  let unrealisedMinor = 0;
  const slots = positions.slotsOf(accountId);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const ser = series.at(positions.seriesIdx[slot]!);
    if (ser.spec.currency !== currency) continue;
    const qty = positions.qtyLots[slot]!;
    s.touch(ser.idx, epoch);
    s.qtyLots[ser.idx] = qty;
    // The same float expression as the definition, so the same value (which it then takes to bigint).
    const openTicks = qty * ser.markPriceTicks - positions.basisTicks[slot]!;
    const openMinor = openTicks * ser.tickValueNumber;
    unrealisedMinor += openMinor;
    if (!(Number.isSafeInteger(openTicks) && Number.isSafeInteger(openMinor) && Number.isSafeInteger(unrealisedMinor))) return Number.NaN;
  }
  const sumsList = state.orders.seriesSumsOf(accountId);
  for (let i = 0; i < sumsList.length; i++) {
    const sums = sumsList[i]!;
    if (sums.orderCount === 0) continue;
    const ser = series.at(sums.seriesIdx);
    if (ser.spec.currency !== currency) continue;
    const idx = ser.idx;
    s.touch(idx, epoch);
    s.buyLots[idx]! += sums.buy.lots;
    s.sellLots[idx]! += sums.sell.lots;
    const buyPremium = (s.buyPremiumTicksLots[idx]! += premiumTicksLots(sums.buy, 1, ser.markPriceTicks));
    const sellPremium = (s.sellPremiumTicksLots[idx]! += premiumTicksLots(sums.sell, -1, ser.markPriceTicks));
    if (!(buyPremium <= safeMax && sellPremium <= safeMax)) return Number.NaN;
  }
  if (extraSeriesIdx >= 0) {
    const ser = series.at(extraSeriesIdx);
    if (ser.spec.currency === currency) {
      const idx = ser.idx;
      s.touch(idx, epoch);
      const worseTicks = Math.max(0, extraSign * (extraPriceTicks - ser.markPriceTicks));
      const premium = worseTicks * extraQtyLots;
      // The definition takes both to bigint, which throws on a fraction: leave such an order to it.
      if (!(Number.isSafeInteger(worseTicks) && Number.isSafeInteger(extraQtyLots) && Number.isSafeInteger(premium))) return Number.NaN;
      const total = extraSign > 0
        ? (s.buyLots[idx]! += extraQtyLots, s.buyPremiumTicksLots[idx]! += premium)
        : (s.sellLots[idx]! += extraQtyLots, s.sellPremiumTicksLots[idx]! += premium);
      if (!(total <= safeMax)) return Number.NaN;
    }
  }
  return unrealisedMinor;
}

/**
 * Σ over prices of the ticks each lot fills worse than the mark, × lots; NaN when out of range. Every term is
 * ≥ 0, so a total within 2^53 means every term and partial sum was exact.
 */
function premiumTicksLots(side: SideLots, sign: 1 | -1, markTicks: number): number {
  let sum = 0;
  for (let level = 0; level < side.levelCount; level++) {
    const worseTicks = sign * (side.levelPriceTicks(level) - markTicks);
    const lots = side.levelLots(level);
    if (worseTicks > 0 && lots > 0) {
      if (!Number.isSafeInteger(worseTicks)) return Number.NaN;
      sum += worseTicks * lots;
    }
  }
  return Number.isSafeInteger(sum) ? sum : Number.NaN;
}

/**
 * The touched series into per-product exposures as if all buys, or all sells, filled; false when out of range.
 * Σ (|position| + buys + sells) × lot notional within 2^53 bounds every notional, net, outright sum and partial
 * sum of both exposures (and of the positions alone), so none of the definition's range assertions can fail.
 */
function sumProducts(state: ClearingState, epoch: number): boolean {
  const s = scratch;
  const { series } = state;
  let boundMinor = 0;
  for (let i = 0; i < s.touchedCount; i++) {
    const idx = s.touched[i]!;
    const qty = s.qtyLots[idx]!;
    const buys = s.buyLots[idx]!;
    const sells = s.sellLots[idx]!;
    if (qty === 0 && buys === 0 && sells === 0) continue;
    const ser = series.at(idx);
    const lotNotionalMinor = ser.markPriceTicks * ser.tickValueNumber;
    boundMinor += (Math.abs(qty) + buys + sells) * lotNotionalMinor;
    if (!(Number.isSafeInteger(lotNotionalMinor) && Number.isSafeInteger(boundMinor))) return false;
    const p = ser.productIdx;
    s.touchProduct(p, epoch);
    const buyQty = qty + buys;
    if (buyQty !== 0) {
      s.buyNetMinor[p]! += buyQty * lotNotionalMinor;
      if (buyQty > 0) s.buyLongLots[p]! += buyQty;
      else s.buyShortLots[p]! -= buyQty;
      if (lotNotionalMinor > s.buyDearestMinor[p]!) s.buyDearestMinor[p] = lotNotionalMinor;
    }
    const sellQty = qty - sells;
    if (sellQty !== 0) {
      s.sellNetMinor[p]! += sellQty * lotNotionalMinor;
      if (sellQty > 0) s.sellLongLots[p]! += sellQty;
      else s.sellShortLots[p]! -= sellQty;
      if (lotNotionalMinor > s.sellDearestMinor[p]!) s.sellDearestMinor[p] = lotNotionalMinor;
    }
    const buyPremiumMinor = (s.buyPremiumMinor[p]! += s.buyPremiumTicksLots[idx]! * ser.tickValueNumber);
    const sellPremiumMinor = (s.sellPremiumMinor[p]! += s.sellPremiumTicksLots[idx]! * ser.tickValueNumber);
    if (!(Number.isSafeInteger(buyPremiumMinor) && Number.isSafeInteger(sellPremiumMinor))) return false;
  }
  return true;
}

/**
 * Per product the side that costs more (charges plus premiums; buys on a tie), then the portfolio's initial
 * margin of those exposures plus their premiums: margin.ts's portfolioMarginNumbers, with its pairedScanCredit, on
 * typed arrays. NaN when out of range.
 */
function requiredWithOrders(state: ClearingState, currency: Currency, epoch: number): number {
  const s = scratch;
  const products = state.series.products;
  let scanMinor = 0;
  let spreadMinor = 0;
  let premiumMinor = 0;
  let chosen = 0;
  for (let p = 0; p < products.length; p++) {
    const risk = products[p]!;
    if (risk.currency !== currency || s.productStamp[p] !== epoch) continue;
    const buyScan = scanRiskOf(s.buyNetMinor[p]!, risk.scanRangeBps);
    const sellScan = scanRiskOf(s.sellNetMinor[p]!, risk.scanRangeBps);
    const buySpreadNotional = Math.min(s.buyLongLots[p]!, s.buyShortLots[p]!) * s.buyDearestMinor[p]!;
    const sellSpreadNotional = Math.min(s.sellLongLots[p]!, s.sellShortLots[p]!) * s.sellDearestMinor[p]!;
    if (!(Number.isSafeInteger(buySpreadNotional) && Number.isSafeInteger(sellSpreadNotional))) return Number.NaN;
    const buySpread = mulBpsCeil(buySpreadNotional, risk.calendarSpreadChargeBps);
    const sellSpread = mulBpsCeil(sellSpreadNotional, risk.calendarSpreadChargeBps);
    const buyCost = buyScan + buySpread + s.buyPremiumMinor[p]!;
    const sellCost = sellScan + sellSpread + s.sellPremiumMinor[p]!;
    if (!(Number.isSafeInteger(buyCost) && Number.isSafeInteger(sellCost))) return Number.NaN;
    const buys = buyCost >= sellCost;
    scanMinor += buys ? buyScan : sellScan;
    spreadMinor += buys ? buySpread : sellSpread;
    premiumMinor += buys ? s.buyPremiumMinor[p]! : s.sellPremiumMinor[p]!;
    s.chosenScanLeftMinor[chosen] = buys ? buyScan : sellScan;
    s.chosenNetSign[chosen] = Math.sign(buys ? s.buyNetMinor[p]! : s.sellNetMinor[p]!);
    s.chosenIsToken[chosen] = risk.group === 'token' ? 1 : 0;
    s.chosenIsGpu[chosen] = risk.group === 'gpu' ? 1 : 0;
    chosen++;
  }
  if (!(Number.isSafeInteger(scanMinor + spreadMinor) && Number.isSafeInteger(premiumMinor))) return Number.NaN;
  const creditMinor = chosen >= 2 ? pairedScanCredit(chosen, s.chosenIsToken, s.chosenIsGpu, s.chosenNetSign, s.chosenScanLeftMinor) : 0;
  const initialMinor = scanMinor + spreadMinor - creditMinor;
  const requiredMinor = initialMinor + premiumMinor;
  return initialMinor >= 0 && Number.isSafeInteger(requiredMinor) ? requiredMinor : Number.NaN;
}
