// The open orders of every account, as risk needs them: kept from the engine's events (accepted, trade,
// cancelled, amended, triggered), never from what a client says. Risk charges margin for them as if every
// buy (or every sell) of a product filled at its limit price.
//
// Besides the orders themselves the store keeps, per account and series, the open lots of each side summed
// by limit price (`SeriesOrders`), updated on every change. Pre-trade risk reads those sums instead of
// rescanning the account's orders: a market maker with a thousand resting orders costs the same per new order
// as one with a single order (the cost is the number of distinct prices, not of orders).

import { assert } from '../core/assert.js';
import { openOrdersMax, openOrdersPerAccountMax } from './limits.js';

export interface OpenOrder {
  readonly orderId: number;
  readonly accountId: number;
  readonly seriesIdx: number;
  /** +1 buy, −1 sell. */
  readonly sign: 1 | -1;
  /** Changed only through the store (setLeaves, setPrice), which keeps the per-price sums in step. */
  readonly priceTicks: number;
  readonly leavesLots: number;
}

type MutableOrder = { -readonly [K in keyof OpenOrder]: OpenOrder[K] };

/** One side of an account's open orders in one series: lots in total and by limit price. */
export interface SideLots {
  readonly lots: number;
  /** priceTicks → open lots at that price (entries with zero lots are removed). */
  readonly byPrice: ReadonlyMap<number, number>;
}

/** An account's open orders in one series, summed per side. */
export interface SeriesOrders {
  readonly seriesIdx: number;
  readonly buy: SideLots;
  readonly sell: SideLots;
}

class MutableSideLots implements SideLots {
  lots = 0;
  readonly byPrice = new Map<number, number>();

  add(priceTicks: number, lots: number): void {
    const atPrice = (this.byPrice.get(priceTicks) ?? 0) + lots;
    // Checked on every order: the message (with its number-to-string work) is built only when it fails.
    if (!(atPrice >= 0)) assert(false, `open lots at price ${priceTicks} went negative`);
    if (atPrice === 0) this.byPrice.delete(priceTicks);
    else this.byPrice.set(priceTicks, atPrice);
    this.lots += lots;
    assert(this.lots >= 0, 'open lots went negative');
  }
}

interface MutableSeriesOrders extends SeriesOrders {
  readonly buy: MutableSideLots;
  readonly sell: MutableSideLots;
  /** Open orders of the account in this series; the entry goes when it reaches zero. */
  count: number;
}

const emptySeries: ReadonlyMap<number, SeriesOrders> = new Map();

export class OpenOrders {
  private readonly byKey = new Map<number, MutableOrder>();
  private readonly byAccount = new Map<number, Set<number>>();
  private readonly sums = new Map<number, Map<number, MutableSeriesOrders>>();

  static key(seriesIdx: number, orderId: number): number {
    if (!(Number.isSafeInteger(orderId) && orderId > 0 && orderId < 2 ** 36)) assert(false, `order id out of range: ${orderId}`);
    return seriesIdx * 2 ** 36 + orderId;
  }

  add(order: OpenOrder): void {
    const key = OpenOrders.key(order.seriesIdx, order.orderId);
    if (!(!this.byKey.has(key))) assert(false, `order ${order.orderId} is already open`);
    assert(this.byKey.size < openOrdersMax, 'open orders exhausted');
    assert(order.leavesLots > 0, 'an open order has lots left');
    let keys = this.byAccount.get(order.accountId);
    if (!keys) this.byAccount.set(order.accountId, (keys = new Set()));
    // The engine enforces its own limit; this one only bounds memory, so it asserts rather than rejects.
    if (!(keys.size < openOrdersPerAccountMax * 4)) assert(false, `account ${order.accountId} holds too many open orders`);
    keys.add(key);
    const stored: MutableOrder = {
      orderId: order.orderId, accountId: order.accountId, seriesIdx: order.seriesIdx, sign: order.sign, priceTicks: order.priceTicks, leavesLots: order.leavesLots,
    };
    this.byKey.set(key, stored);
    const sums = this.seriesSums(order.accountId, order.seriesIdx);
    sums.count++;
    sideOf(sums, order.sign).add(order.priceTicks, order.leavesLots);
  }

