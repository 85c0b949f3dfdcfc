// Margin of an account's positions (no open orders), the end-of-day path: one pass over the account's position
// slots into per-product exposures, then the portfolio method per currency. positionsMargin gives the full
// breakdown (reports, margin calls); PositionsMarginScanner gives the totals for a million positions without
// allocating per position (scratch exposures reused across accounts).

import { assert } from '../core/assert.js';
import { addLeg, emptyExposure, portfolioMargin, portfolioMarginNumbers, type MarginBreakdown, type MarginNumbers, type ProductExposure } from './margin.js';
import { currencies } from './spec.js';
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
  for (const currency of currencies) {
    const inCurrency: ProductExposure[] = [];
    for (const exposure of exposures) if (exposure && exposure.risk.currency === currency) inCurrency.push(exposure);
    if (inCurrency.length > 0) result.push(portfolioMargin(currency, inCurrency));
  }
  return result;
}

export interface ScanResult {
  USD?: MarginNumbers;
  CNY?: MarginNumbers;
  openUsdMinor: number;
  openCnyMinor: number;
}

export class PositionsMarginScanner {
  private readonly scratch: ProductExposure[];
  private readonly touched: boolean[];
  private readonly productOf: Int32Array;
  private readonly priceOf: Float64Array;
  private readonly tickValueOf: Float64Array;
  private readonly isUsd: boolean[];

  constructor(private readonly state: ClearingState) {
    const { series } = state;
    this.scratch = series.products.map((risk) => emptyExposure(risk));
    this.touched = series.products.map(() => false);
    this.productOf = Int32Array.from(series.all(), (s) => s.productIdx);
    this.priceOf = Float64Array.from(series.all(), (s) => s.markPriceTicks);
    this.tickValueOf = Float64Array.from(series.all(), (s) => s.tickValueNumber);
    this.isUsd = series.all().map((s) => s.spec.currency === 'USD');
  }

  /**
   * Margin totals per currency of one account's positions (undefined for currencies not held), and the open
   * P&L of those positions at the marks (qty × mark − basis, times the tick value) for the account's equity.
   */
  scan(accountId: number): ScanResult {
    const { positions } = this.state;
    const slots = positions.slotsOf(accountId);
    for (let p = 0; p < this.scratch.length; p++) {
      if (!this.touched[p]) continue;
      const e = this.scratch[p]!;
      e.netNotionalMinor = 0;
      e.longLots = 0;
      e.shortLots = 0;
      e.dearestLotNotionalMinor = 0;
      e.outrightMinor = 0;
      this.touched[p] = false;
    }
    let openUsd = 0;
    let openCny = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const qty = positions.qtyLots[slot]!;
      const s = positions.seriesIdx[slot]!;
      const openTicks = qty * this.priceOf[s]! - positions.basisTicks[slot]!;
      if (openTicks !== 0) {
        if (this.isUsd[s]) openUsd += openTicks * this.tickValueOf[s]!;
        else openCny += openTicks * this.tickValueOf[s]!;
      }
      if (qty === 0) continue;
      const p = this.productOf[s]!;
      this.touched[p] = true;
      addLeg(this.scratch[p]!, qty, this.priceOf[s]!, this.tickValueOf[s]!);
    }
    assert(Number.isSafeInteger(openUsd) && Number.isSafeInteger(openCny), `open P&L of account ${accountId} left the exact range`);
    const result: ScanResult = { openUsdMinor: openUsd, openCnyMinor: openCny };
    for (const currency of currencies) {
      const inCurrency: ProductExposure[] = [];
      for (let p = 0; p < this.scratch.length; p++) if (this.touched[p] && this.scratch[p]!.risk.currency === currency) inCurrency.push(this.scratch[p]!);
      if (inCurrency.length > 0) result[currency] = portfolioMarginNumbers(currency, inCurrency);
    }
    assert(slots.length === 0 || result.USD !== undefined || result.CNY !== undefined || slots.every((s) => positions.qtyLots[s] === 0), 'positions without margin');
    return result;
  }
}
