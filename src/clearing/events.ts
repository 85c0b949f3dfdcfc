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
        orders.addOrder(event.orderId, event.accountId, series.idx, event.side === Side.buy ? 1 : -1, event.priceTicks, event.qtyLots);
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
  // settlement account until tonight's variation margin. Amounts are float64 integers while below 2^53 (a
  // bigint per operation was most of a trade's garbage), bigints as before past that.
  const settlementId = ledger.account('settlement', 0, currency);
  ledger.begin();
  const buyerRealised = bookFill(state, series, buyerId, trade.qtyLots, trade.priceTicks);
  const sellerRealised = bookFill(state, series, sellerId, -trade.qtyLots, trade.priceTicks);
  const realisedSum = typeof buyerRealised === 'number' && typeof sellerRealised === 'number' ? buyerRealised + sellerRealised : Number.NaN;
  // Zero is skipped here rather than by the ledger: −0 is not a small integer, and would be boxed to pass.
  if (realisedSum !== 0) {
    if (Number.isSafeInteger(realisedSum)) ledger.legNumber(settlementId, -realisedSum);
    else ledger.leg(settlementId, -(BigInt(buyerRealised) + BigInt(sellerRealised)));
  }
  ledger.commit('realisedPnl', currency, ts, tradeRefHead, trade.tradeId, series.tradeRefTail);

  const makerFee = series.feeMakerNumber * trade.qtyLots;
  const takerFee = series.feeTakerNumber * trade.qtyLots;
  if (Number.isSafeInteger(trade.qtyLots) && Number.isSafeInteger(makerFee) && Number.isSafeInteger(takerFee) && Number.isSafeInteger(makerFee + takerFee)) {
    ledger.begin();
    ledger.legNumber(cashLedgerId(state, trade.makerAccountId, currency), -makerFee);
    ledger.legNumber(cashLedgerId(state, trade.takerAccountId, currency), -takerFee);
    ledger.legNumber(ledger.account('feeIncome', 0, currency), makerFee + takerFee);
    ledger.commit('fee', currency, ts, tradeRefHead, trade.tradeId, series.tradeRefTail);
    state.feesTodayMinor.addNumber(trade.makerAccountId, currency, makerFee);
    state.feesTodayMinor.addNumber(trade.takerAccountId, currency, takerFee);
  } else {
    chargeFeesBig(state, series, trade);
  }
  state.series.recordTrade(series, trade.priceTicks, trade.qtyLots, ts);
}

/** The fees of a trade in bigint: a fee times lots past 2^53. */
function chargeFeesBig(state: ClearingState, series: SeriesState, trade: TradeEvent): void {
  const { ledger } = state;
  const { spec } = series;
  const { currency } = spec;
  const makerFee = spec.feeMakerMinor * BigInt(trade.qtyLots);
  const takerFee = spec.feeTakerMinor * BigInt(trade.qtyLots);
  ledger.begin();
  ledger.leg(cashLedgerId(state, trade.makerAccountId, currency), -makerFee);
  ledger.leg(cashLedgerId(state, trade.takerAccountId, currency), -takerFee);
  ledger.leg(ledger.account('feeIncome', 0, currency), makerFee + takerFee);
  ledger.commit('fee', currency, trade.tsMicros, tradeRefHead, trade.tradeId, series.tradeRefTail);
  state.feesTodayMinor.add(trade.makerAccountId, currency, makerFee);
  state.feesTodayMinor.add(trade.takerAccountId, currency, takerFee);
}

/**
 * Books one side's fill to its position; stages the realised P&L as a leg of the open entry and returns it:
 * a number below 2^53, else a bigint.
 */
function bookFill(state: ClearingState, series: SeriesState, accountId: number, signedLots: number, priceTicks: number): number | bigint {
  const { positions } = state;
  const realisedTicks = positions.fill(positions.slot(accountId, series.idx), signedLots, priceTicks);
  if (realisedTicks === 0) return 0;
  const { currency } = series.spec;
  const realisedMinor = realisedTicks * series.tickValueNumber;
  if (Number.isSafeInteger(realisedTicks) && Number.isSafeInteger(realisedMinor)) {
    state.ledger.legNumber(cashLedgerId(state, accountId, currency), realisedMinor);
    state.realisedTodayMinor.addNumber(accountId, currency, realisedMinor);
    return realisedMinor;
  }
  const realisedBig = BigInt(realisedTicks) * series.spec.tickValueMinor;
  state.ledger.leg(cashLedgerId(state, accountId, currency), realisedBig);
  state.realisedTodayMinor.add(accountId, currency, realisedBig);
  return realisedBig;
}
