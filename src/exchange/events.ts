// Keeping the order store (and the series' trade tape) in step with an instrument's engine events.

import type { EngineEvent, TradeEvent } from '../engine/protocol.js';
import { OrderType, Side } from '../engine/protocol.js';
import { bookSides, type Instrument } from './instrument.js';
import type { OrderStore } from './orders.js';

/**
 * The sides of its series' book (bookSides bits) an event may have moved. The engine changes a book only with an
 * event naming the order (the clearing house's open orders rely on it too), so a side no event of a command names
 * is as it was. A trade counts as both (an auction fills resting orders on both sides), and so does any event
 * that names no order (a phase, an auction, new limits): only a refusal is known to move nothing.
 */
export function bookSidesMoved(event: EngineEvent): number {
  switch (event.kind) {
    case 'rejected': return bookSides.none;
    case 'accepted':
    case 'cancelled':
    case 'amended':
    case 'triggered': return event.side === Side.buy ? bookSides.bid : bookSides.ask;
    default: return bookSides.both;
  }
}

export function applyOrderEvents(orders: OrderStore, instrument: Instrument, events: readonly EngineEvent[]): void {
  // The store is changed by slot: no view of an order is made per event.
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    switch (event.kind) {
      case 'accepted': {
        const slot = orders.slotOf(event.orderId);
        if (slot < 0) break;
        const orderType = orders.orderTypeAt(slot);
        if (orderType === OrderType.stop || orderType === OrderType.stopLimit) orders.setStatus(slot, 'parked');
        break;
      }
      case 'trade': {
        instrument.recordTrade({ tradeId: event.tradeId, tsMicros: event.tsMicros, priceTicks: event.priceTicks, qtyLots: event.qtyLots, aggressorSide: event.aggressorSide });
        // Maker first, then taker (one call each rather than a loop over a pair of pairs per trade).
        fill(orders, event, event.makerOrderId, event.makerLeavesLots);
        fill(orders, event, event.takerOrderId, event.takerLeavesLots);
        break;
      }
      case 'cancelled': {
        const slot = orders.slotOf(event.orderId);
        if (slot >= 0) orders.finishAt(slot, 'cancelled', event.tsMicros, event.cancelReason);
        break;
      }
      case 'amended': {
        const slot = orders.slotOf(event.orderId);
        if (slot >= 0) orders.amend(slot, event.priceTicks, event.qtyLots, event.tsMicros);
        break;
      }
      case 'triggered': {
        const slot = orders.slotOf(event.orderId);
        if (slot >= 0) orders.setStatus(slot, orders.filledLotsAt(slot) > 0 ? 'partiallyFilled' : 'new');
        break;
      }
      default:
        break;
    }
  }
}

function fill(orders: OrderStore, trade: TradeEvent, orderId: number, leavesLots: number): void {
  const slot = orders.slotOf(orderId);
  if (slot >= 0) orders.fill(slot, trade.qtyLots, trade.priceTicks, trade.tsMicros, leavesLots);
}
