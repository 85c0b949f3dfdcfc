// What the FIX gateway needs from the exchange, and what it gets back. The session layer knows nothing of the
// exchange: it parses and validates FIX, calls these methods with plain values (decimals still as strings, the
// application owns tick sizes), and turns the answers into ExecutionReport (8), OrderCancelReject (9),
// OrderMassCancelReport (r) or BusinessMessageReject (j). Enumerations stay as FIX characters, so that an
// adapter maps them once and the session never guesses.

export type FixSide = '1' | '2';
/** 1 market, 2 limit, 3 stop, 4 stop limit. */
export type FixOrdType = '1' | '2' | '3' | '4';
/** 0 day (GFD), 1 GTC, 3 IOC, 4 FOK, 6 GTD. */
export type FixTimeInForce = '0' | '1' | '3' | '4' | '6';

export interface NewOrderFields {
  readonly clOrdId: string;
  readonly symbol: string;
  readonly side: FixSide;
  readonly ordType: FixOrdType;
  /** Decimal string as received (44), present for limit and stop-limit. */
  readonly price?: string;
  /** Decimal string (99), present for stop and stop-limit. */
  readonly stopPx?: string;
  readonly qtyLots: number;
  readonly timeInForce: FixTimeInForce;
  readonly expireTsMicros?: number;
  /** ExecInst (18) contains '6' (participate, do not initiate). */
  readonly postOnly: boolean;
}

/** The order a cancel or replace refers to: by OrderID (37) if given, else by OrigClOrdID (41). */
export interface OrderRef {
  readonly clOrdId: string;
  readonly origClOrdId: string;
  readonly orderId?: string;
  readonly symbol: string;
  readonly side: FixSide;
}

export interface ReplaceFields extends OrderRef {
  readonly ordType: FixOrdType;
  readonly price?: string;
  /** New total order quantity (38), filled part included, as FIX defines it. */
  readonly qtyLots: number;
}

/** ExecType (150) values we emit. */
export type FixExecType = '0' | '4' | '5' | '8' | 'C' | 'F' | 'L';
/** OrdStatus (39) values we emit. */
export type FixOrdStatus = '0' | '1' | '2' | '4' | '8' | 'C';

export interface ExecutionReportFields {
  readonly kind: 'execution';
  /** Exchange order id; 'NONE' for an order refused before it had one. */
  readonly orderId: string;
  readonly clOrdId: string;
  readonly origClOrdId?: string;
  readonly execId: string;
  readonly execType: FixExecType;
  readonly ordStatus: FixOrdStatus;
  readonly symbol: string;
  readonly side: FixSide;
  readonly ordType?: FixOrdType;
  readonly timeInForce?: FixTimeInForce;
  readonly price?: string;
  readonly stopPx?: string;
  readonly orderQtyLots: number;
  readonly leavesQtyLots: number;
  readonly cumQtyLots: number;
  /** Decimal string; '0' before any fill. */
  readonly avgPx: string;
  readonly lastPx?: string;
  readonly lastQtyLots?: number;
  /** OrdRejReason (103) on a rejection. */
  readonly ordRejReason?: number;
  readonly text?: string;
  readonly transactTsMicros: number;
}

export interface CancelRejectFields {
  readonly kind: 'cancelReject';
  readonly orderId: string;
  readonly clOrdId: string;
  readonly origClOrdId: string;
  readonly ordStatus: FixOrdStatus;
  /** '1' cancel request, '2' cancel/replace request. */
  readonly responseTo: '1' | '2';
  /** CxlRejReason (102): 0 too late, 1 unknown order, 2 broker option, 3 already pending, 99 other. */
  readonly cxlRejReason: 0 | 1 | 2 | 3 | 99;
  readonly text: string;
}

export interface BusinessRejectFields {
  readonly kind: 'businessReject';
  /** BusinessRejectReason (380). */
  readonly reason: number;
  readonly text: string;
}

export type FixReport = ExecutionReportFields | CancelRejectFields;

/** The answer to one request: reports for the requester, in order (an order that trades at once gets its New,
 * then its fills), or a business rejection when no report fits. */
export type FixAnswer = { readonly reports: readonly FixReport[] } | BusinessRejectFields;

export interface MassCancelAnswer {
  readonly kind: 'massCancel';
  /** MassCancelResponse (531): 0 refused, 1 by symbol, 7 all orders. */
  readonly response: '0' | '1' | '7';
  readonly rejectReason?: number;
  readonly affectedOrders: number;
  readonly text?: string;
  /** The Canceled ExecutionReports of the orders it took down. */
  readonly reports: readonly FixReport[];
}

export type Authentication = { readonly accountId: number } | { readonly error: string };

export interface FixApplication {
  authenticate(senderCompId: string, password: string): Authentication | Promise<Authentication>;
  newOrder(accountId: number, order: NewOrderFields): Promise<FixAnswer>;
  cancel(accountId: number, ref: OrderRef): Promise<FixAnswer>;
  replace(accountId: number, replace: ReplaceFields): Promise<FixAnswer>;
  /** symbol undefined: every series. */
  massCancel(accountId: number, req: { clOrdId: string; symbol?: string }): Promise<MassCancelAnswer>;
  /**
   * Reports the account did not ask for (its resting order filled by someone else's order, expired, cancelled
   * by the exchange). Called once per account when its first session logs on; the listener lives as long as
   * the gateway, so that reports made while the client is away wait in the session store for its ResendRequest.
   */
  subscribe(accountId: number, listener: (report: FixReport) => void): void;
}
