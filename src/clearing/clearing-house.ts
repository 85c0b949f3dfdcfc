// The clearing house: the one object the pipeline talks to. It owns the clearing state and wires the parts:
//   risk (checkNewOrder, before matching) → engine → onEngineEvents (positions, fees, realised P&L)
//   → end of day (prices → mark-to-market → margin and calls → report) → expiry (final settlement).
// Every command ends by asserting that the ledger balances and that each series' positions sum to zero.
// Business refusals (a withdrawal beyond free equity, an order beyond margin) are values with reason codes.

import { assert } from '../core/assert.js';
import { Reason } from '../core/reasons.js';
import type { EngineEvent } from '../engine/protocol.js';
import { accountRisk, type AccountRisk } from './account-risk.js';
import type { Account, AccountStatus, AccountType, Member } from './accounts.js';
import { applyEvents } from './events.js';
import { runFinalSettlement, type CancelAllIntent, type FinalSettlementResult } from './final-settlement.js';
import { hash64 } from './hash.js';
import { amountMinorMax } from './limits.js';
import { allocateLosses, checkMarginCalls, runLiquidations, type ClearingIntent, type LossAllocation } from './liquidation.js';
import { reportToCsv, type SettlementReport } from './report.js';
import { checkNewOrder, type NewOrderRequest, type RiskResult } from './risk.js';
import type { SeriesState } from './series.js';
import { buildReport, decidePrices, marginAll, markToMarket, marginCallGraceMicros, type DailySettlementInput } from './settlement.js';
import type { SettlementPrice } from './settlement-price.js';
import { snapshotOf, stateFromSnapshot, type ClearingSnapshot } from './snapshot.js';
import { currencies, type ContractSpec, type Currency } from './spec.js';
import { cashLedgerId, newState, type ClearingState, type MarginCall } from './state.js';

export type CashResult = { readonly ok: true; readonly cashMinor: bigint } | { readonly ok: false; readonly code: number; readonly message: string };

export interface DailySettlementResult {
  readonly date: string;
  readonly prices: readonly SettlementPrice[];
  /** What the engine needs for tomorrow: a setReference per series. */
  readonly references: readonly { readonly symbol: string; readonly referencePriceTicks: number; readonly limitBps: number }[];
  readonly positionsMarked: number;
  readonly marginCalls: readonly MarginCall[];
  readonly report: SettlementReport;
}

export interface MarginReport {
  readonly accountId: number;
  readonly status: AccountStatus;
  readonly killSwitch: boolean;
  readonly currencies: readonly (Omit<AccountRisk, 'margin'> & { readonly margin: AccountRisk['margin']; readonly marginCall?: MarginCall })[];
}

export class ClearingHouse {
  private state: ClearingState;

  constructor(options: { readonly clock: () => number }) {
    this.state = newState(options.clock);
  }

  static restore(snapshot: ClearingSnapshot, options: { readonly clock: () => number }): ClearingHouse {
    const house = new ClearingHouse(options);
    house.state = stateFromSnapshot(snapshot, options.clock);
    house.afterCommand();
    return house;
  }

  // --- participants -------------------------------------------------------------------------------------------

  addMember(name: string): Member {
    return this.state.accounts.addMember(name);
  }

  addAccount(memberId: number, owner: string, type: AccountType): Account {
    return this.state.accounts.addAccount(memberId, owner, type);
  }

  setHedgeQuota(accountId: number, product: string, lots: number): void {
    this.state.accounts.setHedgeQuota(accountId, product, lots);
  }

  setStatus(accountId: number, status: AccountStatus): void {
    this.state.accounts.mustGet(accountId).status = status;
  }

  /** On: blocks new orders and returns a cancel-all intent per series where the account has orders. */
  setKillSwitch(accountId: number, on: boolean): CancelAllIntent[] {
    const account = this.state.accounts.mustGet(accountId);
    account.killSwitch = on;
    if (!on) return [];
    const symbols = new Set(this.state.orders.ofAccount(accountId).map((o) => this.state.series.at(o.seriesIdx).spec.symbol));
    return [...symbols].sort().map((symbol) => ({ kind: 'massCancel', symbol, accountId }));
  }

