// Equity and margin of one account in one currency, as risk and margin calls see them.
//
// equity = cash + Σ (qty × mark − basis) × tickValue over the account's positions in that currency, where
// mark is the last settlement price: open P&L since the last settlement (or since the trade) counts.
// The requirement for new orders adds every open order as if it filled: per product, either all buys or all
// sells fill (whichever costs more margin), each at its limit price; a fill worse than the mark adds its
// immediate loss ("premium") to the requirement. free equity = equity − that requirement.
//
// Open orders are read as the store's per-series, per-side sums by price (orders.ts), so one check costs the
// series the account touches and the distinct prices of its orders, not the number of its orders: this runs
// before every new order. testkit-risk.ts keeps the order-by-order definition and the property test compares.

import { addLeg, emptyExposure, portfolioMargin, portfolioMarginNumbers, productCharge, type MarginBreakdown, type ProductExposure } from './margin.js';
import type { SideLots } from './orders.js';
import type { ClearingState } from './state.js';
import type { Currency } from './spec.js';

export interface HypotheticalOrder {
  readonly seriesIdx: number;
  readonly sign: 1 | -1;
  readonly priceTicks: number;
  readonly qtyLots: number;
}

export interface AccountRisk {
  readonly currency: Currency;
  readonly cashMinor: bigint;
  readonly unrealisedMinor: bigint;
  readonly equityMinor: bigint;
  /** Margin of the positions alone. */
  readonly margin: MarginBreakdown;
  /** Margin of positions and open orders (and the hypothetical order), plus fill premiums. */
  readonly requiredWithOrdersMinor: bigint;
  readonly freeEquityMinor: bigint;
}

/** What pre-trade risk needs: AccountRisk without the positions-only margin breakdown. */
export type OrderRisk = Pick<AccountRisk, 'equityMinor' | 'requiredWithOrdersMinor' | 'freeEquityMinor'>;

export function accountRisk(state: ClearingState, accountId: number, currency: Currency, extra?: HypotheticalOrder): AccountRisk {
  const x = exposuresOf(state, accountId, currency, extra);
  const margin = portfolioMargin(currency, x.positionsOnly);
  const required = BigInt(portfolioMarginNumbers(currency, x.worstCase).initial) + x.premiumMinor;
  const cash = state.ledger.balanceOf('clientCash', accountId, currency);
  const equity = cash + x.unrealisedMinor;
  return {
    currency, cashMinor: cash, unrealisedMinor: x.unrealisedMinor, equityMinor: equity, margin,
    requiredWithOrdersMinor: required, freeEquityMinor: equity - required,
  };
}

/** The same numbers as accountRisk for equity and the requirement with orders, without the report's detail. */
export function orderRisk(state: ClearingState, accountId: number, currency: Currency, extra?: HypotheticalOrder): OrderRisk {
  const x = exposuresOf(state, accountId, currency, extra);
  const required = BigInt(portfolioMarginNumbers(currency, x.worstCase).initial) + x.premiumMinor;
  const equity = state.ledger.balanceOf('clientCash', accountId, currency) + x.unrealisedMinor;
  return { equityMinor: equity, requiredWithOrdersMinor: required, freeEquityMinor: equity - required };
}

interface Exposures {
  readonly unrealisedMinor: bigint;
  /** Per product touched, in catalogue order: the positions alone, and the worse of all buys / all sells filled. */
  readonly positionsOnly: ProductExposure[];
  readonly worstCase: ProductExposure[];
  /** The premiums of the side chosen for each product. */
  readonly premiumMinor: bigint;
}

/** One series the account touches: its position and open lots per side (with the hypothetical order). */
interface Leg {
  readonly seriesIdx: number;
  qtyLots: number;
  buyLots: number;
  sellLots: number;
  buyPremiumTicksLots: bigint;
  sellPremiumTicksLots: bigint;
}

