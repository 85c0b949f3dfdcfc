// The exchange's view of every order it accepted: who sent it, with which client id, and where it stands.
// The engine knows only live orders; this store also remembers finished ones (a bounded number of them), so
// that the APIs can answer "what happened to my order".
//
// Orders are rows of typed-array columns, not objects: an object per order lived until 100,000 later orders had
// finished, so every one was copied by the young collector and promoted (the largest item the server's GC
// pauses copied). Slots of forgotten orders are reused through a free list. Readers get a small view whose
// getters read the columns (it dies young); only this module and events.ts write.

import { assert } from '../core/assert.js';
import type { OrderType, Side, TimeInForce } from '../engine/protocol.js';
import { IdTable } from '../core/id-table.js';
import { OrderColumns, statusCode, statusNames, type OrderStatus } from './order-columns.js';

export type { OrderStatus } from './order-columns.js';

export const finishedOrdersKeptMax = 100_000;

export interface OrderRecord {
  readonly orderId: number;
  readonly accountId: number;
  readonly symbol: string;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly priceTicks: number;
  readonly stopPriceTicks: number;
  readonly qtyLots: number;
  readonly filledLots: number;
  /** Σ price × qty of the fills, for the average price. */
  readonly filledNotionalTicks: number;
  readonly status: OrderStatus;
  readonly reasonCode: number;
  readonly createdTsMicros: number;
  readonly updatedTsMicros: number;
}

/**
 * One order as the columns hold it now (a live view, as the objects the store kept were). It must not be kept
 * past the next command: once its order is forgotten its slot may hold another order, and reading it then fails.
 */
class OrderView implements OrderRecord {
  constructor(private readonly c: OrderColumns, private readonly slot: number, readonly orderId: number) {}

  private at(): number {
    if (this.c.orderId[this.slot] !== this.orderId) assert(false, `order ${this.orderId} read through a view kept past its forgetting`);
    return this.slot;
  }

  get accountId(): number { return this.c.accountId[this.at()]!; }
  get symbol(): string { return this.c.symbols.text(this.c.symbolIdx[this.at()]!); }
  get clientOrderId(): string { return this.c.clientOrderId[this.at()]!; }
  get side(): Side { return this.c.side[this.at()] as Side; }
  get orderType(): OrderType { return this.c.orderType[this.at()] as OrderType; }
  get timeInForce(): TimeInForce { return this.c.timeInForce[this.at()] as TimeInForce; }
  get priceTicks(): number { return this.c.priceTicks[this.at()]!; }
  get stopPriceTicks(): number { return this.c.stopPriceTicks[this.at()]!; }
  get qtyLots(): number { return this.c.qtyLots[this.at()]!; }
  get filledLots(): number { return this.c.filledLots[this.at()]!; }
  get filledNotionalTicks(): number { return this.c.filledNotionalTicks[this.at()]!; }
  get status(): OrderStatus { return statusNames[this.c.status[this.at()]!]!; }
  get reasonCode(): number { return this.c.reasonCode[this.at()]!; }
  get createdTsMicros(): number { return this.c.createdTsMicros[this.at()]!; }
  get updatedTsMicros(): number { return this.c.updatedTsMicros[this.at()]!; }

  /** JSON.stringify of a view gives what it gave of the plain record. */
  toJSON(): OrderRecord {
    return this.c.plain(this.at());
  }
}

const noSlot = -1;

export class OrderStore {
  /** Slot of every remembered order (a Map's table was rebuilt, megabytes, as finished orders cycled through it). */
  private readonly slotById = new IdTable();
  private readonly c = new OrderColumns();
  /** Ends of the list of remembered orders in the order they were added (what ofAccount, all and snapshot follow). */
  private first = noSlot;
  private last = noSlot;
  /** Finished order ids, oldest first: a ring of finishedCount ids from finishedHead. */
  private finishedIds = new Float64Array(8);
  private finishedHead = 0;
  private finishedCount = 0;

  constructor(private readonly keptMax = finishedOrdersKeptMax) {
    assert(Number.isSafeInteger(keptMax) && keptMax >= 1, `finished orders kept must be a positive integer, got ${keptMax}`);
  }

  add(order: OrderRecord): void {
    const orderId = order.orderId;
    // Checked on every order: the message (with its number-to-string work) is built only when it fails.
    if (!(Number.isSafeInteger(orderId) && orderId > 0 && this.slotById.get(orderId) === noSlot)) assert(false, `order ${orderId} recorded twice, or not a positive id`);
    const slot = this.c.write(order);
    this.slotById.set(orderId, slot);
    const c = this.c;
    c.prev[slot] = this.last;
    c.next[slot] = noSlot;
    if (this.last === noSlot) this.first = slot;
    else c.next[this.last] = slot;
    this.last = slot;
  }

  get(orderId: number): OrderRecord | undefined {
    const slot = this.slotOf(orderId);
    return slot === noSlot ? undefined : new OrderView(this.c, slot, orderId);
  }

  // --- what events.ts changes, by slot (no view per event) ---------------------------------------------------

  /** The order's slot, or -1 when it is not remembered. Valid until the next finish. */
  slotOf(orderId: number): number {
    // 0 marks an empty cell of the id table: ids are positive.
    return orderId > 0 ? this.slotById.get(orderId) : noSlot;
  }

  orderTypeAt(slot: number): OrderType {
    return this.c.orderType[slot] as OrderType;
  }

  filledLotsAt(slot: number): number {
    return this.c.filledLots[slot]!;
  }

  setStatus(slot: number, status: 'new' | 'partiallyFilled' | 'parked'): void {
    this.c.status[slot] = statusCode[status];
  }

