// The open orders of every account, as risk needs them: kept from the engine's events (accepted, trade,
// cancelled, amended, triggered), never from what a client says. Risk charges margin for them as if every
// buy (or every sell) of a product filled at its limit price.
//
// Besides the orders themselves the store keeps, per account and series, the open lots of each side summed
// by limit price (`SeriesOrders`), updated on every change. Pre-trade risk reads those sums instead of
// rescanning the account's orders: a market maker with a thousand resting orders costs the same per new order
// as one with a single order (the cost is the number of distinct prices, not of orders).
//
// This runs on every accepted order and every fill, so the store allocates nothing in the steady state and
// deletes from few Maps (a Map that empties is shrunk and rebuilt by V8): orders are rows of typed-array
// columns, slots reused through a free list (an object per order lived until its fill or cancel, long enough
// to be copied by the young collector), found by (seriesIdx, orderId), two small integers; an account's
// orders are a list threaded through the rows; and its per-series sums stay when they empty (bounded by
// accounts × series), ready for its next order. Orders are objects only when read (reports, snapshots).

import { assert } from '../core/assert.js';
import { IdTable } from '../core/id-table.js';
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

/** The end of an account's list of slots. */
const noSlot = -1;

/** One account's open orders: how many, the newest first in a list (of slots), and its sums per series. */
class AccountOrders {
  count = 0;
  newest = noSlot;
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
   * Slots by seriesIdx, then order id. Open orders come and go all day: a Map per series rebuilt its table under
   * that churn (young garbage copied by the scavenger); an IdTable is typed arrays that stay.
   */
  private readonly bySeries: IdTable[] = [];
  /** Indexed by account id (dense from 1, like the positions' per-account lists). */
  private readonly byAccount: (AccountOrders | undefined)[] = [];
  private total = 0;
  private capacity = 1024;
  private orderIdAt = new Float64Array(this.capacity);
  private accountIdAt = new Int32Array(this.capacity);
  private seriesIdxAt = new Uint16Array(this.capacity);
  private signAt = new Int8Array(this.capacity);
  private priceTicksAt = new Float64Array(this.capacity);
  private leavesLotsAt = new Float64Array(this.capacity);
  /** The account's list, newest first: noSlot at either end. */
  private previousAt = new Int32Array(this.capacity);
  private nextAt = new Int32Array(this.capacity);
  private slotsUsed = 0;
  private readonly freeSlots: number[] = [];

  add(order: OpenOrder): void {
    this.addOrder(order.orderId, order.accountId, order.seriesIdx, order.sign, order.priceTicks, order.leavesLots);
  }

  /** add without an order object to copy from (the engine's `accepted`, on every order). */
  addOrder(orderId: number, accountId: number, seriesIdx: number, sign: 1 | -1, priceTicks: number, leavesLots: number): void {
    checkOrderId(orderId);
    const ofSeries = this.ordersOf(seriesIdx);
    if (!(ofSeries.get(orderId) < 0)) assert(false, `order ${orderId} is already open`);
    assert(this.total < openOrdersMax, 'open orders exhausted');
    assert(leavesLots > 0, 'an open order has lots left');
    const account = this.accountOrders(accountId);
    // The engine enforces its own limit; this one only bounds memory, so it asserts rather than rejects.
    if (!(account.count < openOrdersPerAccountMax * 4)) assert(false, `account ${accountId} holds too many open orders`);
    const slot = this.freeSlots.pop() ?? this.slotsUsed++;
    if (slot >= this.capacity) this.grow();
    this.orderIdAt[slot] = orderId;
    this.accountIdAt[slot] = accountId;
    this.seriesIdxAt[slot] = seriesIdx;
    this.signAt[slot] = sign;
    this.priceTicksAt[slot] = priceTicks;
    this.leavesLotsAt[slot] = leavesLots;
    this.previousAt[slot] = noSlot;
    this.nextAt[slot] = account.newest;
    if (account.newest !== noSlot) this.previousAt[account.newest] = slot;
    account.newest = slot;
    account.count++;
    ofSeries.set(orderId, slot);
    this.total++;
    const sums = account.seriesSums(seriesIdx);
    sums.orderCount++;
    sideOf(sums, sign).add(priceTicks, leavesLots);
  }

  /** The order as an object made on each call (a copy: later changes to the order do not show in it). */
  get(seriesIdx: number, orderId: number): OpenOrder | undefined {
    checkOrderId(orderId);
    const slot = this.slotOf(seriesIdx, orderId);
    return slot < 0 ? undefined : this.orderAt(slot);
  }