  account(accountId: number): Account | undefined {
    return this.state.accounts.get(accountId);
  }

  // --- series -------------------------------------------------------------------------------------------------

  registerSeries(spec: ContractSpec, referencePriceTicks: number): SeriesState {
    return this.state.series.add(spec, referencePriceTicks);
  }

  setSpotMonth(symbol: string, isSpotMonth: boolean): void {
    this.state.series.mustGet(symbol).isSpotMonth = isSpotMonth;
  }

  series(symbol: string): Readonly<SeriesState> | undefined {
    return this.state.series.get(symbol);
  }

  // --- money --------------------------------------------------------------------------------------------------

  deposit(accountId: number, currency: Currency, amountMinor: bigint): CashResult {
    const bad = this.checkAmount(accountId, amountMinor);
    if (bad) return bad;
    const { ledger } = this.state;
    ledger.transfer('deposit', currency, this.state.clock(), ledger.account('bank', 0, currency), cashLedgerId(this.state, accountId, currency), amountMinor, `deposit account ${accountId}`);
    return this.done({ ok: true, cashMinor: ledger.balanceOf('clientCash', accountId, currency) });
  }

  /** Only cash that is free: at most the cash balance and at most free equity after open orders. */
  withdraw(accountId: number, currency: Currency, amountMinor: bigint): CashResult {
    const bad = this.checkAmount(accountId, amountMinor);
    if (bad) return bad;
    const risk = accountRisk(this.state, accountId, currency);
    const free = risk.cashMinor < risk.freeEquityMinor ? risk.cashMinor : risk.freeEquityMinor;
    if (amountMinor > free) {
      return {
        ok: false, code: Reason.insufficientFunds,
        message: `amountMinor ${amountMinor} is more than the ${free > 0n ? free : 0n} ${currency} minor units free to withdraw (cash ${risk.cashMinor}, free equity ${risk.freeEquityMinor})`,
      };
    }
    const { ledger } = this.state;
    ledger.transfer('withdrawal', currency, this.state.clock(), cashLedgerId(this.state, accountId, currency), ledger.account('bank', 0, currency), amountMinor, `withdrawal account ${accountId}`);
    return this.done({ ok: true, cashMinor: ledger.balanceOf('clientCash', accountId, currency) });
  }

  /** A member's guarantee: first in line for its clients' losses beyond their equity. */
  depositGuarantee(memberId: number, currency: Currency, amountMinor: bigint): void {
    assert(this.state.accounts.member(memberId) !== undefined, `unknown member ${memberId}`);
    assert(amountMinor > 0n && amountMinor <= amountMinorMax, 'guarantee amount out of range');
    const { ledger } = this.state;
    ledger.transfer('guaranteeDeposit', currency, this.state.clock(), ledger.account('bank', 0, currency), ledger.account('memberGuarantee', memberId, currency), amountMinor, `guarantee member ${memberId}`);
    this.afterCommand();
  }

  contributeDefaultFund(memberId: number, currency: Currency, amountMinor: bigint): void {
    assert(this.state.accounts.member(memberId) !== undefined, `unknown member ${memberId}`);
    assert(amountMinor > 0n && amountMinor <= amountMinorMax, 'default fund contribution out of range');
    const { ledger } = this.state;
    ledger.transfer('defaultFundContribution', currency, this.state.clock(), ledger.account('bank', 0, currency), ledger.account('defaultFund', 0, currency), amountMinor, `default fund member ${memberId}`);
    this.afterCommand();
  }

  // --- trading ------------------------------------------------------------------------------------------------

  checkNewOrder(request: NewOrderRequest): RiskResult {
    return checkNewOrder(this.state, request);
  }

  /** Applies the engine's events for one series; then charges the losses of liquidated accounts now flat. */
  onEngineEvents(symbol: string, events: readonly EngineEvent[]): readonly LossAllocation[] {
    applyEvents(this.state, symbol, events);
    const allocations = allocateLosses(this.state);
    this.afterCommand();
    return allocations;
  }

  // --- end of day and expiry ----------------------------------------------------------------------------------

