// The end of day, in four phases the facade runs in order (the benchmark times the first three):
//   1. decidePrices   — one settlement price per live series (settlement-price.ts);
//   2. markToMarket   — every position marked: VM = qty × settle − basis, basis := qty × settle; one ledger
//                       entry per account and currency against the settlement account;
//   3. marginAll      — the portfolio margin of every account's positions, margin calls where equity is
//                       below maintenance;
//   4. buildReport    — the per-account settlement report, then today's fee/realised counters reset.
// After phase 2 the settlement account is zero in every currency: realised P&L booked during the day plus
// tonight's VM sum to zero per series, because positions sum to zero and every trade has two sides.

import { assert } from '../core/assert.js';
import { PositionsMarginScanner } from './margin-all.js';
import { breakdownOf, type MarginBreakdown, type MarginNumbers } from './margin.js';
import { spreadCreditOf, type AccountLine, type PositionLine, type SettlementReport } from './report.js';
import { limitsFor } from './series.js';
import { settlementPrice, type SeriesCloseInput, type SettlementPrice } from './settlement-price.js';
import { currencies, type Currency } from './spec.js';
import { cashLedgerId, reportsKeptMax, type ClearingState, type MarginCall } from './state.js';

/** Time an account has to meet a margin call when the caller gives no deadline: one day. */
export const marginCallGraceMicros = 24 * 3600 * 1_000_000;

export interface DailySettlementInput {
  /** Trades at or after this instant form the closing window for the VWAP. */
  readonly closingWindowStartMicros: number;
  readonly series?: Readonly<Record<string, SeriesCloseInput>>;
  readonly marginCallDeadlineMicros?: number;
}

export interface AccountMargin {
  readonly accountId: number;
  readonly currency: Currency;
  readonly equityMinor: bigint;
  readonly margin: MarginNumbers;
}

export function decidePrices(state: ClearingState, input: DailySettlementInput): SettlementPrice[] {
  const prices: SettlementPrice[] = [];
  for (const series of state.series.all()) {
    if (series.expired) continue;
    prices.push(settlementPrice(series, input.closingWindowStartMicros, input.series?.[series.spec.symbol]));
  }
  for (const symbol of Object.keys(input.series ?? {})) {
    assert(state.series.get(symbol) !== undefined, `settlement input names unknown series ${symbol}`);
  }
  return prices;
}

/** Phase 2. Returns the number of positions marked. */
export function markToMarket(state: ClearingState, date: string, prices: readonly SettlementPrice[]): number {
  const { positions, series, ledger } = state;
  const settleBySeries = new Float64Array(series.all().length);
  for (const price of prices) settleBySeries[series.mustGet(price.symbol).idx] = price.priceTicks;
  const tickValue = series.all().map((s) => s.tickValueNumber);
  const isUsd = series.all().map((s) => s.spec.currency === 'USD');
  const { qtyLots, basisTicks, seriesIdx, lastVmMinor } = positions;
  const ts = state.clock();
  const ref = `daily settlement ${date}`;
  const settlementIds = { USD: ledger.account('settlement', 0, 'USD'), CNY: ledger.account('settlement', 0, 'CNY') };
  let marked = 0;
  for (const account of state.accounts.all()) {
    const slots = positions.slotsOf(account.id);
    if (slots.length === 0) continue;
    let vmUsd = 0;
    let vmCny = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const s = seriesIdx[slot]!;
      const settle = settleBySeries[s]!;
      if (settle === 0) continue;
      const target = qtyLots[slot]! * settle;
      const vm = (target - basisTicks[slot]!) * tickValue[s]!;
      assert(Number.isSafeInteger(vm), `variation margin of position ${slot} left the exact range`);
      basisTicks[slot] = target;
      lastVmMinor[slot] = vm;
      if (isUsd[s]) vmUsd += vm;
      else vmCny += vm;
      marked++;
    }
    assert(Number.isSafeInteger(vmUsd) && Number.isSafeInteger(vmCny), `variation margin of account ${account.id} left the exact range`);
    if (vmUsd !== 0) ledger.postPair('variationMargin', 'USD', ts, settlementIds.USD, cashLedgerId(state, account.id, 'USD'), BigInt(vmUsd), ref);
    if (vmCny !== 0) ledger.postPair('variationMargin', 'CNY', ts, settlementIds.CNY, cashLedgerId(state, account.id, 'CNY'), BigInt(vmCny), ref);
  }
  for (const price of prices) {
    const s = series.mustGet(price.symbol);
    s.markPriceTicks = price.priceTicks;
    s.limitBps = price.nextLimitBps;
    Object.assign(s, limitsFor(price.priceTicks, price.nextLimitBps));
    s.trades.clear();
  }
  for (const currency of currencies) {
    assert(ledger.balanceOf('settlement', 0, currency) === 0n, `settlement account ${currency} not zero after the daily settlement`);
  }
  return marked;
}

/** Phase 3: margin of every account with positions; issues or clears margin calls. */
export function marginAll(state: ClearingState, deadlineMicros: number): AccountMargin[] {
  const result: AccountMargin[] = [];
  const now = state.clock();
  const scanner = new PositionsMarginScanner(state);
  for (const account of state.accounts.all()) {
    if (state.positions.slotsOf(account.id).length === 0) continue;
    const byCurrency = scanner.scan(account.id);
    for (const currency of currencies) {
      const margin = byCurrency[currency];
      if (!margin) continue;
      const open = currency === 'USD' ? byCurrency.openUsdMinor : byCurrency.openCnyMinor;
      const equity = state.ledger.balanceOf('clientCash', account.id, currency) + (open === 0 ? 0n : BigInt(open));
      result.push({ accountId: account.id, currency, equityMinor: equity, margin });
      const below = equity < BigInt(margin.maintenance);
      if (!below && state.marginCalls.size === 0) continue;
      const key = `${account.id}:${currency}`;
      const existing = state.marginCalls.get(key);
      if (below) {
        if (!existing) {
          const call: MarginCall = { accountId: account.id, currency, callMinor: BigInt(margin.initial) - equity, issuedMicros: now, deadlineMicros };
          state.marginCalls.set(key, call);
        }
      } else if (existing && equity >= BigInt(margin.initial)) {
        state.marginCalls.delete(key);
      }
    }
  }
  return result;
}

