// An account's open lots in one series, per side and by limit price: what pre-trade risk reads instead of the
// orders themselves (orders.ts keeps them in step with every accepted order, fill, amend and cancel).
//
// A price level that empties keeps its entry at zero lots: the usual account has one order open at a time, so
// its level goes 0 → n → 0 on every order, and deleting the Map entry each time made V8 shrink and rebuild the
// table each time. Zero entries are swept out once they outnumber the live ones (and pass a small floor), so
// the map stays bounded by twice the prices in use.

import { assert } from '../core/assert.js';

/** One side of an account's open orders in one series: lots in total and by limit price. */
export interface SideLots {
  readonly lots: number;
  /** priceTicks → open lots at that price; may hold levels at zero lots (the hot path reads this). */
  readonly levels: ReadonlyMap<number, number>;
  /** priceTicks → open lots, only prices with open lots: a new Map on each read (tests and reports). */
  readonly byPrice: ReadonlyMap<number, number>;
}

/** An account's open orders in one series, summed per side. */
export interface SeriesOrders {
  readonly seriesIdx: number;
  /** Open orders of the account in this series (the sums are kept, at zero, when it has none). */
  readonly orderCount: number;
  readonly buy: SideLots;
  readonly sell: SideLots;
}

/** Zero levels tolerated before a sweep, whatever the live count. */
const zeroLevelsKeptMin = 16;

export class MutableSideLots implements SideLots {
  lots = 0;
  readonly levels = new Map<number, number>();
  private zeroLevels = 0;

  get byPrice(): ReadonlyMap<number, number> {
    const out = new Map<number, number>();
    for (const [priceTicks, lots] of this.levels) if (lots !== 0) out.set(priceTicks, lots);
    return out;
  }

  add(priceTicks: number, lots: number): void {
    const before = this.levels.get(priceTicks);
    const atPrice = (before ?? 0) + lots;
    // Checked on every order: the message (with its number-to-string work) is built only when it fails.
    if (!(atPrice >= 0)) assert(false, `open lots at price ${priceTicks} went negative`);
    this.levels.set(priceTicks, atPrice);
    if (atPrice === 0) {
      if (before !== 0) this.zeroLevels++;
      if (this.zeroLevels > zeroLevelsKeptMin && this.zeroLevels * 2 > this.levels.size) this.sweep();
    } else if (before === 0) {
      this.zeroLevels--;
    }
    this.lots += lots;
    assert(this.lots >= 0, 'open lots went negative');
  }

  private sweep(): void {
    for (const [priceTicks, lots] of this.levels) if (lots === 0) this.levels.delete(priceTicks);
    this.zeroLevels = 0;
  }
}

export interface MutableSeriesOrders extends SeriesOrders {
  orderCount: number;
  readonly buy: MutableSideLots;
  readonly sell: MutableSideLots;
}

export function newSeriesOrders(seriesIdx: number): MutableSeriesOrders {
  return { seriesIdx, orderCount: 0, buy: new MutableSideLots(), sell: new MutableSideLots() };
}

export function sideOf<T extends SeriesOrders>(sums: T, sign: 1 | -1): T['buy'] {
  return sign > 0 ? sums.buy : sums.sell;
}
