// Integers inside, decimal strings outside: how orders, fills, series and money look in the API. Every price
// is printed with exactly its product's tick decimals; money with its currency's minor-unit decimals.

import { tickSizeOf, ticksToDecimal, unitsToDecimal } from '../core/decimal.js';
import { reasonSlug } from '../core/reasons.js';
import { OrderType, Phase, Side, TimeInForce } from '../engine/protocol.js';
import type { OrderRecord } from '../exchange/orders.js';
import type { Catalogue, Product } from '../products/catalogue.js';

export const sideNames = ['buy', 'sell'] as const;
export type SideName = (typeof sideNames)[number];
export const orderTypeNames = ['limit', 'market', 'stop', 'stop_limit'] as const;
export type OrderTypeName = (typeof orderTypeNames)[number];
export const timeInForceNames = ['GTC', 'GFD', 'GTD', 'IOC', 'FOK'] as const;
export type TimeInForceName = (typeof timeInForceNames)[number];
export const phaseNames = ['closed', 'pre_open', 'continuous', 'halted'] as const;

export const sideOf: Record<SideName, Side> = { buy: Side.buy, sell: Side.sell };
export const orderTypeOf: Record<OrderTypeName, OrderType> = {
  limit: OrderType.limit, market: OrderType.market, stop: OrderType.stop, stop_limit: OrderType.stopLimit,
};
export const timeInForceOf: Record<TimeInForceName, TimeInForce> = TimeInForce;

export const statusNames = { new: 'new', partiallyFilled: 'partially_filled', filled: 'filled', cancelled: 'cancelled', rejected: 'rejected', parked: 'parked' } as const;

/** Extra decimals of an average price beyond the tick's, rounded half up. */
const averageExtraDecimals = 4;

export function price(ticks: number, product: Product): string {
  return ticksToDecimal(ticks, product.tickSize);
}

/** null for "no price" (0 ticks): a market order's price, an empty side's best price. */
export function priceOrNull(ticks: number, product: Product): string | null {
  return ticks > 0 ? price(ticks, product) : null;
}

/** Decimals of an average price: the tick's and averageExtraDecimals more. */
export function averagePriceScale(product: Product): number {
  return product.priceDecimals + averageExtraDecimals;
}

/**
 * The average price in units of averagePriceScale, rounded half up, when it is a safe integer computed exactly
 * in doubles (every order of a normal size); undefined otherwise (then averagePrice takes the BigInt path), and
 * with no lots filled (no average).
 */
export function averagePriceUnits(notionalTicks: number, lots: number, product: Product): number | undefined {
  if (lots <= 0) return undefined;
  // One tick in units of the price's last decimal ("0.005" → 5).
  const tickUnits = tickSizeOf(product.tickSize).unitsNumber;
  // Rounded half up: floor((2·notional·units + lots) / 2·lots), corrected by one where the division rounded
  // across an integer.
  const numerator = notionalTicks * tickUnits * 10 ** averageExtraDecimals * 2 + lots;
  const denominator = 2 * lots;
  if (!Number.isSafeInteger(numerator)) return undefined;
  let quotient = Math.floor(numerator / denominator);
  if (quotient * denominator > numerator) quotient--;
  else if ((quotient + 1) * denominator <= numerator) quotient++;
  return quotient;
}

export function averagePrice(notionalTicks: number, lots: number, product: Product): string | null {
  if (lots === 0) return null;
  const scale = averagePriceScale(product);
  const units = averagePriceUnits(notionalTicks, lots, product);
  if (units !== undefined) return unitsToDecimal(units, scale);
  const tickUnits = tickSizeOf(product.tickSize).unitsNumber;
  const exact = BigInt(notionalTicks) * BigInt(tickUnits) * 10n ** BigInt(averageExtraDecimals) * 2n + BigInt(lots);
  return unitsToDecimal(exact / BigInt(2 * lots), scale);
}

export function minorScaleOf(catalogue: Catalogue, currency: string): number {
  return catalogue.products.find((p) => p.currency === currency)?.currencyMinorScale ?? 2;
}

export function money(amountMinor: bigint, minorScale: number): string {
  return unitsToDecimal(amountMinor, minorScale);
}

export function orderView(order: OrderRecord, product: Product) {
  return {
    orderId: order.orderId,
    clientOrderId: order.clientOrderId === '' ? null : order.clientOrderId,
    symbol: order.symbol,
    side: sideNames[order.side],
    type: orderTypeNames[order.orderType],
    timeInForce: timeInForceNames[order.timeInForce],
    price: priceOrNull(order.orderType === OrderType.limit || order.orderType === OrderType.stopLimit ? order.priceTicks : 0, product),
    stopPrice: priceOrNull(order.stopPriceTicks, product),
    qty: order.qtyLots,
    filledQty: order.filledLots,
    remainingQty: order.status === 'cancelled' || order.status === 'rejected' ? 0 : order.qtyLots - order.filledLots,
    averagePrice: averagePrice(order.filledNotionalTicks, order.filledLots, product),
    status: statusNames[order.status],
    ...(order.reasonCode !== 0 && order.status === 'rejected' ? { reason: reasonSlug(order.reasonCode) } : {}),
    createdTsMicros: order.createdTsMicros,
    updatedTsMicros: order.updatedTsMicros,
  };
}

export function phaseName(phase: Phase): string {
  return phaseNames[phase]!;
}