/** Cash plus open P&L at the marks (zero right after a settlement, when every basis equals qty × mark). */
export function equityOf(state: ClearingState, accountId: number, currency: Currency): bigint {
  const { positions, series } = state;
  let open = 0n;
  for (const slot of positions.slotsOf(accountId)) {
    const s = series.at(positions.seriesIdx[slot]!);
    if (s.spec.currency !== currency) continue;
    const openTicks = positions.qtyLots[slot]! * s.markPriceTicks - positions.basisTicks[slot]!;
    if (openTicks !== 0) open += BigInt(openTicks) * s.spec.tickValueMinor;
  }
  return state.ledger.balanceOf('clientCash', accountId, currency) + open;
}

/** Phase 4: the report; resets today's counters and keeps the report (bounded). */
export function buildReport(state: ClearingState, date: string, prices: readonly SettlementPrice[], margins: readonly AccountMargin[]): SettlementReport {
  const marginByKey = new Map(margins.map((m) => [`${m.accountId}:${m.currency}`, { currency: m.currency, products: [], ...breakdownOf(m.margin) } satisfies MarginBreakdown]));
  const accounts: AccountLine[] = [];
  for (const account of state.accounts.all()) {
    for (const currency of currencies) {
      const key = `${account.id}:${currency}`;
      const positions = positionLines(state, account.id, currency);
      const cash = state.ledger.balanceOf('clientCash', account.id, currency);
      const fees = state.feesTodayMinor.get(account.id, currency) ?? 0n;
      if (positions.length === 0 && cash === 0n && fees === 0n) continue;
      const margin = marginByKey.get(key);
      const vm = positions.reduce((sum, p) => sum + BigInt(p.variationMarginMinor), 0n);
      accounts.push({
        accountId: account.id, memberId: account.memberId, owner: account.owner, currency, status: account.status, positions,
        variationMarginMinor: vm.toString(), feesMinor: fees.toString(), realisedTodayMinor: (state.realisedTodayMinor.get(account.id, currency) ?? 0n).toString(),
        cashMinor: cash.toString(), equityMinor: equityOf(state, account.id, currency).toString(),
        initialMarginMinor: (margin?.initialMinor ?? 0n).toString(), maintenanceMarginMinor: (margin?.maintenanceMinor ?? 0n).toString(),
        outrightMarginMinor: (margin?.outrightMinor ?? 0n).toString(), spreadCreditMinor: spreadCreditOf(margin).toString(),
        interProductCreditMinor: (margin?.interProductCreditMinor ?? 0n).toString(),
        marginCallMinor: (state.marginCalls.get(key)?.callMinor ?? 0n).toString(),
      });
    }
  }
  const report: SettlementReport = {
    date, prices,
    openInterest: state.series.all().filter((s) => !s.expired).map((s) => ({ symbol: s.spec.symbol, lots: state.positions.longLots[s.idx]! })),
    accounts,
    totals: currencies.map((currency) => ({
      currency,
      variationMarginPaidMinor: accounts.filter((a) => a.currency === currency)
        .reduce((sum, a) => sum + (BigInt(a.variationMarginMinor) > 0n ? BigInt(a.variationMarginMinor) : 0n), 0n).toString(),
      feesMinor: accounts.filter((a) => a.currency === currency).reduce((sum, a) => sum + BigInt(a.feesMinor), 0n).toString(),
      defaultFundMinor: state.ledger.balanceOf('defaultFund', 0, currency).toString(),
    })),
  };
  state.feesTodayMinor.clear();
  state.realisedTodayMinor.clear();
  state.reports.set(date, report);
  while (state.reports.size > reportsKeptMax) state.reports.delete(state.reports.keys().next().value!);
  return report;
}

function positionLines(state: ClearingState, accountId: number, currency: Currency): PositionLine[] {
  const { positions, series } = state;
  const lines: PositionLine[] = [];
  for (const slot of positions.slotsOf(accountId)) {
    const s = series.at(positions.seriesIdx[slot]!);
    if (s.spec.currency !== currency) continue;
    const qty = positions.qtyLots[slot]!;
    const cost = positions.costTicks[slot]!;
    const tv = s.spec.tickValueMinor;
    lines.push({
      symbol: s.spec.symbol, qtyLots: qty, averagePriceTicks: qty === 0 ? '0' : ratio2(cost, qty),
      settlementPriceTicks: s.markPriceTicks, variationMarginMinor: String(positions.lastVmMinor[slot]!),
      realisedPnlMinor: (BigInt(positions.realisedCostTicks[slot]!) * tv).toString(),
      unrealisedPnlMinor: (BigInt(qty * s.markPriceTicks - cost) * tv).toString(),
    });
  }
  return lines;
}

/** a / b to two decimals, truncated, as a string (report only). */
function ratio2(a: number, b: number): string {
  const hundredths = (BigInt(a) * 100n) / BigInt(b);
  const negative = hundredths < 0n;
  const abs = negative ? -hundredths : hundredths;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
