// The open orders of every account, as risk needs them: kept from the engine's events (accepted, trade,
// cancelled, amended, triggered), never from what a client says. Risk charges margin for them as if every
// buy (or every sell) of a product filled at its limit price.
//
// Besides the orders themselves the store keeps, per account and series, the open lots of each side summed
// by limit price (`SeriesOrders`), updated on every change. Pre-trade risk reads those sums instead of
// rescanning the account's orders: a market maker with a thousand resting orders costs the same per new order
// as one with a single order (the cost is the number of distinct prices, not of orders).
//
// This runs on every accepted order and every fill, so the store allocates little in the steady state and
// deletes from few Maps (a Map that empties is shrunk and rebuilt by V8): orders are found by (seriesIdx,
// orderId), two small integers; an account's orders are a list threaded through the orders themselves; and
// its per-series sums stay when they empty (bounded by accounts × series), ready for its next order.

import { assert } from '../core/assert.js';
import { accountsMax, openOrdersMax, openOrdersPerAccountMax, seriesMax } from './limits.js';
import { newSeriesOrders, sideOf, type MutableSeriesOrders, type SeriesOrders } from './order-sums.js';

export type { SeriesOrders, SideLots } from './order-sums.js';

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

/** A stored order: the fields, and its neighbours in its account's list (the store's own). */
type StoredOrder = { -readonly [K in keyof OpenOrder]: OpenOrder[K] } & { previous: StoredOrder | undefined; next: StoredOrder | undefined };

/** One account's open orders: how many, the newest first in a list, and its sums per series. */
class AccountOrders {
  count = 0;
  newest: StoredOrder | undefined = undefined;
  /** Every series this account has had an order in, by seriesIdx (empty ones included). */
  readonly sums = new Map<number, MutableSeriesOrders>();
  /** The same sums in the Map's order, never removed: risk walks them by index (a Map iterator is garbage). */
  readonly sumsList: MutableSeriesOrders[] = [];

  seriesSums(seriesIdx: number): MutableSeriesOrders {
    let sums = this.sums.get(seriesIdx);
    if (sums === undefined) {
      this.sums.set(seriesIdx, (sums = newSeriesOrders(seriesIdx)));
      this.sumsList.push(sums);
    }
    return sums;
  }
}

export class OpenOrders {
  /**
   * Orders by seriesIdx, then order id: both small integers, which V8 keeps unboxed as Map keys (one key of
   * seriesIdx × 2^36 + orderId was a heap number to allocate and hash on every lookup).
   */
  private readonly bySeries: Map<number, StoredOrder>[] = [];
  /** Indexed by account id (dense from 1, like the positions' per-account lists). */
  private readonly byAccount: (AccountOrders | undefined)[] = [];
  private total = 0;

  add(order: OpenOrder): void {
    this.addOrder(order.orderId, order.accountId, order.seriesIdx, order.sign, order.priceTicks, order.leavesLots);
  }

  /** add without an order object to copy from (the engine's `accepted`, on every order). */
  addOrder(orderId: number, accountId: number, seriesIdx: number, sign: 1 | -1, priceTicks: number, leavesLots: number): void {
    checkOrderId(orderId);
    const ofSeries = this.ordersOf(seriesIdx);
    if (!(!ofSeries.has(orderId))) assert(false, `order ${orderId} is already open`);
    assert(this.total < openOrdersMax, 'open orders exhausted');
    assert(leavesLots > 0, 'an open order has lots left');
    const account = this.accountOrders(accountId);
    // The engine enforces its own limit; this one only bounds memory, so it asserts rather than rejects.
    if (!(account.count < openOrdersPerAccountMax * 4)) assert(false, `account ${accountId} holds too many open orders`);
    const stored: StoredOrder = { orderId, accountId, seriesIdx, sign, priceTicks, leavesLots, previous: undefined, next: account.newest };
    if (account.newest !== undefined) account.newest.previous = stored;
    account.newest = stored;
    account.count++;
    ofSeries.set(orderId, stored);
    this.total++;
    const sums = account.seriesSums(seriesIdx);
    sums.orderCount++;
    sideOf(sums, sign).add(priceTicks, leavesLots);
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
    const sums = account.sums.get(seriesIdx)!;
    const side = sideOf(sums, order.sign);
    if (leavesLots <= 0) {
      side.add(order.priceTicks, -order.leavesLots);
      sums.orderCount--;
      ofSeries!.delete(orderId);
      this.total--;
      account.count--;
      if (order.previous !== undefined) order.previous.next = order.next;
      else account.newest = order.next;
      if (order.next !== undefined) order.next.previous = order.previous;
      order.previous = order.next = undefined;
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
    const out: StoredOrder[] = [];
    for (let order = this.byAccount[accountId]?.newest; order !== undefined; order = order.next) out.push(order);
    return out.sort((a, b) => a.seriesIdx - b.seriesIdx || a.orderId - b.orderId);
  }

  /** The account's open lots per series and side, by price, only series where it has open orders (a new Map). */
  sumsOf(accountId: number): ReadonlyMap<number, SeriesOrders> {
    const out = new Map<number, SeriesOrders>();
    for (const [seriesIdx, sums] of this.byAccount[accountId]?.sums ?? []) if (sums.orderCount > 0) out.set(seriesIdx, sums);
    return out;
  }

  /**
   * The account's sums of every series it has had orders in, empty ones included (orderCount 0, no lots):
   * what risk walks before every order, without building a Map or an iterator.
   */
  seriesSumsOf(accountId: number): readonly SeriesOrders[] {
    return this.byAccount[accountId]?.sumsList ?? noSums;
  }

  /** Open lots of one side of the account in one series. */
  lotsOf(accountId: number, seriesIdx: number, sign: 1 | -1): number {
    const sums = this.byAccount[accountId]?.sums.get(seriesIdx);
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
      for (const orderId of [...ofSeries.keys()].sort((a, b) => a - b)) out.push(ofSeries.get(orderId)!);
    }
    return out;
  }

  size(): number {
    return this.total;
  }

  private ordersOf(seriesIdx: number): Map<number, StoredOrder> {
    if (!(Number.isInteger(seriesIdx) && seriesIdx >= 0 && seriesIdx < seriesMax)) assert(false, `series index out of range: ${seriesIdx}`);
    // Filled in index order so the array stays packed (series are registered 0, 1, 2, …).
    for (let i = this.bySeries.length; i <= seriesIdx; i++) this.bySeries.push(new Map());
    return this.bySeries[seriesIdx]!;
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

const noSums: readonly SeriesOrders[] = [];

/** Order ids are positive and below 2^36 (the range the store has always accepted). */
function checkOrderId(orderId: number): void {
  if (!(Number.isSafeInteger(orderId) && orderId > 0 && orderId < 2 ** 36)) assert(false, `order id out of range: ${orderId}`);
}