function exposuresOf(state: ClearingState, accountId: number, currency: Currency, extra?: HypotheticalOrder): Exposures {
  const { positions, series } = state;
  const legs = new Map<number, Leg>();
  let unrealisedTicksByTv = 0n;
  for (const slot of positions.slotsOf(accountId)) {
    const s = series.at(positions.seriesIdx[slot]!);
    if (s.spec.currency !== currency) continue;
    const qty = positions.qtyLots[slot]!;
    legOf(legs, s.idx).qtyLots = qty;
    const openTicks = qty * s.markPriceTicks - positions.basisTicks[slot]!;
    unrealisedTicksByTv += BigInt(openTicks) * s.spec.tickValueMinor;
  }
  for (const sums of state.orders.seriesSumsOf(accountId)) {
    if (sums.orderCount === 0) continue;
    const s = series.at(sums.seriesIdx);
    if (s.spec.currency !== currency) continue;
    const leg = legOf(legs, s.idx);
    leg.buyLots += sums.buy.lots;
    leg.sellLots += sums.sell.lots;
    leg.buyPremiumTicksLots += premiumTicksLots(sums.buy, 1, s.markPriceTicks);
    leg.sellPremiumTicksLots += premiumTicksLots(sums.sell, -1, s.markPriceTicks);
  }
  if (extra) {
    const s = series.at(extra.seriesIdx);
    if (s.spec.currency === currency) {
      const leg = legOf(legs, s.idx);
      const worseTicks = Math.max(0, extra.sign * (extra.priceTicks - s.markPriceTicks));
      if (extra.sign > 0) {
        leg.buyLots += extra.qtyLots;
        leg.buyPremiumTicksLots += BigInt(worseTicks) * BigInt(extra.qtyLots);
      } else {
        leg.sellLots += extra.qtyLots;
        leg.sellPremiumTicksLots += BigInt(worseTicks) * BigInt(extra.qtyLots);
      }
    }
  }

  // Series in index order within each product, products in catalogue order: the order the sums were always
  // taken in.
  const touched = [...legs.values()].sort((a, b) => a.seriesIdx - b.seriesIdx);
  const positionsOnly: ProductExposure[] = [];
  const worstCase: ProductExposure[] = [];
  let premiumTotal = 0n;
  const products = series.products;
  for (let p = 0; p < products.length; p++) {
    const risk = products[p]!;
    if (risk.currency !== currency) continue;
    let held: ProductExposure | undefined;
    let allBuys: ProductExposure | undefined;
    let allSells: ProductExposure | undefined;
    let premiumBuy = 0n;
    let premiumSell = 0n;
    for (const leg of touched) {
      const s = series.at(leg.seriesIdx);
      if (s.productIdx !== p) continue;
      if (leg.qtyLots === 0 && leg.buyLots === 0 && leg.sellLots === 0) continue;
      if (!held) {
        held = emptyExposure(risk);
        allBuys = emptyExposure(risk);
        allSells = emptyExposure(risk);
      }
      addLeg(held, leg.qtyLots, s.markPriceTicks, s.tickValueNumber);
      addLeg(allBuys!, leg.qtyLots + leg.buyLots, s.markPriceTicks, s.tickValueNumber);
      addLeg(allSells!, leg.qtyLots - leg.sellLots, s.markPriceTicks, s.tickValueNumber);
      premiumBuy += leg.buyPremiumTicksLots * s.spec.tickValueMinor;
      premiumSell += leg.sellPremiumTicksLots * s.spec.tickValueMinor;
    }
    if (!held) continue;
    positionsOnly.push(held);
    const buyCost = chargeOf(allBuys!) + premiumBuy;
    const sellCost = chargeOf(allSells!) + premiumSell;
    worstCase.push(buyCost >= sellCost ? allBuys! : allSells!);
    premiumTotal += buyCost >= sellCost ? premiumBuy : premiumSell;
  }
  return { unrealisedMinor: unrealisedTicksByTv, positionsOnly, worstCase, premiumMinor: premiumTotal };
}

function legOf(legs: Map<number, Leg>, seriesIdx: number): Leg {
  let leg = legs.get(seriesIdx);
  if (!leg) legs.set(seriesIdx, (leg = { seriesIdx, qtyLots: 0, buyLots: 0, sellLots: 0, buyPremiumTicksLots: 0n, sellPremiumTicksLots: 0n }));
  return leg;
}

/** Σ over prices of the ticks each lot fills worse than the mark (buys above it, sells below), × lots. */
function premiumTicksLots(side: SideLots, sign: 1 | -1, markTicks: number): bigint {
  let sum = 0n;
  for (let level = 0; level < side.levelCount; level++) {
    const lots = side.levelLots(level);
    const worseTicks = sign * (side.levelPriceTicks(level) - markTicks);
    if (worseTicks > 0 && lots > 0) sum += BigInt(worseTicks) * BigInt(lots);
  }
  return sum;
}

function chargeOf(exposure: ProductExposure): bigint {
  const charge = productCharge(exposure);
  return charge.scanRiskMinor + charge.spreadChargeMinor;
}
