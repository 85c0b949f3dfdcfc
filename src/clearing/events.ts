// Applies the engine's events to clearing: open orders for risk, fills to positions, fees and realised P&L to
// the ledger. Clearing trusts the engine's events as facts (they are journaled before anyone sees them): an
// event that contradicts clearing's state is a broken invariant, not a business rejection.

import { assert, assertNever } from '../core/assert.js';
import { Side, type EngineEvent, type TradeEvent } from '../engine/protocol.js';
import { addTo, cashLedgerId, type ClearingState } from './state.js';
import type { SeriesState } from './series.js';

export function applyEvents(state: ClearingState, symbol: string, events: readonly EngineEvent[]): void {
  const series = state.series.mustGet(symbol);
  for (const event of events) applyEvent(state, series, event);
}

function applyEvent(state: ClearingState, series: SeriesState, event: EngineEvent): void {
  const { orders } = state;
  switch (event.kind) {
    case 'accepted':
      // Checked on every order: the message (with its number-to-string work) is built only when it fails.
      if (!(!series.expired)) assert(false, `order ${event.orderId} accepted on expired series ${series.spec.symbol}`);
      if (event.qtyLots > 0) {
        orders.add({
          orderId: event.orderId, accountId: event.accountId, seriesIdx: series.idx,
          sign: event.side === Side.buy ? 1 : -1, priceTicks: event.priceTicks, leavesLots: event.qtyLots,
        });
      }
      return;
    case 'trade':
      applyTrade(state, series, event);
      orders.setLeaves(series.idx, event.makerOrderId, event.makerLeavesLots);
      orders.setLeaves(series.idx, event.takerOrderId, event.takerLeavesLots);
      return;
    case 'cancelled':
      orders.remove(series.idx, event.orderId);
      return;
    case 'amended':
      orders.setLeaves(series.idx, event.orderId, event.qtyLots, event.priceTicks);
      return;
    case 'triggered':
      if (event.priceTicks > 0) orders.setPrice(series.idx, event.orderId, event.priceTicks);
      return;
    case 'limitsChanged':
      series.limitDownTicks = event.limitDownTicks;
      series.limitUpTicks = event.limitUpTicks;
      return;
    case 'rejected':
    case 'phaseChanged':
    case 'auction':
      return;
    default:
      assertNever(event, 'engine event');
  }
}

function applyTrade(state: ClearingState, series: SeriesState, trade: TradeEvent): void {
  if (!(!series.expired)) assert(false, `trade ${trade.tradeId} on expired series ${series.spec.symbol}`);
  if (!(trade.qtyLots > 0 && trade.priceTicks > 0)) assert(false, `trade ${trade.tradeId} has no quantity or price`);
  const { positions, ledger, accounts } = state;
  const { spec } = series;
  const buyerId = trade.aggressorSide === Side.buy ? trade.takerAccountId : trade.makerAccountId;
  const sellerId = trade.aggressorSide === Side.buy ? trade.makerAccountId : trade.takerAccountId;
  if (!(accounts.get(buyerId) !== undefined && accounts.get(sellerId) !== undefined)) assert(false, `trade ${trade.tradeId} names an unknown account`);
  const ts = trade.tsMicros;
  const ref = `trade ${trade.tradeId} ${spec.symbol}`;

  const settlementId = ledger.account('settlement', 0, spec.currency);
  const realisedLegs = [];
  let realisedSum = 0n;
  for (const [accountId, signedLots] of [[buyerId, trade.qtyLots], [sellerId, -trade.qtyLots]] as const) {
    const slot = positions.slot(accountId, series.idx);
    const result = positions.applyFill(slot, signedLots, trade.priceTicks);
    const realisedMinor = BigInt(result.realisedBasisTicks) * spec.tickValueMinor;
    if (realisedMinor !== 0n) {
      realisedLegs.push({ ledgerId: cashLedgerId(state, accountId, spec.currency), amountMinor: realisedMinor });
      realisedSum += realisedMinor;
      addTo(state.realisedTodayMinor, `${accountId}:${spec.currency}`, realisedMinor);
    }
  }
  // The counterpart of intraday realised P&L waits in the settlement account until tonight's variation margin.
  realisedLegs.push({ ledgerId: settlementId, amountMinor: -realisedSum });
  ledger.post('realisedPnl', spec.currency, ts, realisedLegs, ref);

  const makerFee = spec.feeMakerMinor * BigInt(trade.qtyLots);
  const takerFee = spec.feeTakerMinor * BigInt(trade.qtyLots);
  ledger.post('fee', spec.currency, ts, [
    { ledgerId: cashLedgerId(state, trade.makerAccountId, spec.currency), amountMinor: -makerFee },
    { ledgerId: cashLedgerId(state, trade.takerAccountId, spec.currency), amountMinor: -takerFee },
    { ledgerId: ledger.account('feeIncome', 0, spec.currency), amountMinor: makerFee + takerFee },
  ], ref);
  addTo(state.feesTodayMinor, `${trade.makerAccountId}:${spec.currency}`, makerFee);
  addTo(state.feesTodayMinor, `${trade.takerAccountId}:${spec.currency}`, takerFee);
  state.series.recordTrade(series, { priceTicks: trade.priceTicks, qtyLots: trade.qtyLots, tsMicros: ts });
}
