// Events as columns in preallocated typed arrays, so that emitting one costs a few stores and no allocation.
// The engine writes; after each command the owner reads the events (decodeAll for plain objects, or the columns
// directly on hot paths) and calls clear(). A command that emits more than the capacity (a mass cancel of a
// deep book) hands the full buffer to the drain callback, which must read and clear it, then writing goes on:
// memory stays bounded whatever the command.

import { assert } from '../core/assert.js';
import type { AccountId, OrderId, PriceTicks, QtyLots, SeqNo, TsMicros } from '../core/units.js';
import {
  EventKind,
  type CancelReason,
  type EngineEvent,
  type Phase,
  type Side,
} from './protocol.js';

export const eventBufferCapacityDefault = 4096;

export class EventBuffer {
  readonly capacity: number;
  count = 0;
  /** Events written since creation; the engine's event-chain hash and tests use it. */
  written = 0;
  readonly kind: Uint8Array;
  readonly side: Uint8Array;
  readonly seq: Float64Array;
  readonly tsMicros: Float64Array;
  /** accepted/rejected/cancelled/amended/triggered: the order; trade: the taker. */
  readonly orderId: Float64Array;
  readonly accountId: Float64Array;
  /** trade: the maker. */
  readonly otherOrderId: Float64Array;
  readonly otherAccountId: Float64Array;
  readonly tradeId: Float64Array;
  readonly priceTicks: Int32Array;
  readonly qtyLots: Int32Array;
  /** trade: taker leaves; limitsChanged: limit down. */
  readonly leavesLots: Int32Array;
  /** trade: maker leaves; limitsChanged: limit up. */
  readonly otherLeavesLots: Int32Array;
  /** rejected: reason code; cancelled: CancelReason; amended: 1 if priority lost; phaseChanged: the phase. */
  readonly code: Int32Array;
  private drain: ((buffer: EventBuffer) => void) | undefined;

  constructor(capacity = eventBufferCapacityDefault, drain?: (buffer: EventBuffer) => void) {
    assert(Number.isInteger(capacity) && capacity >= 16 && capacity <= 1 << 22, `event capacity ${capacity}`);
    this.capacity = capacity;
    this.drain = drain;
    this.kind = new Uint8Array(capacity);
    this.side = new Uint8Array(capacity);
    this.seq = new Float64Array(capacity);
    this.tsMicros = new Float64Array(capacity);
    this.orderId = new Float64Array(capacity);
    this.accountId = new Float64Array(capacity);
    this.otherOrderId = new Float64Array(capacity);
    this.otherAccountId = new Float64Array(capacity);
    this.tradeId = new Float64Array(capacity);
    this.priceTicks = new Int32Array(capacity);
    this.qtyLots = new Int32Array(capacity);
    this.leavesLots = new Int32Array(capacity);
    this.otherLeavesLots = new Int32Array(capacity);
    this.code = new Int32Array(capacity);
  }

  setDrain(drain: ((buffer: EventBuffer) => void) | undefined): void {
    this.drain = drain;
  }

  clear(): void {
    this.count = 0;
  }

  /** Reserves the next slot and fills the columns every event has. */
  private next(kind: EventKind, seq: number, tsMicros: number): number {
    if (this.count === this.capacity) {
      assert(this.drain !== undefined, 'event buffer full and no drain set');
      this.drain(this);
      assert(this.count === 0, 'event drain must clear the buffer');
    }
    const i = this.count++;
    this.written++;
    this.kind[i] = kind;
    this.seq[i] = seq;
    this.tsMicros[i] = tsMicros;
    return i;
  }

  accepted(seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number, qtyLots: number): void {
    const i = this.next(EventKind.accepted, seq, ts);
    this.orderId[i] = orderId;
    this.accountId[i] = accountId;
    this.side[i] = side;
    this.priceTicks[i] = priceTicks;
    this.qtyLots[i] = qtyLots;
  }

