// Test support: pre-trade risk's numbers by the definition, order by order (a rescan of the account's open
// orders, as account-risk.ts computed them before it read the store's per-price sums). The property test
// checks that the incremental sums give exactly these numbers after every command.

import type { AccountRisk, HypotheticalOrder } from './account-risk.js';
import { addLeg, emptyExposure, portfolioMargin, productCharge, type ProductExposure } from './margin.js';
import type { ClearingState } from './state.js';
import type { Currency } from './spec.js';

export function accountRiskByScan(state: ClearingState, accountId: number, currency: Currency, extra?: HypotheticalOrder): AccountRisk {
  const { positions, series } = state;
  const products = series.products;
  const positionQty = new Map<number, number>();
  let unrealisedTicksByTv = 0n;
  for (const slot of positions.slotsOf(accountId)) {
    const s = series.at(positions.seriesIdx[slot]!);
    if (s.spec.currency !== currency) continue;
    const qty = positions.qtyLots[slot]!;
    positionQty.set(s.idx, qty);
    const openTicks = qty * s.markPriceTicks - positions.basisTicks[slot]!;
    unrealisedTicksByTv += BigInt(openTicks) * s.spec.tickValueMinor;
  }
  const buys = new Map<number, number>();
  const sells = new Map<number, number>();
  const premiums = new Map<number, { buy: bigint; sell: bigint }>();
  const orders = state.orders.ofAccount(accountId).map((o) => ({ seriesIdx: o.seriesIdx, sign: o.sign, priceTicks: o.priceTicks, qtyLots: o.leavesLots }));
  if (extra) orders.push({ ...extra });
  for (const order of orders) {
    const s = series.at(order.seriesIdx);
    if (s.spec.currency !== currency) continue;
    const side = order.sign > 0 ? buys : sells;
    side.set(s.idx, (side.get(s.idx) ?? 0) + order.qtyLots);
    const worseTicks = Math.max(0, order.sign * (order.priceTicks - s.markPriceTicks));
    const premium = BigInt(worseTicks * order.qtyLots) * s.spec.tickValueMinor;
    const entry = premiums.get(s.productIdx) ?? { buy: 0n, sell: 0n };
    if (order.sign > 0) entry.buy += premium;
    else entry.sell += premium;
    premiums.set(s.productIdx, entry);
  }

  const positionsOnly: ProductExposure[] = [];
  const worstCase: ProductExposure[] = [];
  let premiumTotal = 0n;
  for (let p = 0; p < products.length; p++) {
    const risk = products[p]!;
    if (risk.currency !== currency) continue;
    const held = emptyExposure(risk);
    const allBuys = emptyExposure(risk);
    const allSells = emptyExposure(risk);
    let touched = false;
    for (const s of series.all()) {
      if (s.productIdx !== p) continue;
      const qty = positionQty.get(s.idx) ?? 0;
      const buyLots = buys.get(s.idx) ?? 0;
      const sellLots = sells.get(s.idx) ?? 0;
      if (qty === 0 && buyLots === 0 && sellLots === 0) continue;
      touched = true;
      addLeg(held, qty, s.markPriceTicks, s.tickValueNumber);
      addLeg(allBuys, qty + buyLots, s.markPriceTicks, s.tickValueNumber);
      addLeg(allSells, qty - sellLots, s.markPriceTicks, s.tickValueNumber);
    }
    if (!touched) continue;
    positionsOnly.push(held);
    const premium = premiums.get(p) ?? { buy: 0n, sell: 0n };
    const buyCost = chargeOf(allBuys) + premium.buy;
    const sellCost = chargeOf(allSells) + premium.sell;
    worstCase.push(buyCost >= sellCost ? allBuys : allSells);
    premiumTotal += buyCost >= sellCost ? premium.buy : premium.sell;
  }
  const margin = portfolioMargin(currency, positionsOnly);
  const requiredWithOrders = portfolioMargin(currency, worstCase).initialMinor + premiumTotal;
  const cash = state.ledger.balanceOf('clientCash', accountId, currency);
  const equity = cash + unrealisedTicksByTv;
  return {
    currency, cashMinor: cash, unrealisedMinor: unrealisedTicksByTv, equityMinor: equity, margin,
    requiredWithOrdersMinor: requiredWithOrders, freeEquityMinor: equity - requiredWithOrders,
  };
}

function chargeOf(exposure: ProductExposure): bigint {
  const charge = productCharge(exposure);
  return charge.scanRiskMinor + charge.spreadChargeMinor;
}
