// From an API order (decimal strings, names) to an exchange command (ticks, enums), refusing here everything
// the gateway can know is wrong, so that a bad order never takes a sequence number: a refusal after
// sequencing would be journaled and would move the state hash. Refusals name the field and say why.

import { decimalToTicks, parseDecimal } from '../core/decimal.js';
import { Reason } from '../core/reasons.js';
import { OrderType, Phase, StpMode, TimeInForce } from '../engine/protocol.js';
import type { AmendRequest, NewOrderRequest } from '../exchange/commands.js';
import type { Exchange } from '../exchange/exchange.js';
import type { Instrument } from '../exchange/instrument.js';
import { isOpen } from '../exchange/orders.js';
import type { Product } from '../products/catalogue.js';
import { badRequest, type ApiError } from './errors.js';
import { expiryAheadMsMax } from './limits.js';
import { orderTypeOf, price, sideOf, timeInForceOf, type OrderTypeName, type SideName, type TimeInForceName } from './views.js';

export interface NewOrderInput {
  readonly symbol: string;
  readonly side: SideName;
  readonly type: OrderTypeName;
  readonly price?: string;
  readonly stopPrice?: string;
  readonly qty: number;
  readonly timeInForce?: TimeInForceName;
  readonly expireTime?: number;
  readonly postOnly?: boolean;
  readonly clientOrderId?: string;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

const fail = (code: number, message: string, field?: string): { ok: false; error: ApiError } => ({ ok: false, error: badRequest(code, message, field) });

export function liveInstrument(exchange: Exchange, symbol: string): Checked<Instrument> {
  const instrument = exchange.instrument(symbol);
  if (!instrument) return fail(Reason.unknownSymbol, `symbol ${symbol} is not a listed series`, 'symbol');
  if (instrument.expired) return fail(Reason.seriesExpired, `symbol ${symbol} has expired`, 'symbol');
  return { ok: true, value: instrument };
}

export function priceTicksOf(text: string, product: Product, field: string): Checked<number> {
  const ticks = decimalToTicks(text, product.tickSize);
  if (ticks === undefined) {
    if (parseDecimal(text) === undefined) return fail(Reason.malformed, `${field} must be a decimal string like "5.125"`, field);
    return fail(Reason.priceOffTick, `${field} ${text} is not a multiple of the tick size ${product.tickSize}`, field);
  }
  if (ticks <= 0) return fail(Reason.priceOutOfRange, `${field} must be positive, got ${text}`, field);
  return { ok: true, value: ticks };
}

function checkWithinLimits(instrument: Instrument, ticks: number, field: string): Checked<number> {
  const engine = instrument.engine;
  if (engine.referencePriceTicks === 0) return fail(Reason.referencePriceMissing, `${instrument.symbol} has no reference price yet, so no price limits: orders open once it is set`, 'symbol');
  if (ticks < engine.limitDownTicks || ticks > engine.limitUpTicks) {
    const p = instrument.product;
    return fail(Reason.priceOutsideLimits, `${field} ${price(ticks, p)} is outside today's limits ${price(engine.limitDownTicks, p)} to ${price(engine.limitUpTicks, p)}`, field);
  }
  return { ok: true, value: ticks };
}

export function checkNewOrder(exchange: Exchange, accountId: number, input: NewOrderInput, nowMs: number): Checked<NewOrderRequest> {
  const found = liveInstrument(exchange, input.symbol);
  if (!found.ok) return found;
  const instrument = found.value;
  const product = instrument.product;
  const type = orderTypeOf[input.type];
  const timeInForce = timeInForceOf[input.timeInForce ?? 'GTC'];
  if (input.qty < product.qtyLotsMin || input.qty > product.qtyLotsMax) {
    return fail(Reason.qtyOutOfRange, `qty must be ${product.qtyLotsMin} to ${product.qtyLotsMax} lots for ${product.code}, got ${input.qty}`, 'qty');
  }
  const limitPriced = type === OrderType.limit || type === OrderType.stopLimit;
  const stopped = type === OrderType.stop || type === OrderType.stopLimit;
  if (limitPriced && input.price === undefined) return fail(Reason.missingField, `price is required for a ${input.type} order`, 'price');
  if (!limitPriced && input.price !== undefined) return fail(Reason.malformed, `price is not allowed for a ${input.type} order`, 'price');
  if (stopped && input.stopPrice === undefined) return fail(Reason.stopPriceMissing, `stopPrice is required for a ${input.type} order`, 'stopPrice');
  if (!stopped && input.stopPrice !== undefined) return fail(Reason.malformed, `stopPrice is not allowed for a ${input.type} order`, 'stopPrice');
  let priceTicks = 0;
  if (input.price !== undefined) {
    const checked = priceTicksOf(input.price, product, 'price');
    if (!checked.ok) return checked;
    priceTicks = checked.value;
  }
  let stopPriceTicks = 0;
  if (input.stopPrice !== undefined) {
    const checked = priceTicksOf(input.stopPrice, product, 'stopPrice');
    if (!checked.ok) return checked;
    stopPriceTicks = checked.value;
  }
  let expireTsMicros = 0;
  if (timeInForce === TimeInForce.GTD) {
    if (input.expireTime === undefined) return fail(Reason.expiryInvalid, 'expireTime (Unix milliseconds) is required for a GTD order', 'expireTime');
    if (input.expireTime <= nowMs || input.expireTime > nowMs + expiryAheadMsMax) return fail(Reason.expiryInvalid, 'expireTime must be in the future and within a year', 'expireTime');
    expireTsMicros = input.expireTime * 1000;
  } else if (input.expireTime !== undefined) {
    return fail(Reason.malformed, 'expireTime is only for GTD orders', 'expireTime');
  }
  const immediate = type === OrderType.market || timeInForce === TimeInForce.IOC || timeInForce === TimeInForce.FOK;
  if (input.postOnly && (type !== OrderType.limit || immediate)) return fail(Reason.postOnlyNotLimit, 'postOnly is only for limit orders that may rest (not IOC or FOK)', 'postOnly');
  const phase = instrument.engine.phase;
  if (phase === Phase.closed) return fail(Reason.marketClosed, `${instrument.symbol} is closed`, 'symbol');
  if (phase !== Phase.continuous && (immediate || input.postOnly)) {
    const code = phase === Phase.halted ? Reason.marketHalted : Reason.phaseNotAllowed;
    return fail(code, `${instrument.symbol} is ${phase === Phase.halted ? 'halted' : 'in its opening auction'}: only resting limit orders are taken`, 'symbol');
  }
  if (limitPriced) {
    const within = checkWithinLimits(instrument, priceTicks, 'price');
    if (!within.ok) return within;
  }
  if (stopped) {
    const within = checkWithinLimits(instrument, stopPriceTicks, 'stopPrice');
    if (!within.ok) return within;
  }
  return {
    ok: true,
    value: {
      type: 'newOrder', accountId, symbol: instrument.symbol, side: sideOf[input.side], orderType: type, timeInForce,
      priceTicks, stopPriceTicks, qtyLots: input.qty, postOnly: input.postOnly ?? false, expireTsMicros,
      stpMode: StpMode.cancelAggressing, clientOrderId: input.clientOrderId ?? '',
    },
  };
}

/** qty in the API is the new total order quantity (as FIX OrderQty on a replace); the engine takes the leaves. */
export function checkAmend(exchange: Exchange, accountId: number, orderId: number, input: { price?: string; qty?: number }): Checked<AmendRequest> {
  const order = exchange.orders.get(orderId);
  if (!order || order.accountId !== accountId) return fail(Reason.unknownOrder, `order ${orderId} is not one of your orders`, 'orderId');
  if (!isOpen(order)) return fail(Reason.orderNotResting, `order ${orderId} is ${order.status}, not open`, 'orderId');
  const instrument = exchange.instrument(order.symbol)!;
  const limitPriced = order.orderType === OrderType.limit || order.orderType === OrderType.stopLimit;
  if (order.status === 'parked' || !limitPriced) return fail(Reason.orderNotResting, `only resting limit orders can be amended; order ${orderId} is not one`, 'orderId');
  if (instrument.engine.phase === Phase.closed) return fail(Reason.marketClosed, `${order.symbol} is closed`, 'orderId');
  let priceTicks = order.priceTicks;
  if (input.price !== undefined) {
    const checked = priceTicksOf(input.price, instrument.product, 'price');
    if (!checked.ok) return checked;
    const within = checkWithinLimits(instrument, checked.value, 'price');
    if (!within.ok) return within;
    priceTicks = checked.value;
  }
  const qtyTotal = input.qty ?? order.qtyLots;
  const leavesLots = qtyTotal - order.filledLots;
  if (leavesLots < 1) return fail(Reason.qtyOutOfRange, `qty ${qtyTotal} must exceed the ${order.filledLots} lots already filled`, 'qty');
  if (qtyTotal > instrument.product.qtyLotsMax) return fail(Reason.qtyOutOfRange, `qty must be at most ${instrument.product.qtyLotsMax} lots`, 'qty');
  if (priceTicks === order.priceTicks && leavesLots === order.qtyLots - order.filledLots) return fail(Reason.amendNoChange, 'the amend changes neither price nor qty', 'orderId');
  return { ok: true, value: { type: 'amend', accountId, orderId, priceTicks, qtyLots: leavesLots } };
}
