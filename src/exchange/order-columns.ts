// The order store's rows (orders.ts): one typed-array column per field, slots reused through a free list,
// grown by doubling. Numbers that reach the store before the engine checks them (an order is recorded, then
// refused), or that may pass 2^31 (ids, timestamps, notional, a liquidation's lots), are float64: a double holds
// exactly what the record's number held. Only values bounded before the store are narrower, and checked.

import { assert } from '../core/assert.js';
import { Interner } from '../core/interner.js';
import type { OrderRecord } from './orders.js';

export type OrderStatus = 'new' | 'partiallyFilled' | 'filled' | 'cancelled' | 'rejected' | 'parked';

export const statusNames: readonly OrderStatus[] = ['new', 'partiallyFilled', 'filled', 'cancelled', 'rejected', 'parked'];
export const statusCode = { new: 0, partiallyFilled: 1, filled: 2, cancelled: 3, rejected: 4, parked: 5 } as const satisfies Record<OrderStatus, number>;

/** Open orders (bounded by clearing's openOrdersMax) plus the finished ones kept, with room to spare. */
export const orderSlotsMax = 1 << 24;
const symbolsMax = 1 << 16;
const slotsFirst = 1024;

export class OrderColumns {
  capacity = 0;
  /** Slots ever used; those below it and not in use are on the free list. */
  private used = 0;
  private free: Int32Array = new Int32Array(0);
  private freeCount = 0;

  orderId = new Float64Array(0);
  /** The remembered orders in the order they were added, as a list through the slots (-1 ends it). */
  next = new Int32Array(0);
  prev = new Int32Array(0);
  accountId = new Int32Array(0);
  symbolIdx = new Int32Array(0);
  clientOrderId: string[] = [];
  side = new Uint8Array(0);
  orderType = new Uint8Array(0);
  timeInForce = new Uint8Array(0);
  priceTicks = new Float64Array(0);
  stopPriceTicks = new Float64Array(0);
  qtyLots = new Float64Array(0);
  filledLots = new Float64Array(0);
  filledNotionalTicks = new Float64Array(0);
  status = new Uint8Array(0);
  reasonCode = new Int32Array(0);
  createdTsMicros = new Float64Array(0);
  updatedTsMicros = new Float64Array(0);

  readonly symbols = new Interner(symbolsMax, 'symbols in the order store');

  /** The order in a free slot; returns the slot. */
  write(o: OrderRecord): number {
    // One check for the narrow columns, its message built only when it fails.
    if (!(isInt(o.accountId, -0x8000_0000, 0x7fff_ffff) && isInt(o.side, 0, 255) && isInt(o.orderType, 0, 255) && isInt(o.timeInForce, 0, 255)
      && isInt(o.reasonCode, -0x8000_0000, 0x7fff_ffff) && typeof statusCode[o.status] === 'number')) {
      assert(false, `order ${o.orderId} does not fit the store's columns: account ${o.accountId}, side ${o.side}, type ${o.orderType}, `
        + `timeInForce ${o.timeInForce}, reason ${o.reasonCode}, status ${o.status}`);
    }
    const slot = this.take();
    this.orderId[slot] = o.orderId;
    this.accountId[slot] = o.accountId;
    this.symbolIdx[slot] = this.symbols.id(o.symbol);
    this.clientOrderId[slot] = o.clientOrderId;
    this.side[slot] = o.side;
    this.orderType[slot] = o.orderType;
    this.timeInForce[slot] = o.timeInForce;
    this.priceTicks[slot] = o.priceTicks;
    this.stopPriceTicks[slot] = o.stopPriceTicks;
    this.qtyLots[slot] = o.qtyLots;
    this.filledLots[slot] = o.filledLots;
    this.filledNotionalTicks[slot] = o.filledNotionalTicks;
    this.status[slot] = statusCode[o.status];
    this.reasonCode[slot] = o.reasonCode;
    this.createdTsMicros[slot] = o.createdTsMicros;
    this.updatedTsMicros[slot] = o.updatedTsMicros;
    return slot;
  }

  /** The slot's order as the plain record the store used to keep (snapshots), keys in the same order. */
  plain(slot: number): OrderRecord {
    return {
      orderId: this.orderId[slot]!, accountId: this.accountId[slot]!, symbol: this.symbols.text(this.symbolIdx[slot]!),
      clientOrderId: this.clientOrderId[slot]!, side: this.side[slot] as OrderRecord['side'], orderType: this.orderType[slot] as OrderRecord['orderType'],
      timeInForce: this.timeInForce[slot] as OrderRecord['timeInForce'], priceTicks: this.priceTicks[slot]!, stopPriceTicks: this.stopPriceTicks[slot]!,
      qtyLots: this.qtyLots[slot]!, filledLots: this.filledLots[slot]!, filledNotionalTicks: this.filledNotionalTicks[slot]!,
      status: statusNames[this.status[slot]!]!, reasonCode: this.reasonCode[slot]!, createdTsMicros: this.createdTsMicros[slot]!,
      updatedTsMicros: this.updatedTsMicros[slot]!,
    };
  }

  /**
   * The slot is free for the next order. Its orderId stays until then, so a view kept past the forgetting still
   * reads the last state (as a kept object did) until the slot is reused; the client id is dropped now.
   */
  release(slot: number): void {
    this.clientOrderId[slot] = '';
    this.free[this.freeCount++] = slot;
  }

  private take(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount]!;
    if (this.used === this.capacity) this.grow();
    return this.used++;
  }

  private grow(): void {
    const capacity = Math.max(slotsFirst, this.capacity * 2);
    assert(capacity <= orderSlotsMax, `more than ${orderSlotsMax} orders remembered`);
    this.orderId = grown(this.orderId, new Float64Array(capacity));
    this.next = grown(this.next, new Int32Array(capacity));
    this.prev = grown(this.prev, new Int32Array(capacity));
    this.accountId = grown(this.accountId, new Int32Array(capacity));
    this.symbolIdx = grown(this.symbolIdx, new Int32Array(capacity));
    this.side = grown(this.side, new Uint8Array(capacity));
    this.orderType = grown(this.orderType, new Uint8Array(capacity));
    this.timeInForce = grown(this.timeInForce, new Uint8Array(capacity));
    this.priceTicks = grown(this.priceTicks, new Float64Array(capacity));
    this.stopPriceTicks = grown(this.stopPriceTicks, new Float64Array(capacity));
    this.qtyLots = grown(this.qtyLots, new Float64Array(capacity));
    this.filledLots = grown(this.filledLots, new Float64Array(capacity));
    this.filledNotionalTicks = grown(this.filledNotionalTicks, new Float64Array(capacity));
    this.status = grown(this.status, new Uint8Array(capacity));
    this.reasonCode = grown(this.reasonCode, new Int32Array(capacity));
    this.createdTsMicros = grown(this.createdTsMicros, new Float64Array(capacity));
    this.updatedTsMicros = grown(this.updatedTsMicros, new Float64Array(capacity));
    // Slots are freed only after they were used: the free list never holds more than capacity.
    this.free = grown(this.free, new Int32Array(capacity));
    for (let i = this.capacity; i < capacity; i++) this.clientOrderId.push('');
    this.capacity = capacity;
  }
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(column: T, next: T): T {
  next.set(column);
  return next;
}

function isInt(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
