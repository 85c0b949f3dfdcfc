// Reading an instrument's engine events into objects, and keeping the order store in step with them.

import type { EngineEvent } from '../engine/protocol.js';
import { OrderType } from '../engine/protocol.js';
import type { Instrument } from './instrument.js';
import type { OrderStore } from './orders.js';

export function drain(instrument: Instrument): EngineEvent[] {
  const events = instrument.events.decodeAll();
  instrument.events.clear();
  return events;
}

export function applyOrderEvents(orders: OrderStore, instrument: Instrument, events: readonly EngineEvent[]): void {
  for (const event of events) {
    switch (event.kind) {
      case 'accepted': {
        const order = orders.get(event.orderId);
        if (order && (order.orderType === OrderType.stop || order.orderType === OrderType.stopLimit)) order.status = 'parked';
        break;
      }
      case 'trade': {
        instrument.recordTrade({ tradeId: event.tradeId, tsMicros: event.tsMicros, priceTicks: event.priceTicks, qtyLots: event.qtyLots, aggressorSide: event.aggressorSide });
        for (const [id, leaves] of [[event.makerOrderId, event.makerLeavesLots], [event.takerOrderId, event.takerLeavesLots]] as const) {
          const order = orders.get(id);
          if (!order) continue;
          order.filledLots += event.qtyLots;
          order.filledNotionalTicks += event.qtyLots * event.priceTicks;
          order.updatedTsMicros = event.tsMicros;
          if (leaves === 0 && order.filledLots === order.qtyLots) orders.finish(order, 'filled', event.tsMicros);
          else order.status = 'partiallyFilled';
        }
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
