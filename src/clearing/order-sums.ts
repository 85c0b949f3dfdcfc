// An account's open lots in one series, per side and by limit price: what pre-trade risk reads instead of the
// orders themselves (orders.ts keeps them in step with every accepted order, fill, amend and cancel).
//
// Levels are parallel arrays (price, lots) with a Map from price to index: risk walks them on every order, and
// walking a Map's entries made an [price, lots] array per level per order. A price level that empties keeps
// its slot at zero lots: the usual account has one order open at a time, so its level goes 0 → n → 0 on every
// order, and deleting each time made V8 shrink and rebuild the Map. Zero levels are swept out (arrays
// compacted, index rebuilt) once they outnumber the live ones and pass a small floor, so the arrays stay
// bounded by twice the prices in use.

import { assert } from '../core/assert.js';

/** One side of an account's open orders in one series: lots in total and by limit price. */
export interface SideLots {
  readonly lots: number;
  /** Levels kept, some possibly at zero lots; read with levelPriceTicks / levelLots (the hot path). */
  readonly levelCount: number;
  levelPriceTicks(level: number): number;
  levelLots(level: number): number;
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
  private readonly prices: number[] = [];
  private readonly lotsAt: number[] = [];
  private readonly levelByPrice = new Map<number, number>();
  private zeroLevels = 0;

  get levelCount(): number {
    return this.prices.length;
  }

  levelPriceTicks(level: number): number {
    return this.prices[level]!;
  }

  levelLots(level: number): number {
    return this.lotsAt[level]!;
  }

  get byPrice(): ReadonlyMap<number, number> {
    const out = new Map<number, number>();
    for (let i = 0; i < this.prices.length; i++) if (this.lotsAt[i] !== 0) out.set(this.prices[i]!, this.lotsAt[i]!);
    return out;
  }

  add(priceTicks: number, lots: number): void {
    let level = this.levelByPrice.get(priceTicks);
    const before = level === undefined ? undefined : this.lotsAt[level]!;
    const atPrice = (before ?? 0) + lots;
    // Checked on every order: the message (with its number-to-string work) is built only when it fails.
    if (!(atPrice >= 0)) assert(false, `open lots at price ${priceTicks} went negative`);
    if (level === undefined) {
      level = this.prices.length;
      this.prices.push(priceTicks);
      this.lotsAt.push(atPrice);
      this.levelByPrice.set(priceTicks, level);
    } else {
      this.lotsAt[level] = atPrice;
    }
    if (atPrice === 0) {
      if (before !== 0) this.zeroLevels++;
      if (this.zeroLevels > zeroLevelsKeptMin && this.zeroLevels * 2 > this.prices.length) this.sweep();
    } else if (before === 0) {
      this.zeroLevels--;
    }
    this.lots += lots;
    assert(this.lots >= 0, 'open lots went negative');
  }

  private sweep(): void {
    let kept = 0;
    for (let i = 0; i < this.prices.length; i++) {
      if (this.lotsAt[i] === 0) continue;
      this.prices[kept] = this.prices[i]!;
      this.lotsAt[kept++] = this.lotsAt[i]!;
    }
    this.prices.length = kept;
    this.lotsAt.length = kept;
    this.levelByPrice.clear();
    for (let i = 0; i < kept; i++) this.levelByPrice.set(this.prices[i]!, i);
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
