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
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    switch (event.kind) {
      case 'accepted': {
        const order = orders.get(event.orderId);
        if (order && (order.orderType === OrderType.stop || order.orderType === OrderType.stopLimit)) order.status = 'parked';
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
        const order = orders.get(event.orderId);
        if (order) orders.finish(order, 'cancelled', event.tsMicros, event.cancelReason);
        break;
      }
      case 'amended': {
        const order = orders.get(event.orderId);
        if (!order) break;
        order.priceTicks = event.priceTicks;
        order.qtyLots = order.filledLots + event.qtyLots;
        order.updatedTsMicros = event.tsMicros;
        break;
      }
      case 'triggered': {
        const order = orders.get(event.orderId);
        if (order) order.status = order.filledLots > 0 ? 'partiallyFilled' : 'new';
        break;
      }
      default:
        break;
    }
  }
}

function fill(orders: OrderStore, trade: TradeEvent, orderId: number, leavesLots: number): void {
  const order = orders.get(orderId);
  if (!order) return;
  order.filledLots += trade.qtyLots;
  order.filledNotionalTicks += trade.qtyLots * trade.priceTicks;
  order.updatedTsMicros = trade.tsMicros;
  if (leavesLots === 0 && order.filledLots === order.qtyLots) orders.finish(order, 'filled', trade.tsMicros);
  else order.status = 'partiallyFilled';
}
