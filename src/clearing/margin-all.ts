// Margin of an account's positions (no open orders), the end-of-day path: one pass over the account's position
// slots into per-product exposures, then the portfolio method per currency. Shared by the daily settlement,
// margin calls and the report, and fast enough for a million positions (no maps, one small array per account).

import { addLeg, emptyExposure, portfolioMargin, type MarginBreakdown, type ProductExposure } from './margin.js';
import type { Currency } from './spec.js';
import type { ClearingState } from './state.js';

export function positionsMargin(state: ClearingState, accountId: number): MarginBreakdown[] {
  const { positions, series } = state;
  const exposures: (ProductExposure | undefined)[] = [];
  for (const slot of positions.slotsOf(accountId)) {
    const qty = positions.qtyLots[slot]!;
    if (qty === 0) continue;
    const s = series.at(positions.seriesIdx[slot]!);
    const exposure = (exposures[s.productIdx] ??= emptyExposure(series.products[s.productIdx]!));
    addLeg(exposure, qty, s.markPriceTicks, s.tickValueNumber);
  }
  const result: MarginBreakdown[] = [];
  for (const currency of ['USD', 'CNY'] as const satisfies readonly Currency[]) {
    const inCurrency: ProductExposure[] = [];
    for (const exposure of exposures) if (exposure && exposure.risk.currency === currency) inCurrency.push(exposure);
    if (inCurrency.length > 0) result.push(portfolioMargin(currency, inCurrency));
  }
  return result;
}
