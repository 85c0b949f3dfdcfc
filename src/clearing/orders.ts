// The open orders of every account, as risk needs them: kept from the engine's events (accepted, trade,
// cancelled, amended, triggered), never from what a client says. Risk charges margin for them as if every
// buy (or every sell) of a product filled at its limit price.
//
// Besides the orders themselves the store keeps, per account and series, the open lots of each side summed
// by limit price (`SeriesOrders`), updated on every change. Pre-trade risk reads those sums instead of
// rescanning the account's orders: a market maker with a thousand resting orders costs the same per new order
// as one with a single order (the cost is the number of distinct prices, not of orders).
//
// This runs on every accepted order and every fill, so the store allocates nothing in the steady state: orders
// are found by (seriesIdx, orderId), two small integers, and an account's per-series containers stay when they
// empty, ready for its next order.

import { assert } from '../core/assert.js';
import { accountsMax, openOrdersMax, openOrdersPerAccountMax, seriesMax } from './limits.js';

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
  /** Ids of the account's open orders in this series (empty while the series is not in the account's live map). */
  readonly orderIds: Set<number>;
}

/**
 * One account's open orders. The per-series containers are kept when they empty (bounded by accounts × series):
 * the usual account places one order at a time, and recreating a Set, two Maps and two side objects for every
 * order was most of what an order cost here. `live` holds only series with open orders, as sumsOf promises.
 */
class AccountOrders {
  count = 0;
  readonly live = new Map<number, MutableSeriesOrders>();
  /** Every series this account ever had an order in, by seriesIdx. */
  readonly kept = new Map<number, MutableSeriesOrders>();

  seriesSums(seriesIdx: number): MutableSeriesOrders {
    let sums = this.kept.get(seriesIdx);
    if (sums === undefined) {
      sums = { seriesIdx, buy: new MutableSideLots(), sell: new MutableSideLots(), orderIds: new Set() };
      this.kept.set(seriesIdx, sums);
    }
    return sums;
  }
}

const emptySeries: ReadonlyMap<number, SeriesOrders> = new Map();

export class OpenOrders {
  /**
   * Orders by seriesIdx, then order id: both small integers, which V8 keeps unboxed as Map keys (one key of
   * seriesIdx × 2^36 + orderId was a heap number to allocate and hash on every lookup).
   */
  private readonly bySeries: Map<number, MutableOrder>[] = [];
  /** Indexed by account id (dense from 1, like the positions' per-account lists). */
  private readonly byAccount: (AccountOrders | undefined)[] = [];
  private total = 0;

  add(order: OpenOrder): void {
    checkOrderId(order.orderId);
    const ofSeries = this.ordersOf(order.seriesIdx);
    if (!(!ofSeries.has(order.orderId))) assert(false, `order ${order.orderId} is already open`);
    assert(this.total < openOrdersMax, 'open orders exhausted');
    assert(order.leavesLots > 0, 'an open order has lots left');
    const account = this.accountOrders(order.accountId);
    // The engine enforces its own limit; this one only bounds memory, so it asserts rather than rejects.
    if (!(account.count < openOrdersPerAccountMax * 4)) assert(false, `account ${order.accountId} holds too many open orders`);
    const stored: MutableOrder = {
      orderId: order.orderId, accountId: order.accountId, seriesIdx: order.seriesIdx, sign: order.sign, priceTicks: order.priceTicks, leavesLots: order.leavesLots,
    };
    ofSeries.set(order.orderId, stored);
    this.total++;
    account.count++;
    const sums = account.seriesSums(order.seriesIdx);
    if (sums.orderIds.size === 0) account.live.set(order.seriesIdx, sums);
    sums.orderIds.add(order.orderId);
    sideOf(sums, order.sign).add(order.priceTicks, order.leavesLots);
  }

  get(seriesIdx: number, orderId: number): OpenOrder | undefined {
    checkOrderId(orderId);
    return this.bySeries[seriesIdx]?.get(orderId);
  }

