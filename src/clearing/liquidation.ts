// Margin calls and forced liquidation.
//
// A call is made when equity falls below maintenance (at the daily settlement, or whenever the pipeline asks
// with checkMarginCalls). It is met when equity is back at the initial requirement. When a call is still unmet
// at its deadline, the account turns reduce-only and is marked liquidating; clearing returns intents for the
// pipeline to send to the engine: cancel the account's orders, then one closing IOC order per position at the
// worst price today's limits allow (so it trades with whatever liquidity there is). Positions are closed
// cheapest risk first: smallest outright margin per position first, so the liquid, cheap exposures go before
// the book is asked to absorb the large ones (ties by symbol). Orders larger than a series' qtyLotsMax are split.
//
// Once a liquidating account is flat, any negative cash is a loss beyond its equity: it is charged to its
// clearing member's guarantee, and what the guarantee cannot cover to the default fund (which may then go
// negative: the exchange must recapitalise it, and the report shows it).

import { assert } from '../core/assert.js';
import { Side } from '../engine/protocol.js';
import { accountRisk } from './account-risk.js';
import { mulBpsCeil } from './margin.js';
import { equityOf } from './settlement.js';
import { currencies, type Currency } from './spec.js';
import { cashLedgerId, type ClearingState, type MarginCall } from './state.js';
import type { CancelAllIntent } from './final-settlement.js';

export interface LiquidationOrderIntent {
  readonly kind: 'liquidate';
  readonly symbol: string;
  readonly accountId: number;
  readonly side: Side;
  readonly qtyLots: number;
  readonly priceTicks: number;
}

export type ClearingIntent = CancelAllIntent | LiquidationOrderIntent;

export interface LossAllocation {
  readonly accountId: number;
  readonly currency: Currency;
  readonly lossMinor: bigint;
  readonly fromMemberMinor: bigint;
  readonly fromDefaultFundMinor: bigint;
}

/** Issues calls where equity < maintenance, clears those where equity ≥ initial. Returns the open calls. */
export function checkMarginCalls(state: ClearingState, deadlineMicros: number): MarginCall[] {
  const now = state.clock();
  for (const account of state.accounts.all()) {
    if (state.positions.slotsOf(account.id).length === 0 && !state.marginCalls.has(`${account.id}:USD`) && !state.marginCalls.has(`${account.id}:CNY`)) continue;
    for (const currency of currencies) {
      const risk = accountRisk(state, account.id, currency);
      const key = `${account.id}:${currency}`;
      if (risk.equityMinor < risk.margin.maintenanceMinor && !state.marginCalls.has(key)) {
        state.marginCalls.set(key, { accountId: account.id, currency, callMinor: risk.margin.initialMinor - risk.equityMinor, issuedMicros: now, deadlineMicros });
      } else if (risk.equityMinor >= risk.margin.initialMinor) {
        state.marginCalls.delete(key);
      }
    }
  }
  return [...state.marginCalls.values()];
}

/** Liquidates every account whose call is unmet at its deadline; returns the intents in the order to send. */
export function runLiquidations(state: ClearingState): ClearingIntent[] {
  const now = state.clock();
  const intents: ClearingIntent[] = [];
  const keys = [...state.marginCalls.keys()].sort();
  for (const key of keys) {
    const call = state.marginCalls.get(key)!;
    if (call.deadlineMicros > now) continue;
    const risk = accountRisk(state, call.accountId, call.currency);
    if (risk.equityMinor >= risk.margin.initialMinor) {
      state.marginCalls.delete(key);
      continue;
    }
    const account = state.accounts.mustGet(call.accountId);
    // An account already liquidating gets fresh closing orders for what the last IOCs left open: the book may
    // have had no bids at the limit then, and the position must still be worked out.
    account.status = account.status === 'suspended' ? 'suspended' : 'reduceOnly';
    account.liquidating = true;
    intents.push(...liquidationIntents(state, call.accountId, call.currency));
  }
  return intents;
}

function liquidationIntents(state: ClearingState, accountId: number, currency: Currency): ClearingIntent[] {
  const { positions, series } = state;
  const intents: ClearingIntent[] = [];
  const symbolsWithOrders = new Set(state.orders.ofAccount(accountId).map((o) => series.at(o.seriesIdx).spec.symbol));
  for (const symbol of [...symbolsWithOrders].sort()) intents.push({ kind: 'massCancel', symbol, accountId });
  const legs = positions.slotsOf(accountId)
    .map((slot) => ({ s: series.at(positions.seriesIdx[slot]!), qty: positions.qtyLots[slot]! }))
    .filter(({ s, qty }) => qty !== 0 && s.spec.currency === currency && !s.expired)
    .map(({ s, qty }) => ({ s, qty, outright: mulBpsCeil(Math.abs(qty) * s.markPriceTicks * s.tickValueNumber, s.spec.initialMarginBps) }))
    .sort((a, b) => a.outright - b.outright || (a.s.spec.symbol < b.s.spec.symbol ? -1 : 1));
  for (const { s, qty } of legs) {
    const side = qty > 0 ? Side.sell : Side.buy;
    const priceTicks = qty > 0 ? s.limitDownTicks : s.limitUpTicks;
    for (let left = Math.abs(qty); left > 0; left -= Math.min(left, s.spec.qtyLotsMax)) {
      intents.push({ kind: 'liquidate', symbol: s.spec.symbol, accountId, side, qtyLots: Math.min(left, s.spec.qtyLotsMax), priceTicks });
    }
  }
  return intents;
}

/** Charges the negative cash of every flat liquidating account to its member, then the default fund. */
export function allocateLosses(state: ClearingState): readonly LossAllocation[] {
  // Runs after every engine event batch and almost always finds nothing: no list is made for that.
  let allocations: LossAllocation[] | undefined;
  for (const account of state.accounts.all()) {
    if (!account.liquidating) continue;
    const flat = state.positions.slotsOf(account.id).every((slot) => state.positions.qtyLots[slot] === 0);
    if (!flat || state.orders.countOf(account.id) > 0) continue;
    for (const currency of currencies) {
      const equity = equityOf(state, account.id, currency);
      state.marginCalls.delete(`${account.id}:${currency}`);
      if (equity >= 0n) continue;
      (allocations ??= []).push(chargeLoss(state, account.id, account.memberId, currency, -equity));
    }
    account.liquidating = false;
  }
  return allocations ?? noAllocations;
}

const noAllocations: readonly LossAllocation[] = [];

function chargeLoss(state: ClearingState, accountId: number, memberId: number, currency: Currency, lossMinor: bigint): LossAllocation {
  const { ledger } = state;
  const ts = state.clock();
  const cashId = cashLedgerId(state, accountId, currency);
  const guaranteeId = ledger.account('memberGuarantee', memberId, currency);
  const guarantee = ledger.balance(guaranteeId);
  const fromMember = guarantee <= 0n ? 0n : guarantee < lossMinor ? guarantee : lossMinor;
  const fromFund = lossMinor - fromMember;
  const ref = `liquidation loss account ${accountId}`;
  ledger.transfer('liquidationLoss', currency, ts, guaranteeId, cashId, fromMember, ref);
  ledger.transfer('liquidationLoss', currency, ts, ledger.account('defaultFund', 0, currency), cashId, fromFund, ref);
  assert(ledger.balance(cashId) >= 0n || state.positions.slotsOf(accountId).length > 0, `account ${accountId} still negative after loss allocation`);
  return { accountId, currency, lossMinor, fromMemberMinor: fromMember, fromDefaultFundMinor: fromFund };
}