  /** Sets the lots left; zero removes the order. Unknown orders (e.g. an IOC that never rested) are ignored. */
  setLeaves(seriesIdx: number, orderId: number, leavesLots: number, priceTicks?: number): void {
    checkOrderId(orderId);
    const ofSeries = this.bySeries[seriesIdx];
    const slot = ofSeries === undefined ? -1 : ofSeries.get(orderId);
    if (slot < 0) return;
    const account = this.byAccount[this.accountIdAt[slot]!]!;
    const sums = account.sums.get(seriesIdx)!;
    const side = sideOf(sums, this.signAt[slot]! as 1 | -1);
    const orderPriceTicks = this.priceTicksAt[slot]!;
    const orderLeavesLots = this.leavesLotsAt[slot]!;
    if (leavesLots <= 0) {
      side.add(orderPriceTicks, -orderLeavesLots);
      sums.orderCount--;
      ofSeries!.delete(orderId);
      this.total--;
      account.count--;
      const previous = this.previousAt[slot]!;
      const next = this.nextAt[slot]!;
      if (previous !== noSlot) this.nextAt[previous] = next;
      else account.newest = next;
      if (next !== noSlot) this.previousAt[next] = previous;
      this.freeSlots.push(slot);
      return;
    }
    if (priceTicks === undefined || priceTicks === orderPriceTicks) {
      side.add(orderPriceTicks, leavesLots - orderLeavesLots);
    } else {
      side.add(orderPriceTicks, -orderLeavesLots);
      side.add(priceTicks, leavesLots);
      this.priceTicksAt[slot] = priceTicks;
    }
    this.leavesLotsAt[slot] = leavesLots;
  }

  /** A new limit price (a stop order triggered into a limit); unknown orders are ignored. */
  setPrice(seriesIdx: number, orderId: number, priceTicks: number): void {
    checkOrderId(orderId);
    const slot = this.slotOf(seriesIdx, orderId);
    if (slot >= 0) this.setLeaves(seriesIdx, orderId, this.leavesLotsAt[slot]!, priceTicks);
  }

  remove(seriesIdx: number, orderId: number): void {
    this.setLeaves(seriesIdx, orderId, 0);
  }

  /** The account's open orders by series, then order id. */
  ofAccount(accountId: number): OpenOrder[] {
    const out: OpenOrder[] = [];
    const account = this.byAccount[accountId];
    for (let slot = account === undefined ? noSlot : account.newest; slot !== noSlot; slot = this.nextAt[slot]!) out.push(this.orderAt(slot));
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
    if (ofSeries) for (const orderId of ofSeries.keys()) this.remove(seriesIdx, orderId);
  }

  /** Every open order by series, then order id (the snapshot's order). */
  all(): OpenOrder[] {
    const out: OpenOrder[] = [];
    for (const ofSeries of this.bySeries) {
      for (const orderId of ofSeries.keys().sort((a, b) => a - b)) out.push(this.orderAt(ofSeries.get(orderId)));
    }
    return out;
  }

  size(): number {
    return this.total;
  }

  private orderAt(slot: number): OpenOrder {
    return {
      orderId: this.orderIdAt[slot]!, accountId: this.accountIdAt[slot]!, seriesIdx: this.seriesIdxAt[slot]!, sign: this.signAt[slot]! as 1 | -1,
      priceTicks: this.priceTicksAt[slot]!, leavesLots: this.leavesLotsAt[slot]!,
    };
  }

  private grow(): void {
    const capacity = Math.min(this.capacity * 2, openOrdersMax);
    assert(capacity > this.capacity, 'open orders cannot grow further');
    const grown = <T extends Float64Array | Int32Array | Uint16Array | Int8Array>(old: T, next: T): T => {
      next.set(old as never);
      return next;
    };
    this.orderIdAt = grown(this.orderIdAt, new Float64Array(capacity));
    this.accountIdAt = grown(this.accountIdAt, new Int32Array(capacity));
    this.seriesIdxAt = grown(this.seriesIdxAt, new Uint16Array(capacity));
    this.signAt = grown(this.signAt, new Int8Array(capacity));
    this.priceTicksAt = grown(this.priceTicksAt, new Float64Array(capacity));
    this.leavesLotsAt = grown(this.leavesLotsAt, new Float64Array(capacity));
    this.previousAt = grown(this.previousAt, new Int32Array(capacity));
    this.nextAt = grown(this.nextAt, new Int32Array(capacity));
    this.capacity = capacity;
  }

  private ordersOf(seriesIdx: number): IdTable {
    if (!(Number.isInteger(seriesIdx) && seriesIdx >= 0 && seriesIdx < seriesMax)) assert(false, `series index out of range: ${seriesIdx}`);
    // Filled in index order so the array stays packed (series are registered 0, 1, 2, …).
    for (let i = this.bySeries.length; i <= seriesIdx; i++) this.bySeries.push(new IdTable(16));
    return this.bySeries[seriesIdx]!;
  }

  /** The order's slot, or -1 when it is not open in that series. */
  private slotOf(seriesIdx: number, orderId: number): number {
    const ofSeries = this.bySeries[seriesIdx];
    return ofSeries === undefined ? -1 : ofSeries.get(orderId);
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