  runDailySettlement(date: string, input: DailySettlementInput): DailySettlementResult {
    assert(/^\d{4}-\d{2}-\d{2}$/.test(date), `settlement date must be YYYY-MM-DD, got ${date}`);
    const prices = decidePrices(this.state, input);
    const positionsMarked = markToMarket(this.state, date, prices);
    const margins = marginAll(this.state, input.marginCallDeadlineMicros ?? this.state.clock() + marginCallGraceMicros);
    const report = buildReport(this.state, date, prices, margins);
    this.afterCommand();
    return {
      date, prices, positionsMarked, report, marginCalls: [...this.state.marginCalls.values()],
      references: prices.map((p) => ({ symbol: p.symbol, referencePriceTicks: p.priceTicks, limitBps: p.nextLimitBps })),
    };
  }

  runFinalSettlement(symbol: string, priceTicks: number): FinalSettlementResult {
    const result = runFinalSettlement(this.state, symbol, priceTicks);
    allocateLosses(this.state);
    this.afterCommand();
    return result;
  }

  checkMarginCalls(deadlineMicros: number): MarginCall[] {
    const calls = checkMarginCalls(this.state, deadlineMicros);
    this.afterCommand();
    return calls;
  }

  /** Liquidates accounts whose calls passed their deadline unmet; the pipeline sends the intents to the engine. */
  runLiquidations(): ClearingIntent[] {
    const intents = runLiquidations(this.state);
    this.afterCommand();
    return intents;
  }

  // --- reports and state --------------------------------------------------------------------------------------

  marginReport(accountId: number): MarginReport {
    const account = this.state.accounts.mustGet(accountId);
    return {
      accountId, status: account.status, killSwitch: account.killSwitch,
      currencies: currencies.map((currency) => {
        const call = this.state.marginCalls.get(`${accountId}:${currency}`);
        return { ...accountRisk(this.state, accountId, currency), ...(call ? { marginCall: call } : {}) };
      }),
    };
  }

  settlementReport(date: string): SettlementReport | undefined {
    return this.state.reports.get(date);
  }

  settlementReportCsv(date: string): string | undefined {
    const report = this.state.reports.get(date);
    return report && reportToCsv(report);
  }

  cashMinor(accountId: number, currency: Currency): bigint {
    return this.state.ledger.balanceOf('clientCash', accountId, currency);
  }

  positionLots(accountId: number, symbol: string): number {
    const series = this.state.series.mustGet(symbol);
    const slot = this.state.positions.find(accountId, series.idx);
    return slot === undefined ? 0 : this.state.positions.qtyLots[slot]!;
  }

  openInterestLots(symbol: string): number {
    return this.state.positions.longLots[this.state.series.mustGet(symbol).idx]!;
  }

  snapshot(): ClearingSnapshot {
    return snapshotOf(this.state);
  }

  stateHash(): string {
    return hash64(JSON.stringify(this.snapshot()));
  }

  /** Full check: every ledger balance recomputed from the entries, every series' positions net to zero. */
  verify(): void {
    this.state.ledger.verify();
    this.assertSeriesNet();
  }

  /** Read access for tests, the CLI and the benchmark; callers must not mutate it. */
  internals(): ClearingState {
    return this.state;
  }

  private checkAmount(accountId: number, amountMinor: bigint): CashResult | undefined {
    if (!this.state.accounts.get(accountId)) return { ok: false, code: Reason.unknownAccount, message: `accountId ${accountId} is not a clearing account` };
    if (amountMinor <= 0n || amountMinor > amountMinorMax) {
      return { ok: false, code: Reason.qtyOutOfRange, message: `amountMinor must be 1 to ${amountMinorMax}, got ${amountMinor}` };
    }
    return undefined;
  }

  private done<T>(result: T): T {
    this.afterCommand();
    return result;
  }

  private afterCommand(): void {
    this.state.ledger.assertBalanced();
    this.assertSeriesNet();
  }

  private assertSeriesNet(): void {
    for (const series of this.state.series.all()) {
      // Checked on every order: the message (with its number-to-string work) is built only when it fails.
      if (!(this.state.positions.netLots[series.idx] === 0)) assert(false, `positions of ${series.spec.symbol} sum to ${this.state.positions.netLots[series.idx]}, not zero`);
    }
  }
}
