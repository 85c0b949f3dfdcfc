// The exchange's view of every order it accepted: who sent it, with which client id, and where it stands.
// The engine knows only live orders; this store also remembers finished ones (a bounded number of them), so
// that the APIs can answer "what happened to my order".

import { assert } from '../core/assert.js';
import type { OrderType, Side, TimeInForce } from '../engine/protocol.js';

export const finishedOrdersKeptMax = 100_000;

export type OrderStatus = 'new' | 'partiallyFilled' | 'filled' | 'cancelled' | 'rejected' | 'parked';

export interface OrderRecord {
  readonly orderId: number;
  readonly accountId: number;
  readonly symbol: string;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  priceTicks: number;
  readonly stopPriceTicks: number;
  qtyLots: number;
  filledLots: number;
  /** Σ price × qty of the fills, for the average price. */
  filledNotionalTicks: number;
  status: OrderStatus;
  reasonCode: number;
  readonly createdTsMicros: number;
  updatedTsMicros: number;
}

export class OrderStore {
  private readonly byId = new Map<number, OrderRecord>();
  /** Finished order ids, oldest first, from finishedHead on; the forgotten prefix is cut off in batches. */
  private readonly finished: number[] = [];
  private finishedHead = 0;

  add(order: OrderRecord): void {
    // Checked on every order: the message (with its number-to-string work) is built only when it fails.
    if (!(!this.byId.has(order.orderId))) assert(false, `order ${order.orderId} recorded twice`);
    this.byId.set(order.orderId, order);
  }

  get(orderId: number): OrderRecord | undefined {
    return this.byId.get(orderId);
  }

  /** Marks an order finished; the oldest finished orders are forgotten past finishedOrdersKeptMax. */
  finish(order: OrderRecord, status: 'filled' | 'cancelled' | 'rejected', tsMicros: number, reasonCode = 0): void {
    order.status = status;
    order.reasonCode = reasonCode;
    order.updatedTsMicros = tsMicros;
    this.finished.push(order.orderId);
    if (this.finished.length - this.finishedHead > finishedOrdersKeptMax) this.byId.delete(this.finished[this.finishedHead++]!);
    // shift() per finished order would copy the whole array each time (it is too long for V8 to trim in
    // place): the ids already forgotten are dropped together once they are as many as the kept ones.
    if (this.finishedHead >= finishedOrdersKeptMax) {
      this.finished.splice(0, this.finishedHead);
      this.finishedHead = 0;
    }
  }

  ofAccount(accountId: number, openOnly: boolean, symbol?: string): OrderRecord[] {
    const list: OrderRecord[] = [];
    for (const order of this.byId.values()) {
      if (order.accountId !== accountId) continue;
      if (symbol !== undefined && order.symbol !== symbol) continue;
      if (openOnly && !isOpen(order)) continue;
      list.push(order);
    }
    return list;
  }

  /** Every remembered order in id order, and which finished ones are oldest (forgotten first). */
  snapshot(): { orders: OrderRecord[]; finished: number[] } {
    return { orders: [...this.byId.values()].map((o) => ({ ...o })), finished: this.finished.slice(this.finishedHead) };
  }

  static restore(snapshot: { readonly orders: readonly OrderRecord[]; readonly finished: readonly number[] }): OrderStore {
    const store = new OrderStore();
    for (const order of snapshot.orders) store.add({ ...order });
    store.finished.push(...snapshot.finished);
    return store;
  }

  all(): IterableIterator<OrderRecord> {
    return this.byId.values();
  }
}

export function isOpen(order: OrderRecord): boolean {
  return order.status === 'new' || order.status === 'partiallyFilled' || order.status === 'parked';
}
