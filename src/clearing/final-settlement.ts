// Expiry: after the last trading day a series is cash-settled at the final settlement price the index module
// publishes (the average of the daily fixings over the contract month). Every position is closed at that
// price — the cash is qty × final − basis, like one last variation margin — and removed; the series stops
// accepting anything, and its open orders are dropped from risk and returned as a cancel intent for the engine.

import { assert } from '../core/assert.js';
import type { ClearingState } from './state.js';
import { cashLedgerId } from './state.js';

export interface CancelAllIntent {
  readonly kind: 'massCancel';
  readonly symbol: string;
  /** 0 cancels every order of the series. */
  readonly accountId: number;
}

export interface FinalSettlementResult {
  readonly symbol: string;
  readonly priceTicks: number;
  readonly positionsClosed: number;
  /** Σ of positive final payments (what the longs or shorts received), per the series currency. */
  readonly paidMinor: bigint;
  /** Per closed position: the final cash and the P&L realised over the position's life against its entry price. */
  readonly lines: readonly { readonly accountId: number; readonly qtyLots: number; readonly amountMinor: bigint; readonly realisedPnlMinor: bigint }[];
  readonly intents: readonly CancelAllIntent[];
}

export function runFinalSettlement(state: ClearingState, symbol: string, priceTicks: number): FinalSettlementResult {
  const series = state.series.mustGet(symbol);
  assert(!series.expired, `series ${symbol} is already final-settled`);
  assert(Number.isSafeInteger(priceTicks) && priceTicks > 0, `final settlement price must be positive ticks, got ${priceTicks}`);
  const { positions, ledger } = state;
  const { currency, tickValueMinor } = series.spec;
  const settlementId = ledger.account('settlement', 0, currency);
  const ts = state.clock();
  const toRemove: number[] = [];
  let paid = 0n;
  const lines: FinalSettlementResult['lines'][number][] = [];
  for (const slot of positions.slots()) {
    if (positions.seriesIdx[slot] !== series.idx) continue;
    const qtyLots = positions.qtyLots[slot]!;
    const { settledBasisTicks } = positions.closeAt(slot, priceTicks);
    const amount = BigInt(settledBasisTicks) * tickValueMinor;
    const accountId = positions.accountId[slot]!;
    lines.push({ accountId, qtyLots, amountMinor: amount, realisedPnlMinor: BigInt(positions.realisedCostTicks[slot]!) * tickValueMinor });
    positions.lastVmMinor[slot] = Number(amount);
    ledger.postPair('finalSettlement', currency, ts, settlementId, cashLedgerId(state, accountId, currency), amount, `final settlement ${symbol}`);
    if (amount > 0n) paid += amount;
    toRemove.push(slot);
  }
  for (const slot of toRemove) positions.remove(slot);
  assert(positions.netLots[series.idx] === 0 && positions.longLots[series.idx] === 0, `series ${symbol} still holds positions`);
  series.expired = true;
  series.markPriceTicks = priceTicks;
  series.trades.clear();
  state.orders.removeSeries(series.idx);
  return { symbol, priceTicks, positionsClosed: toRemove.length, paidMinor: paid, lines, intents: [{ kind: 'massCancel', symbol, accountId: 0 }] };
}
