// The JSON text of the messages sent for every order and fill, written directly instead of building a view
// object and handing it to JSON.stringify: these go out several times per trade (the answer, the private
// pushes), and building the object and serialising it was most of their cost. The text is exactly
// JSON.stringify of the view (views.ts), key for key: wire.test.ts checks that on random orders and fills.

import { tickSizeOf } from '../core/decimal.js';
import { reasonSlug } from '../core/reasons.js';
import { OrderType, Side, type TradeEvent } from '../engine/protocol.js';
import type { OrderRecord } from '../exchange/orders.js';
import type { Product } from '../products/catalogue.js';
import type { Fill } from './fills.js';
import { averagePrice, averagePriceScale, averagePriceUnits, orderTypeNames, price, sideNames, statusNames, timeInForceNames } from './views.js';
import type { FrameWriter } from './ws/frame-writer.js';

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

// The same texts written as bytes into a WebSocket frame (frame-writer.ts): no string is built for an order
// or a fill on the hot path. wire.test.ts holds them byte-equal to orderJson and fillJson.

function writePrice(w: FrameWriter, ticks: number, product: Product): void {
  const tick = tickSizeOf(product.tickSize);
  const units = ticks * tick.unitsNumber;
  if (Number.isSafeInteger(units)) w.decimal(units, tick.scale);
  else w.ascii(price(ticks, product));
}

/**
 * The state of the last order written on a connection, whose JSON (without the closing brace) the writer keeps
 * (FrameWriter.keepFrom): an order's push and its answer go out together, with the same text, so the second is a
 * copy. One writer, one cache: nothing else keeps bytes in a connection's writer.
 */
export class OrderTextCache {
  orderId = 0;
  status = '';
  orderType = -1;
  stopPriceTicks = -1;
  filledLots = -1;
  filledNotionalTicks = -1;
  priceTicks = -1;
  qtyLots = -1;
  updatedTsMicros = -1;
  reasonCode = -1;

  holds(order: OrderRecord): boolean {
    return this.orderId === order.orderId && this.status === order.status && this.orderType === order.orderType &&
      this.stopPriceTicks === order.stopPriceTicks && this.filledLots === order.filledLots &&
      this.filledNotionalTicks === order.filledNotionalTicks && this.priceTicks === order.priceTicks && this.qtyLots === order.qtyLots &&
      this.updatedTsMicros === order.updatedTsMicros && this.reasonCode === order.reasonCode;
  }

  keep(order: OrderRecord): void {
    this.orderId = order.orderId;
    this.status = order.status;
    this.orderType = order.orderType;
    this.stopPriceTicks = order.stopPriceTicks;
    this.filledLots = order.filledLots;
    this.filledNotionalTicks = order.filledNotionalTicks;
    this.priceTicks = order.priceTicks;
    this.qtyLots = order.qtyLots;
    this.updatedTsMicros = order.updatedTsMicros;
    this.reasonCode = order.reasonCode;
  }
}

/** writeOrder through the connection's cache: a copy when the same order in the same state was written last. */
export function writeOrderCached(w: FrameWriter, cache: OrderTextCache, order: OrderRecord, product: Product, open = false): void {
  if (w.hasKept && cache.holds(order)) {
    w.copyKept();
  } else {
    w.keepFrom();
    writeOrder(w, order, product, true);
    w.keepTo();
    cache.keep(order);
  }
  if (!open) w.ascii('}');
}

/** A quoted price, or null for no price (0 ticks), as priceOrNull gives it to JSON.stringify. */
function writePriceOrNull(w: FrameWriter, ticks: number, product: Product): void {
  if (ticks <= 0) return w.ascii('null');
  w.ascii('"');
  writePrice(w, ticks, product);
  w.ascii('"');
}

/** orderJson(order, product), without its closing brace when open (the caller adds keys and closes it). */
export function writeOrder(w: FrameWriter, order: OrderRecord, product: Product, open = false): void {
  const limitPriced = order.orderType === OrderType.limit || order.orderType === OrderType.stopLimit;
  const finished = order.status === 'cancelled' || order.status === 'rejected';
  w.ascii('{"orderId":');
  w.int(order.orderId);
  w.ascii(',"clientOrderId":');
  if (order.clientOrderId === '') w.ascii('null');
  else w.string(order.clientOrderId);
  w.ascii(',"symbol":');
  w.string(order.symbol);
  w.ascii(',"side":"');
  w.ascii(sideNames[order.side]);
  w.ascii('","type":"');
  w.ascii(orderTypeNames[order.orderType]);
  w.ascii('","timeInForce":"');
  w.ascii(timeInForceNames[order.timeInForce]);
  w.ascii('","price":');
  writePriceOrNull(w, limitPriced ? order.priceTicks : 0, product);
  w.ascii(',"stopPrice":');
  writePriceOrNull(w, order.stopPriceTicks, product);
  w.ascii(',"qty":');
  w.int(order.qtyLots);
  w.ascii(',"filledQty":');
  w.int(order.filledLots);
  w.ascii(',"remainingQty":');
  w.int(finished ? 0 : order.qtyLots - order.filledLots);
  w.ascii(',"averagePrice":');
  const averageUnits = averagePriceUnits(order.filledNotionalTicks, order.filledLots, product);
  if (order.filledLots === 0) {
    w.ascii('null');
  } else if (averageUnits !== undefined) {
    w.ascii('"');
    w.decimal(averageUnits, averagePriceScale(product));
    w.ascii('"');
  } else {
    w.ascii(`"${averagePrice(order.filledNotionalTicks, order.filledLots, product)!}"`);
  }
  w.ascii(',"status":"');
  w.ascii(statusNames[order.status]);
  w.ascii('"');
  if (order.reasonCode !== 0 && order.status === 'rejected') {
    w.ascii(',"reason":"');
    w.ascii(reasonSlug(order.reasonCode));
    w.ascii('"');
  }
  w.ascii(',"createdTsMicros":');
  w.int(order.createdTsMicros);
  w.ascii(',"updatedTsMicros":');
  w.int(order.updatedTsMicros);
  if (!open) w.ascii('}');
}

/** fillJson of the maker's (maker true) or the taker's fill of a trade, without building the Fill. */
export function writeTradeFill(w: FrameWriter, symbol: string, trade: TradeEvent, maker: boolean, product: Product): void {
  const takerSide = trade.aggressorSide;
  w.ascii('{"tradeId":');
  w.int(trade.tradeId);
  w.ascii(',"orderId":');
  w.int(maker ? trade.makerOrderId : trade.takerOrderId);
  w.ascii(',"symbol":');
  w.string(symbol);
  w.ascii(',"side":"');
  w.ascii(sideNames[maker ? (takerSide === Side.buy ? Side.sell : Side.buy) : takerSide]);
  w.ascii('","price":"');
  writePrice(w, trade.priceTicks, product);
  w.ascii('","qty":');
  w.int(trade.qtyLots);
  w.ascii(maker ? ',"liquidity":"maker","tsMicros":' : ',"liquidity":"taker","tsMicros":');
  w.int(trade.tsMicros);
  w.ascii('}');
}