  /** A fill of qtyLots at priceTicks; the order is finished when it is whole (no lots left, all filled). */
  fill(slot: number, qtyLots: number, priceTicks: number, tsMicros: number, leavesLots: number): void {
    const c = this.c;
    const filled = (c.filledLots[slot] = c.filledLots[slot]! + qtyLots);
    c.filledNotionalTicks[slot] = c.filledNotionalTicks[slot]! + qtyLots * priceTicks;
    c.updatedTsMicros[slot] = tsMicros;
    if (leavesLots === 0 && filled === c.qtyLots[slot]) this.finishAt(slot, 'filled', tsMicros, 0);
    else c.status[slot] = statusCode.partiallyFilled;
  }

  amend(slot: number, priceTicks: number, leavesLots: number, tsMicros: number): void {
    const c = this.c;
    c.priceTicks[slot] = priceTicks;
    c.qtyLots[slot] = c.filledLots[slot]! + leavesLots;
    c.updatedTsMicros[slot] = tsMicros;
  }

  /** Marks an order finished; the oldest finished orders are forgotten past keptMax. */
  finish(orderId: number, status: 'filled' | 'cancelled' | 'rejected', tsMicros: number, reasonCode = 0): void {
    const slot = this.slotOf(orderId);
    if (slot === noSlot) assert(false, `order ${orderId} finished but not remembered`);
    this.finishAt(slot, status, tsMicros, reasonCode);
  }

  finishAt(slot: number, status: 'filled' | 'cancelled' | 'rejected', tsMicros: number, reasonCode: number): void {
    const c = this.c;
    c.status[slot] = statusCode[status];
    c.reasonCode[slot] = reasonCode;
    c.updatedTsMicros[slot] = tsMicros;
    this.pushFinished(c.orderId[slot]!);
    if (this.finishedCount > this.keptMax) this.forget(this.shiftFinished());
  }

  // --- reads --------------------------------------------------------------------------------------------------

  ofAccount(accountId: number, openOnly: boolean, symbol?: string): OrderRecord[] {
    const list: OrderRecord[] = [];
    const c = this.c;
    // Views are made only for the account's orders; the rest is read from the columns.
    for (let slot = this.first; slot !== noSlot; slot = c.next[slot]!) {
      if (c.accountId[slot] !== accountId) continue;
      if (symbol !== undefined && c.symbols.text(c.symbolIdx[slot]!) !== symbol) continue;
      if (openOnly && !openCodes[c.status[slot]!]) continue;
      list.push(new OrderView(c, slot, c.orderId[slot]!));
    }
    return list;
  }

  /** Every remembered order in id order, and which finished ones are oldest (forgotten first). */
  snapshot(): { orders: OrderRecord[]; finished: number[] } {
    const orders: OrderRecord[] = [];
    for (let slot = this.first; slot !== noSlot; slot = this.c.next[slot]!) orders.push(this.c.plain(slot));
    const finished: number[] = [];
    for (let i = 0; i < this.finishedCount; i++) finished.push(this.finishedIds[(this.finishedHead + i) % this.finishedIds.length]!);
    return { orders, finished };
  }

  static restore(snapshot: { readonly orders: readonly OrderRecord[]; readonly finished: readonly number[] }, keptMax = finishedOrdersKeptMax): OrderStore {
    const store = new OrderStore(keptMax);
    for (const order of snapshot.orders) store.add(order);
    for (const id of snapshot.finished) store.pushFinished(id);
    return store;
  }

  *all(): IterableIterator<OrderRecord> {
    // The next slot is read before yielding, as a Map iterator went on past an entry deleted meanwhile.
    for (let slot = this.first; slot !== noSlot;) {
      const next = this.c.next[slot]!;
      yield new OrderView(this.c, slot, this.c.orderId[slot]!);
      slot = next;
    }
  }

  // --- forgetting ---------------------------------------------------------------------------------------------

  private pushFinished(orderId: number): void {
    let ids = this.finishedIds;
    if (this.finishedCount === ids.length) {
      // A restored snapshot may carry more than keptMax finished ids (one made with a larger keptMax): the ring
      // then grows, and stays that long, as the id list did.
      const grown = new Float64Array(ids.length * 2);
      for (let i = 0; i < this.finishedCount; i++) grown[i] = ids[(this.finishedHead + i) % ids.length]!;
      this.finishedIds = ids = grown;
      this.finishedHead = 0;
    }
    ids[(this.finishedHead + this.finishedCount++) % ids.length] = orderId;
  }

  private shiftFinished(): number {
    const orderId = this.finishedIds[this.finishedHead]!;
    this.finishedHead = (this.finishedHead + 1) % this.finishedIds.length;
    this.finishedCount--;
    return orderId;
  }

  private forget(orderId: number): void {
    // By id, not by slot: an id finished twice, or one restored without its order, forgets nothing the second time.
    const slot = this.slotOf(orderId);
    if (slot === noSlot) return;
    this.slotById.delete(orderId);
    const c = this.c;
    const prev = c.prev[slot]!;
    const next = c.next[slot]!;
    if (prev === noSlot) this.first = next;
    else c.next[prev] = next;
    if (next === noSlot) this.last = prev;
    else c.prev[next] = prev;
    c.release(slot);
  }
}

/** By status code: open (new, partially filled, parked) or not. */
const openCodes: readonly boolean[] = statusNames.map((s) => s === 'new' || s === 'partiallyFilled' || s === 'parked');

export function isOpen(order: OrderRecord): boolean {
  return order.status === 'new' || order.status === 'partiallyFilled' || order.status === 'parked';
}