  rejected(seq: number, ts: number, orderId: number, accountId: number, reasonCode: number): void {
    const i = this.next(EventKind.rejected, seq, ts);
    this.orderId[i] = orderId;
    this.accountId[i] = accountId;
    this.code[i] = reasonCode;
  }

  trade(
    seq: number, ts: number, tradeId: number, priceTicks: number, qtyLots: number, aggressorSide: number,
    makerOrderId: number, makerAccountId: number, makerLeavesLots: number,
    takerOrderId: number, takerAccountId: number, takerLeavesLots: number,
  ): void {
    const i = this.next(EventKind.trade, seq, ts);
    this.tradeId[i] = tradeId;
    this.priceTicks[i] = priceTicks;
    this.qtyLots[i] = qtyLots;
    this.side[i] = aggressorSide;
    this.otherOrderId[i] = makerOrderId;
    this.otherAccountId[i] = makerAccountId;
    this.otherLeavesLots[i] = makerLeavesLots;
    this.orderId[i] = takerOrderId;
    this.accountId[i] = takerAccountId;
    this.leavesLots[i] = takerLeavesLots;
  }

  cancelled(seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number, qtyLots: number, reason: number): void {
    const i = this.next(EventKind.cancelled, seq, ts);
    this.orderId[i] = orderId;
    this.accountId[i] = accountId;
    this.side[i] = side;
    this.priceTicks[i] = priceTicks;
    this.qtyLots[i] = qtyLots;
    this.code[i] = reason;
  }

  amended(seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number, qtyLots: number, priorityLost: boolean): void {
    const i = this.next(EventKind.amended, seq, ts);
    this.orderId[i] = orderId;
    this.accountId[i] = accountId;
    this.side[i] = side;
    this.priceTicks[i] = priceTicks;
    this.qtyLots[i] = qtyLots;
    this.code[i] = priorityLost ? 1 : 0;
  }

  triggered(seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number): void {
    const i = this.next(EventKind.triggered, seq, ts);
    this.orderId[i] = orderId;
    this.accountId[i] = accountId;
    this.side[i] = side;
    this.priceTicks[i] = priceTicks;
  }

  phaseChanged(seq: number, ts: number, phase: number): void {
    const i = this.next(EventKind.phaseChanged, seq, ts);
    this.code[i] = phase;
  }

  auction(seq: number, ts: number, priceTicks: number, qtyLots: number): void {
    const i = this.next(EventKind.auction, seq, ts);
    this.priceTicks[i] = priceTicks;
    this.qtyLots[i] = qtyLots;
  }

  limitsChanged(seq: number, ts: number, referencePriceTicks: number, limitDownTicks: number, limitUpTicks: number): void {
    const i = this.next(EventKind.limitsChanged, seq, ts);
    this.priceTicks[i] = referencePriceTicks;
    this.leavesLots[i] = limitDownTicks;
    this.otherLeavesLots[i] = limitUpTicks;
  }

  /**
   * The i-th event as an object. Every kind is one literal of one fixed shape, fields in the protocol's order
   * (no spreads, no freeze: these are built for every event of every command, and the types are readonly).
   */
  decode(i: number): EngineEvent {
    // The message (with its number-to-string work) is built only when the check fails.
    if (!(i >= 0 && i < this.count)) assert(false, `event index ${i} outside 0..${this.count - 1}`);
    return this.at(i);
  }

