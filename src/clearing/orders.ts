// The open orders of every account, as risk needs them: kept from the engine's events (accepted, trade,
// cancelled, amended, triggered), never from what a client says. Risk charges margin for them as if every
// buy (or every sell) of a product filled at its limit price.

import { assert } from '../core/assert.js';
import { openOrdersMax, openOrdersPerAccountMax } from './limits.js';

export interface OpenOrder {
  readonly orderId: number;
  readonly accountId: number;
  readonly seriesIdx: number;
  /** +1 buy, −1 sell. */
  readonly sign: 1 | -1;
  priceTicks: number;
  leavesLots: number;
}

export class OpenOrders {
  private readonly byKey = new Map<number, OpenOrder>();
  private readonly byAccount = new Map<number, Set<number>>();

  static key(seriesIdx: number, orderId: number): number {
    assert(Number.isSafeInteger(orderId) && orderId > 0 && orderId < 2 ** 36, `order id out of range: ${orderId}`);
    return seriesIdx * 2 ** 36 + orderId;
  }

  add(order: OpenOrder): void {
    const key = OpenOrders.key(order.seriesIdx, order.orderId);
    assert(!this.byKey.has(key), `order ${order.orderId} is already open`);
    assert(this.byKey.size < openOrdersMax, 'open orders exhausted');
    assert(order.leavesLots > 0, 'an open order has lots left');
    let keys = this.byAccount.get(order.accountId);
    if (!keys) this.byAccount.set(order.accountId, (keys = new Set()));
    // The engine enforces its own limit; this one only bounds memory, so it asserts rather than rejects.
    assert(keys.size < openOrdersPerAccountMax * 4, `account ${order.accountId} holds too many open orders`);
    keys.add(key);
    this.byKey.set(key, order);
  }

  get(seriesIdx: number, orderId: number): OpenOrder | undefined {
    return this.byKey.get(OpenOrders.key(seriesIdx, orderId));
  }

  /** Sets the lots left; zero removes the order. Unknown orders (e.g. an IOC that never rested) are ignored. */
  setLeaves(seriesIdx: number, orderId: number, leavesLots: number, priceTicks?: number): void {
    const key = OpenOrders.key(seriesIdx, orderId);
    const order = this.byKey.get(key);
    if (!order) return;
    if (leavesLots <= 0) {
      this.byKey.delete(key);
      const keys = this.byAccount.get(order.accountId)!;
      keys.delete(key);
      if (keys.size === 0) this.byAccount.delete(order.accountId);
      return;
    }
    order.leavesLots = leavesLots;
    if (priceTicks !== undefined) order.priceTicks = priceTicks;
  }

  remove(seriesIdx: number, orderId: number): void {
    this.setLeaves(seriesIdx, orderId, 0);
  }

  ofAccount(accountId: number): OpenOrder[] {
    const keys = this.byAccount.get(accountId);
    if (!keys) return [];
    return [...keys].sort((a, b) => a - b).map((k) => this.byKey.get(k)!);
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
}
