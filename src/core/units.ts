// Units live in names and types. Every price, quantity and amount is an integer; decimals exist only at the
// edges (API strings, display), converted by the helpers in decimal.ts.
//
// The brands are compile-time only: at run time a PriceTicks is a plain number, so typed arrays and hot loops
// pay nothing for them.

declare const unit: unique symbol;
type Brand<T, U extends string> = T & { readonly [unit]: U };

/** A price as a whole number of the instrument's ticks (tick size comes from the contract spec). */
export type PriceTicks = Brand<number, 'PriceTicks'>;
/** A quantity as a whole number of contracts (lots). */
export type QtyLots = Brand<number, 'QtyLots'>;
/** Money in the currency's minor unit (cents, fen). bigint because sums over many accounts pass 2^53. */
export type AmountMinor = Brand<bigint, 'AmountMinor'>;
/** A point in time, microseconds since the Unix epoch, always supplied from outside the core. */
export type TsMicros = Brand<number, 'TsMicros'>;
/** Exchange-assigned ids: dense positive integers from counters, never random. */
export type OrderId = Brand<number, 'OrderId'>;
export type AccountId = Brand<number, 'AccountId'>;
export type TradeId = Brand<number, 'TradeId'>;
/** Position of a command in the one sequenced stream. */
export type SeqNo = Brand<number, 'SeqNo'>;

export const priceTicks = (n: number): PriceTicks => n as PriceTicks;
export const qtyLots = (n: number): QtyLots => n as QtyLots;
export const amountMinor = (n: bigint): AmountMinor => n as AmountMinor;
export const tsMicros = (n: number): TsMicros => n as TsMicros;
export const orderId = (n: number): OrderId => n as OrderId;
export const accountId = (n: number): AccountId => n as AccountId;
