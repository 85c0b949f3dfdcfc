// The engine's seam: sequenced commands in, immutable events out. Everything upstream (gateway, risk) speaks
// commands; everything downstream (clearing, market data, journal, read models) reads events.
//
// Commands carry their sequence number and timestamp from the sequencer: the engine never reads a clock.
// All prices are integer ticks and all quantities integer lots.

import type { AccountId, OrderId, PriceTicks, QtyLots, SeqNo, TsMicros } from '../core/units.js';

export const Side = { buy: 0, sell: 1 } as const;
export type Side = (typeof Side)[keyof typeof Side];

export const OrderType = { limit: 0, market: 1, stop: 2, stopLimit: 3 } as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];

/** GFD expires at the session's close; GTD at expireTsMicros; IOC and FOK never rest. */
export const TimeInForce = { GTC: 0, GFD: 1, GTD: 2, IOC: 3, FOK: 4 } as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

/** Self-trade prevention, decided by the aggressing order (the gateway fills it from the account's setting). */
export const StpMode = { none: 0, cancelResting: 1, cancelAggressing: 2, cancelBoth: 3 } as const;
export type StpMode = (typeof StpMode)[keyof typeof StpMode];

/**
 * Trading phases of one instrument. preOpen and halted collect orders without matching; leaving them for
 * continuous runs the (re-)opening call auction. closed accepts only cancels; entering it expires GFD orders.
 */
export const Phase = { closed: 0, preOpen: 1, continuous: 2, halted: 3 } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export const CancelReason = {
  requested: 1,
  massCancel: 2,
  iocRemainder: 3,
  fokUnfilled: 4,
  selfTrade: 5,
  expired: 6,
  sessionEnd: 7,
  marketProtection: 8,
  outsideNewLimits: 9,
} as const;
export type CancelReason = (typeof CancelReason)[keyof typeof CancelReason];

interface CommandBase {
  readonly seq: SeqNo;
  readonly tsMicros: TsMicros;
}

export interface NewOrderCommand extends CommandBase {
  readonly kind: 'new';
  readonly orderId: OrderId;
  readonly accountId: AccountId;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Limit price; for market orders ignored (the protection band sets the limit). */
  readonly priceTicks: PriceTicks;
  /** Trigger for stop and stop-limit; 0 otherwise. */
  readonly stopPriceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
  readonly postOnly: boolean;
  /** For GTD only; 0 otherwise. */
  readonly expireTsMicros: TsMicros;
  readonly stpMode: StpMode;
}

export interface CancelCommand extends CommandBase {
  readonly kind: 'cancel';
  readonly orderId: OrderId;
  readonly accountId: AccountId;
}

/** Quantity down at the same price keeps priority; a new price or more quantity loses it. */
export interface AmendCommand extends CommandBase {
  readonly kind: 'amend';
  readonly orderId: OrderId;
  readonly accountId: AccountId;
  readonly priceTicks: PriceTicks;
  /** The new total quantity the order should have left (not a delta). */
  readonly qtyLots: QtyLots;
}

/** accountId 0 cancels every order of the instrument. */
export interface MassCancelCommand extends CommandBase {
  readonly kind: 'massCancel';
  readonly accountId: AccountId;
}

export interface SetPhaseCommand extends CommandBase {
  readonly kind: 'setPhase';
  readonly phase: Phase;
}

/** Sets the previous settlement price from which the daily limits follow (limitBps: 1000 = ±10%). */
export interface SetReferenceCommand extends CommandBase {
  readonly kind: 'setReference';
  readonly referencePriceTicks: PriceTicks;
  readonly limitBps: number;
}

/** Lets time pass: GTD orders whose expiry is at or before tsMicros expire. */
export interface TimeCommand extends CommandBase {
  readonly kind: 'time';
}

export type EngineCommand =
  | NewOrderCommand
  | CancelCommand
  | AmendCommand
  | MassCancelCommand
  | SetPhaseCommand
  | SetReferenceCommand
  | TimeCommand;

/** Event kinds as small integers: they live in typed arrays in the EventBuffer. */
export const EventKind = {
  accepted: 1,
  rejected: 2,
  trade: 3,
  cancelled: 4,
  amended: 5,
  triggered: 6,
  phaseChanged: 7,
  auction: 8,
  limitsChanged: 9,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

interface EventBase {
  readonly seq: SeqNo;
  readonly tsMicros: TsMicros;
}
export interface AcceptedEvent extends EventBase {
  readonly kind: 'accepted';
  readonly orderId: OrderId;
  readonly accountId: AccountId;
  readonly side: Side;
  readonly priceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
}
export interface RejectedEvent extends EventBase {
  readonly kind: 'rejected';
  readonly orderId: OrderId;
  readonly accountId: AccountId;
  readonly reasonCode: number;
}
/** One fill between a resting (maker) order and an aggressing (taker) order, at the maker's price. */
export interface TradeEvent extends EventBase {
  readonly kind: 'trade';
  readonly tradeId: number;
  readonly priceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
  readonly aggressorSide: Side;
  readonly makerOrderId: OrderId;
  readonly makerAccountId: AccountId;
  readonly makerLeavesLots: QtyLots;
  readonly takerOrderId: OrderId;
  readonly takerAccountId: AccountId;
  readonly takerLeavesLots: QtyLots;
}
export interface CancelledEvent extends EventBase {
  readonly kind: 'cancelled';
  readonly orderId: OrderId;
  readonly accountId: AccountId;
  readonly side: Side;
  readonly priceTicks: PriceTicks;
  /** The quantity that will now never trade. */
  readonly qtyLots: QtyLots;
  readonly cancelReason: CancelReason;
}
export interface AmendedEvent extends EventBase {
  readonly kind: 'amended';
  readonly orderId: OrderId;
  readonly accountId: AccountId;
  readonly side: Side;
  readonly priceTicks: PriceTicks;
  /** Quantity left after the amend. */
  readonly qtyLots: QtyLots;
  readonly priorityLost: boolean;
}
export interface TriggeredEvent extends EventBase {
  readonly kind: 'triggered';
  readonly orderId: OrderId;
  readonly accountId: AccountId;
  readonly side: Side;
  readonly priceTicks: PriceTicks;
}
export interface PhaseChangedEvent extends EventBase {
  readonly kind: 'phaseChanged';
  readonly phase: Phase;
}
export interface AuctionEvent extends EventBase {
  readonly kind: 'auction';
  readonly priceTicks: PriceTicks;
  readonly qtyLots: QtyLots;
}
export interface LimitsChangedEvent extends EventBase {
  readonly kind: 'limitsChanged';
  readonly referencePriceTicks: PriceTicks;
  readonly limitDownTicks: PriceTicks;
  readonly limitUpTicks: PriceTicks;
}

export type EngineEvent =
  | AcceptedEvent
  | RejectedEvent
  | TradeEvent
  | CancelledEvent
  | AmendedEvent
  | TriggeredEvent
  | PhaseChangedEvent
  | AuctionEvent
  | LimitsChangedEvent;
