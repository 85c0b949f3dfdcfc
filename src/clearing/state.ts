// Everything the clearing house remembers, in one place. Each operation (trades.ts, risk.ts, settlement.ts,
// final-settlement.ts, liquidation.ts) is a function of this state; the ClearingHouse facade wires them.

import { assert } from '../core/assert.js';
import { Accounts } from './accounts.js';
import { ExactColumn } from './exact-column.js';
import { Ledger } from './ledger.js';
import { accountsMax } from './limits.js';
import { OpenOrders } from './orders.js';
import { PositionBook } from './positions.js';
import { SeriesRegistry } from './series.js';
import { currencies, type Currency } from './spec.js';
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
  /** Fees charged since the last daily settlement, per account and currency (for the report). */
  readonly feesTodayMinor: AmountsByAccount;
  /** Realised P&L booked since the last daily settlement, per account and currency (for the report). */
  readonly realisedTodayMinor: AmountsByAccount;
  /** The last reports, by date, oldest first (bounded by reportsKeptMax). */
  readonly reports: Map<string, SettlementReport>;
}

export const reportsKeptMax = 31;

export function newState(clock: () => number): ClearingState {
  return {
    clock, accounts: new Accounts(), ledger: new Ledger(), positions: new PositionBook(), orders: new OpenOrders(),
    series: new SeriesRegistry(), marginCalls: new Map(), feesTodayMinor: new AmountsByAccount(), realisedTodayMinor: new AmountsByAccount(), reports: new Map(),
  };
}

export function cashLedgerId(state: ClearingState, accountId: number, currency: Currency): number {
  return state.ledger.account('clientCash', accountId, currency);
}

/**
 * A running amount per (account, currency), added to on every trade. Keyed by accountId × 2 + currency, a small
 * integer, rather than by an `${accountId}:${currency}` string built and hashed per trade; the text key is
 * what the snapshot and the report show, in first-added order as before. Amounts are float64 integers in a
 * column while below 2^53 (a bigint per trade was garbage), bigints beside it past that.
 */
export class AmountsByAccount {
  private readonly slotByKey = new Map<number, number>();
  /** Keys in first-added order: slot i holds keys[i]'s amount. */
  private readonly keys: number[] = [];
  private readonly amountsMinor = new ExactColumn(64);

  add(accountId: number, currency: Currency, amountMinor: bigint): void {
    this.amountsMinor.add(this.slotOf(amountKey(accountId, currency)), amountMinor);
  }

  /** add for an amount that is a float64 integer below 2^53 (the per-trade path). */
  addNumber(accountId: number, currency: Currency, amountMinor: number): void {
    this.amountsMinor.addNumber(this.slotOf(amountKey(accountId, currency)), amountMinor);
  }

  get(accountId: number, currency: Currency): bigint | undefined {
    const slot = this.slotByKey.get(amountKey(accountId, currency));
    return slot === undefined ? undefined : this.amountsMinor.at(slot);
  }

  /** Sets the amount of a text key (`${accountId}:${currency}`), as the snapshot stores it. */
  setText(key: string, amountMinor: bigint): void {
    const match = /^(0|[1-9][0-9]*):(USD|CNY)$/.exec(key);
    assert(match !== null, `amount key ${key} is not accountId:currency`);
    this.amountsMinor.set(this.slotOf(amountKey(Number(match[1]), match[2] as Currency)), amountMinor);
  }

  /** [`${accountId}:${currency}`, amount] in first-added order. */
  textEntries(): [string, bigint][] {
    return this.keys.map((key, slot) => [`${Math.floor(key / 2)}:${currencies[key % 2]!}`, this.amountsMinor.at(slot)]);
  }

  clear(): void {
    this.slotByKey.clear();
    this.keys.length = 0;
    this.amountsMinor.clearBig();
  }

  private slotOf(key: number): number {
    let slot = this.slotByKey.get(key);
    if (slot === undefined) {
      slot = this.keys.length;
      this.keys.push(key);
      this.slotByKey.set(key, slot);
      this.amountsMinor.open(slot);
    }
    return slot;
  }
}

function amountKey(accountId: number, currency: Currency): number {
  if (!(Number.isSafeInteger(accountId) && accountId >= 0 && accountId <= accountsMax)) assert(false, `account id out of range: ${accountId}`);
  return accountId * 2 + (currency === 'USD' ? 0 : 1);
}
