// Everything the clearing house remembers, in one place. Each operation (trades.ts, risk.ts, settlement.ts,
// final-settlement.ts, liquidation.ts) is a function of this state; the ClearingHouse facade wires them.

import { Accounts } from './accounts.js';
import { Ledger } from './ledger.js';
import { OpenOrders } from './orders.js';
import { PositionBook } from './positions.js';
import { SeriesRegistry } from './series.js';
import type { Currency } from './spec.js';
import type { SettlementReport } from './report.js';

export interface MarginCall {
  readonly accountId: number;
  readonly currency: Currency;
  /** What it takes to bring equity back to the initial requirement, when the call was made. */
  readonly callMinor: bigint;
  readonly issuedMicros: number;
  readonly deadlineMicros: number;
}

export interface ClearingState {
  readonly clock: () => number;
  readonly accounts: Accounts;
  readonly ledger: Ledger;
  readonly positions: PositionBook;
  readonly orders: OpenOrders;
  readonly series: SeriesRegistry;
  /** Open margin calls, keyed `${accountId}:${currency}`. */
  readonly marginCalls: Map<string, MarginCall>;
  /** Fees charged since the last daily settlement, per `${accountId}:${currency}` (for the report). */
  readonly feesTodayMinor: Map<string, bigint>;
  /** Realised P&L booked since the last daily settlement, per `${accountId}:${currency}` (for the report). */
  readonly realisedTodayMinor: Map<string, bigint>;
  /** The last reports, by date, oldest first (bounded by reportsKeptMax). */
  readonly reports: Map<string, SettlementReport>;
}

export const reportsKeptMax = 31;

export function newState(clock: () => number): ClearingState {
  return {
    clock, accounts: new Accounts(), ledger: new Ledger(), positions: new PositionBook(), orders: new OpenOrders(),
    series: new SeriesRegistry(), marginCalls: new Map(), feesTodayMinor: new Map(), realisedTodayMinor: new Map(), reports: new Map(),
  };
}

export function cashLedgerId(state: ClearingState, accountId: number, currency: Currency): number {
  return state.ledger.account('clientCash', accountId, currency);
}

export function addTo(map: Map<string, bigint>, key: string, amountMinor: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + amountMinor);
}
