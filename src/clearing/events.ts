// Applies the engine's events to clearing: open orders for risk, fills to positions, fees and realised P&L to
// the ledger. Clearing trusts the engine's events as facts (they are journaled before anyone sees them): an
// event that contradicts clearing's state is a broken invariant, not a business rejection.

import { assert, assertNever } from '../core/assert.js';
import { Side, type EngineEvent, type TradeEvent } from '../engine/protocol.js';
import { cashLedgerId, type ClearingState } from './state.js';
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

/** The head of a trade's ledger reference: "trade 17 TKFH27" is posted as this, the trade id and the series' tail. */
const tradeRefHead = 'trade ';

function applyTrade(state: ClearingState, series: SeriesState, trade: TradeEvent): void {
  if (!(!series.expired)) assert(false, `trade ${trade.tradeId} on expired series ${series.spec.symbol}`);
  if (!(trade.qtyLots > 0 && trade.priceTicks > 0)) assert(false, `trade ${trade.tradeId} has no quantity or price`);
  const { ledger, accounts } = state;
  const { spec } = series;
  const { currency } = spec;
  const buyerId = trade.aggressorSide === Side.buy ? trade.takerAccountId : trade.makerAccountId;
  const sellerId = trade.aggressorSide === Side.buy ? trade.makerAccountId : trade.takerAccountId;
  if (!(accounts.get(buyerId) !== undefined && accounts.get(sellerId) !== undefined)) assert(false, `trade ${trade.tradeId} names an unknown account`);
  const ts = trade.tsMicros;

  // One entry: a leg per side that realised P&L (buyer first), and its counterpart, which waits in the
  // settlement account until tonight's variation margin.
  const settlementId = ledger.account('settlement', 0, currency);
  ledger.begin();
  const realisedSum = bookFill(state, series, buyerId, trade.qtyLots, trade.priceTicks)
    + bookFill(state, series, sellerId, -trade.qtyLots, trade.priceTicks);
  ledger.leg(settlementId, -realisedSum);
  ledger.commit('realisedPnl', currency, ts, tradeRefHead, trade.tradeId, series.tradeRefTail);

  const makerFee = spec.feeMakerMinor * BigInt(trade.qtyLots);
  const takerFee = spec.feeTakerMinor * BigInt(trade.qtyLots);
  ledger.begin();
  ledger.leg(cashLedgerId(state, trade.makerAccountId, currency), -makerFee);
  ledger.leg(cashLedgerId(state, trade.takerAccountId, currency), -takerFee);
  ledger.leg(ledger.account('feeIncome', 0, currency), makerFee + takerFee);
  ledger.commit('fee', currency, ts, tradeRefHead, trade.tradeId, series.tradeRefTail);
  state.feesTodayMinor.add(trade.makerAccountId, currency, makerFee);
  state.feesTodayMinor.add(trade.takerAccountId, currency, takerFee);
  state.series.recordTrade(series, { priceTicks: trade.priceTicks, qtyLots: trade.qtyLots, tsMicros: ts });
}

/** Books one side's fill to its position; stages the realised P&L as a leg of the open entry and returns it. */
function bookFill(state: ClearingState, series: SeriesState, accountId: number, signedLots: number, priceTicks: number): bigint {
  const { positions } = state;
  const result = positions.applyFill(positions.slot(accountId, series.idx), signedLots, priceTicks);
  if (result.realisedBasisTicks === 0) return 0n;
  const realisedMinor = BigInt(result.realisedBasisTicks) * series.spec.tickValueMinor;
  state.ledger.leg(cashLedgerId(state, accountId, series.spec.currency), realisedMinor);
  state.realisedTodayMinor.add(accountId, series.spec.currency, realisedMinor);
  return realisedMinor;
}