  get(seriesIdx: number, orderId: number): OpenOrder | undefined {
    return this.byKey.get(OpenOrders.key(seriesIdx, orderId));
  }

  /** Sets the lots left; zero removes the order. Unknown orders (e.g. an IOC that never rested) are ignored. */
  setLeaves(seriesIdx: number, orderId: number, leavesLots: number, priceTicks?: number): void {
    const key = OpenOrders.key(seriesIdx, orderId);
    const order = this.byKey.get(key);
    if (!order) return;
    const sums = this.sums.get(order.accountId)!.get(seriesIdx)!;
    const side = sideOf(sums, order.sign);
    side.add(order.priceTicks, -order.leavesLots);
    if (leavesLots <= 0) {
      this.byKey.delete(key);
      const keys = this.byAccount.get(order.accountId)!;
      keys.delete(key);
      if (keys.size === 0) this.byAccount.delete(order.accountId);
      if (--sums.count === 0) {
        const ofAccount = this.sums.get(order.accountId)!;
        ofAccount.delete(seriesIdx);
        if (ofAccount.size === 0) this.sums.delete(order.accountId);
      }
      return;
    }
    order.leavesLots = leavesLots;
    if (priceTicks !== undefined) order.priceTicks = priceTicks;
    side.add(order.priceTicks, order.leavesLots);
  }

  /** A new limit price (a stop order triggered into a limit); unknown orders are ignored. */
  setPrice(seriesIdx: number, orderId: number, priceTicks: number): void {
    const order = this.byKey.get(OpenOrders.key(seriesIdx, orderId));
    if (order) this.setLeaves(seriesIdx, orderId, order.leavesLots, priceTicks);
  }

  remove(seriesIdx: number, orderId: number): void {
    this.setLeaves(seriesIdx, orderId, 0);
  }

  ofAccount(accountId: number): OpenOrder[] {
    const keys = this.byAccount.get(accountId);
    if (!keys) return [];
    return [...keys].sort((a, b) => a - b).map((k) => this.byKey.get(k)!);
  }

  /** The account's open lots per series and side, by price (only series where it has open orders). */
  sumsOf(accountId: number): ReadonlyMap<number, SeriesOrders> {
    return this.sums.get(accountId) ?? emptySeries;
  }

  /** Open lots of one side of the account in one series. */
  lotsOf(accountId: number, seriesIdx: number, sign: 1 | -1): number {
    const sums = this.sums.get(accountId)?.get(seriesIdx);
    return sums === undefined ? 0 : sideOf(sums, sign).lots;
  }

  countOf(accountId: number): number {
    return this.byAccount.get(accountId)?.size ?? 0;
  }

  /** Drops every order of a series (at expiry the engine cancels them; risk stops counting them at once). */
  removeSeries(seriesIdx: number): void {
    for (const order of [...this.byKey.values()]) if (order.seriesIdx === seriesIdx) this.remove(seriesIdx, order.orderId);
  }

  all(): OpenOrder[] {
    return [...this.byKey.keys()].sort((a, b) => a - b).map((k) => this.byKey.get(k)!);
  }

  size(): number {
    return this.byKey.size;
  }

  private seriesSums(accountId: number, seriesIdx: number): MutableSeriesOrders {
    let ofAccount = this.sums.get(accountId);
    if (!ofAccount) this.sums.set(accountId, (ofAccount = new Map()));
    let sums = ofAccount.get(seriesIdx);
    if (!sums) ofAccount.set(seriesIdx, (sums = { seriesIdx, buy: new MutableSideLots(), sell: new MutableSideLots(), count: 0 }));
    return sums;
  }
}

function sideOf<T extends SeriesOrders>(sums: T, sign: 1 | -1): T['buy'] {
  return sign > 0 ? sums.buy : sums.sell;
}