  /** Sets the lots left; zero removes the order. Unknown orders (e.g. an IOC that never rested) are ignored. */
  setLeaves(seriesIdx: number, orderId: number, leavesLots: number, priceTicks?: number): void {
    checkOrderId(orderId);
    const ofSeries = this.bySeries[seriesIdx];
    const order = ofSeries?.get(orderId);
    if (order === undefined) return;
    const account = this.byAccount[order.accountId]!;
    const sums = account.kept.get(seriesIdx)!;
    const side = sideOf(sums, order.sign);
    if (leavesLots <= 0) {
      side.add(order.priceTicks, -order.leavesLots);
      ofSeries!.delete(orderId);
      this.total--;
      account.count--;
      sums.orderIds.delete(orderId);
      if (sums.orderIds.size === 0) account.live.delete(seriesIdx);
      return;
    }
    if (priceTicks === undefined || priceTicks === order.priceTicks) {
      side.add(order.priceTicks, leavesLots - order.leavesLots);
    } else {
      side.add(order.priceTicks, -order.leavesLots);
      side.add(priceTicks, leavesLots);
      order.priceTicks = priceTicks;
    }
    order.leavesLots = leavesLots;
  }

  /** A new limit price (a stop order triggered into a limit); unknown orders are ignored. */
  setPrice(seriesIdx: number, orderId: number, priceTicks: number): void {
    const order = this.get(seriesIdx, orderId);
    if (order) this.setLeaves(seriesIdx, orderId, order.leavesLots, priceTicks);
  }

  remove(seriesIdx: number, orderId: number): void {
    this.setLeaves(seriesIdx, orderId, 0);
  }

  /** The account's open orders by series, then order id. */
  ofAccount(accountId: number): OpenOrder[] {
    const account = this.byAccount[accountId];
    if (account === undefined || account.count === 0) return [];
    const out: OpenOrder[] = [];
    for (const seriesIdx of [...account.live.keys()].sort((a, b) => a - b)) {
      const ofSeries = this.bySeries[seriesIdx]!;
      for (const orderId of [...account.live.get(seriesIdx)!.orderIds].sort((a, b) => a - b)) out.push(ofSeries.get(orderId)!);
    }
    return out;
  }

  /** The account's open lots per series and side, by price (only series where it has open orders). */
  sumsOf(accountId: number): ReadonlyMap<number, SeriesOrders> {
    return this.byAccount[accountId]?.live ?? emptySeries;
  }

  /** Open lots of one side of the account in one series. */
  lotsOf(accountId: number, seriesIdx: number, sign: 1 | -1): number {
    const sums = this.byAccount[accountId]?.kept.get(seriesIdx);
    return sums === undefined ? 0 : sideOf(sums, sign).lots;
  }

  countOf(accountId: number): number {
    return this.byAccount[accountId]?.count ?? 0;
  }

  /** Drops every order of a series (at expiry the engine cancels them; risk stops counting them at once). */
  removeSeries(seriesIdx: number): void {
    const ofSeries = this.bySeries[seriesIdx];
    if (ofSeries) for (const orderId of [...ofSeries.keys()]) this.remove(seriesIdx, orderId);
  }

  /** Every open order by series, then order id (the snapshot's order). */
  all(): OpenOrder[] {
    const out: OpenOrder[] = [];
    for (const ofSeries of this.bySeries) {
      if (ofSeries === undefined) continue;
      for (const orderId of [...ofSeries.keys()].sort((a, b) => a - b)) out.push(ofSeries.get(orderId)!);
    }
    return out;
  }

  size(): number {
    return this.total;
  }

  private ordersOf(seriesIdx: number): Map<number, MutableOrder> {
    if (!(Number.isInteger(seriesIdx) && seriesIdx >= 0 && seriesIdx < seriesMax)) assert(false, `series index out of range: ${seriesIdx}`);
    let ofSeries = this.bySeries[seriesIdx];
    if (ofSeries === undefined) {
      // Filled in index order so the array stays packed (series are registered 0, 1, 2, …).
      for (let i = this.bySeries.length; i <= seriesIdx; i++) this.bySeries.push(new Map());
      ofSeries = this.bySeries[seriesIdx]!;
    }
    return ofSeries;
  }

  private accountOrders(accountId: number): AccountOrders {
    let account = this.byAccount[accountId];
    if (account === undefined) {
      if (!(Number.isInteger(accountId) && accountId >= 0 && accountId <= accountsMax)) assert(false, `account id out of range: ${accountId}`);
      for (let i = this.byAccount.length; i < accountId; i++) this.byAccount.push(undefined);
      this.byAccount[accountId] = account = new AccountOrders();
    }
    return account;
  }
}

/** Order ids are positive and below 2^36 (the range the store has always accepted). */
function checkOrderId(orderId: number): void {
  if (!(Number.isSafeInteger(orderId) && orderId > 0 && orderId < 2 ** 36)) assert(false, `order id out of range: ${orderId}`);
}

function sideOf<T extends SeriesOrders>(sums: T, sign: 1 | -1): T['buy'] {
  return sign > 0 ? sums.buy : sums.sell;
}