  private at(i: number): EngineEvent {
    const seq = smallInteger(this.seq[i]!) as SeqNo;
    const tsMicros = this.tsMicros[i] as TsMicros;
    switch (this.kind[i]) {
      case EventKind.accepted:
        return {
          kind: 'accepted', seq, tsMicros, orderId: smallInteger(this.orderId[i]!) as OrderId, accountId: smallInteger(this.accountId[i]!) as AccountId,
          side: this.side[i] as Side, priceTicks: this.priceTicks[i] as PriceTicks, qtyLots: this.qtyLots[i] as QtyLots,
        };
      case EventKind.rejected:
        return { kind: 'rejected', seq, tsMicros, orderId: smallInteger(this.orderId[i]!) as OrderId, accountId: smallInteger(this.accountId[i]!) as AccountId, reasonCode: this.code[i]! };
      case EventKind.trade:
        return {
          kind: 'trade', seq, tsMicros,
          tradeId: smallInteger(this.tradeId[i]!),
          priceTicks: this.priceTicks[i] as PriceTicks,
          qtyLots: this.qtyLots[i] as QtyLots,
          aggressorSide: this.side[i] as Side,
          makerOrderId: smallInteger(this.otherOrderId[i]!) as OrderId,
          makerAccountId: smallInteger(this.otherAccountId[i]!) as AccountId,
          makerLeavesLots: this.otherLeavesLots[i] as QtyLots,
          takerOrderId: smallInteger(this.orderId[i]!) as OrderId,
          takerAccountId: smallInteger(this.accountId[i]!) as AccountId,
          takerLeavesLots: this.leavesLots[i] as QtyLots,
        };
      case EventKind.cancelled:
        return {
          kind: 'cancelled', seq, tsMicros, orderId: smallInteger(this.orderId[i]!) as OrderId, accountId: smallInteger(this.accountId[i]!) as AccountId,
          side: this.side[i] as Side, priceTicks: this.priceTicks[i] as PriceTicks, qtyLots: this.qtyLots[i] as QtyLots,
          cancelReason: this.code[i] as CancelReason,
        };
      case EventKind.amended:
        return {
          kind: 'amended', seq, tsMicros, orderId: smallInteger(this.orderId[i]!) as OrderId, accountId: smallInteger(this.accountId[i]!) as AccountId,
          side: this.side[i] as Side, priceTicks: this.priceTicks[i] as PriceTicks, qtyLots: this.qtyLots[i] as QtyLots,
          priorityLost: this.code[i] === 1,
        };
      case EventKind.triggered:
        return {
          kind: 'triggered', seq, tsMicros, orderId: smallInteger(this.orderId[i]!) as OrderId, accountId: smallInteger(this.accountId[i]!) as AccountId,
          side: this.side[i] as Side, priceTicks: this.priceTicks[i] as PriceTicks,
        };
      case EventKind.phaseChanged:
        return { kind: 'phaseChanged', seq, tsMicros, phase: this.code[i] as Phase };
      case EventKind.auction:
        return { kind: 'auction', seq, tsMicros, priceTicks: this.priceTicks[i] as PriceTicks, qtyLots: this.qtyLots[i] as QtyLots };
      case EventKind.limitsChanged:
        return {
          kind: 'limitsChanged', seq, tsMicros, referencePriceTicks: this.priceTicks[i] as PriceTicks,
          limitDownTicks: this.leavesLots[i] as PriceTicks, limitUpTicks: this.otherLeavesLots[i] as PriceTicks,
        };
      default:
        throw new Error(`unknown event kind ${this.kind[i]} at ${i}`);
    }
  }

  /** All buffered events as objects, oldest first. */
  decodeAll(): EngineEvent[] {
    // Sized once: pushing onto [] reserves room for 16 or more, and most commands make one or two events.
    const count = this.count;
    const events = new Array<EngineEvent>(count);
    for (let i = 0; i < count; i++) events[i] = this.at(i);
    return events;
  }
}

/**
 * A number read from a Float64Array column as V8 keeps small integers (a Smi) when it is one. Read as is, it is a
 * heap number, and an event object's fields then become boxed doubles: 16 more bytes for every id, account and
 * sequence number of every event. Ids and counts are non-negative integers, so the value is the same (a -0 would
 * come back as 0: no column holds one).
 */
function smallInteger(x: number): number {
  return (x | 0) === x ? x | 0 : x;
}
