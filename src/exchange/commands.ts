// Exchange-level commands: what the gateways (REST, WebSocket, FIX, CLI, simulator) send into the one
// sequenced stream. Prices are already integer ticks here: decimals were converted, exactly, at the gateway.
// The sequencer stamps each accepted command with its seq and timestamp; the journal stores it verbatim, so
// replaying the journal through the same pipeline rebuilds the same state.

import type { OrderType, Phase, Side, StpMode, TimeInForce } from '../engine/protocol.js';

export type AccountType = 'hedger' | 'marketMaker' | 'speculator';
export type Currency = 'USD' | 'CNY';

export interface NewOrderRequest {
  readonly type: 'newOrder';
  readonly accountId: number;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly priceTicks: number;
  readonly stopPriceTicks: number;
  readonly qtyLots: number;
  readonly postOnly: boolean;
  readonly expireTsMicros: number;
  readonly stpMode: StpMode;
  readonly clientOrderId: string;
}

export interface CancelRequest {
  readonly type: 'cancel';
  readonly accountId: number;
  readonly orderId: number;
}

export interface AmendRequest {
  readonly type: 'amend';
  readonly accountId: number;
  readonly orderId: number;
  readonly priceTicks: number;
  readonly qtyLots: number;
}

/** symbol '' cancels the account's orders in every series. */
export interface MassCancelRequest {
  readonly type: 'massCancel';
  readonly accountId: number;
  readonly symbol: string;
}

export interface CreateAccountRequest {
  readonly type: 'createAccount';
  readonly name: string;
  readonly accountType: AccountType;
}

export interface DepositRequest {
  readonly type: 'deposit' | 'withdraw';
  readonly accountId: number;
  readonly currency: Currency;
  readonly amountMinor: bigint;
}

/**
 * Operator: list the series that trade on a date. A new series takes its product's current index level as its
 * first reference price (so its price limits exist from the first minute); the level travels in the command,
 * so that replaying the journal needs no index.
 */
export interface ListSeriesRequest {
  readonly type: 'listSeries';
  readonly isoDate: string;
  readonly referenceTicksByProduct: Readonly<Record<string, number>>;
  /**
   * How new series trade: 'always-open' puts them straight into continuous trading, 'real' leaves them closed
   * for the session driver. In the command (not only the server's options) so that a replay under other
   * options rebuilds the same state; absent in older journals, where the exchange's option decides.
   */
  readonly sessions?: 'real' | 'always-open';
}

/** Operator: the end of day: settlement prices, variation margin, margin calls, tomorrow's limits. */
export interface SettleDayRequest {
  readonly type: 'settleDay';
  readonly isoDate: string;
  /** Trades at or after this instant make the closing window's volume-weighted price. */
  readonly closingWindowStartMicros: number;
}

/** Operator: cash-settle an expired series at the final settlement price the index module published. */
export interface FinalSettleRequest {
  readonly type: 'finalSettle';
  readonly symbol: string;
  readonly priceTicks: number;
}

/**
 * Operator or scheduler: issue margin calls where equity fell under maintenance (due by deadlineMicros), and
 * liquidate the accounts whose calls are past their deadline unmet: orders cancelled, positions closed by IOC
 * orders at the day's limit price, cheapest risk first; a loss left when flat goes to the member, then the
 * default fund (clearing's waterfall).
 */
export interface MarginCheckRequest {
  readonly type: 'marginCheck';
  readonly deadlineMicros: number;
}

/**
 * Expires the GTD orders whose time has come, in every series. An engine expires due orders at the start of any
 * command it gets, so without this a GTD order in a quiet series would rest past its time until someone traded
 * there. The service submits it on a timer, only when some order is due (Exchange.gtdExpiryNextMicros), so it is
 * sequenced and journalled like any command and a replay expires exactly what the live run did.
 */
export interface ExpireDueRequest {
  readonly type: 'expireDue';
}

export interface SetPhaseRequest {
  readonly type: 'setPhase';
  readonly symbol: string;
  readonly phase: Phase;
}

export interface KillSwitchRequest {
  readonly type: 'killSwitch';
  readonly accountId: number;
  readonly engaged: boolean;
}

export type ExchangeCommand =
  | NewOrderRequest
  | CancelRequest
  | AmendRequest
  | MassCancelRequest
  | CreateAccountRequest
  | DepositRequest
  | ListSeriesRequest
  | SettleDayRequest
  | FinalSettleRequest
  | MarginCheckRequest
  | ExpireDueRequest
  | SetPhaseRequest
  | KillSwitchRequest;
