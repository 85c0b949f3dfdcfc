// The JSON text of the messages sent for every order and fill, written directly instead of building a view
// object and handing it to JSON.stringify: these go out several times per trade (the answer, the private
// pushes), and building the object and serialising it was most of their cost. The text is exactly
// JSON.stringify of the view (views.ts), key for key: wire.test.ts checks that on random orders and fills.

import { reasonSlug } from '../core/reasons.js';
import { OrderType } from '../engine/protocol.js';
import type { OrderRecord } from '../exchange/orders.js';
import type { Product } from '../products/catalogue.js';
import type { Fill } from './fills.js';
import { averagePrice, orderTypeNames, price, sideNames, statusNames, timeInForceNames } from './views.js';

/** A decimal string or null, as JSON: decimal strings need no escaping. */
const decimalOrNull = (text: string | null): string => (text === null ? 'null' : `"${text}"`);

/** JSON.stringify(orderView(order, product)). */
export function orderJson(order: OrderRecord, product: Product): string {
  const limitPriced = order.orderType === OrderType.limit || order.orderType === OrderType.stopLimit;
  const finished = order.status === 'cancelled' || order.status === 'rejected';
  const reason = order.reasonCode !== 0 && order.status === 'rejected' ? `,"reason":"${reasonSlug(order.reasonCode)}"` : '';
  // The client's own id is the one free-text field: it is escaped by JSON.stringify like any string.
  return `{"orderId":${order.orderId},"clientOrderId":${order.clientOrderId === '' ? 'null' : JSON.stringify(order.clientOrderId)},` +
    `"symbol":${JSON.stringify(order.symbol)},"side":"${sideNames[order.side]}","type":"${orderTypeNames[order.orderType]}",` +
    `"timeInForce":"${timeInForceNames[order.timeInForce]}",` +
    `"price":${limitPriced && order.priceTicks > 0 ? `"${price(order.priceTicks, product)}"` : 'null'},` +
    `"stopPrice":${order.stopPriceTicks > 0 ? `"${price(order.stopPriceTicks, product)}"` : 'null'},` +
    `"qty":${order.qtyLots},"filledQty":${order.filledLots},"remainingQty":${finished ? 0 : order.qtyLots - order.filledLots},` +
    `"averagePrice":${decimalOrNull(averagePrice(order.filledNotionalTicks, order.filledLots, product))},` +
    `"status":"${statusNames[order.status]}"${reason},"createdTsMicros":${order.createdTsMicros},"updatedTsMicros":${order.updatedTsMicros}}`;
}

/** JSON.stringify(fillView(ctx, fill)) with the fill's product. */
export function fillJson(fill: Fill, product: Product): string {
  return `{"tradeId":${fill.tradeId},"orderId":${fill.orderId},"symbol":${JSON.stringify(fill.symbol)},"side":"${sideNames[fill.side]}",` +
    `"price":"${price(fill.priceTicks, product)}","qty":${fill.qtyLots},"liquidity":"${fill.liquidity}","tsMicros":${fill.tsMicros}}`;
}
