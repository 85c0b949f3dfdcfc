// The clearing state as plain JSON data (bigints as decimal strings), and back. Restoring replays the ledger's
// entries, so a restored ledger is verified by construction; everything else is copied field by field.
// Positions are written in the order the end-of-day visits them, so a restored house settles identically.

import { assert } from '../core/assert.js';
import { Accounts, type AccountsData } from './accounts.js';
import { Ledger, type LedgerData } from './ledger.js';
import type { SettlementReport } from './report.js';
import { keptTrades, type TradePrint } from './series.js';
import type { ContractSpec, Currency } from './spec.js';
import { newState, type ClearingState } from './state.js';

export const snapshotVersion = 1;

type SpecData = Omit<ContractSpec, 'tickValueMinor' | 'feeMakerMinor' | 'feeTakerMinor'> & {
  readonly tickValueMinor: string; readonly feeMakerMinor: string; readonly feeTakerMinor: string;
};

export interface ClearingSnapshot {
  readonly version: number;
  readonly series: readonly {
    readonly spec: SpecData; readonly markPriceTicks: number; readonly limitBps: number; readonly limitDownTicks: number;
    readonly limitUpTicks: number; readonly isSpotMonth: boolean; readonly expired: boolean; readonly lastTradePriceTicks: number;
    readonly trades: readonly TradePrint[];
  }[];
  readonly accounts: AccountsData;
  readonly ledger: LedgerData;
  /** [accountId, seriesIdx, qtyLots, basisTicks, costTicks, realisedCostTicks, lastVmMinor] */
  readonly positions: readonly (readonly [number, number, number, number, number, number, number])[];
  /** [orderId, accountId, seriesIdx, sign, priceTicks, leavesLots] */
  readonly orders: readonly (readonly [number, number, number, 1 | -1, number, number])[];
  readonly marginCalls: readonly { accountId: number; currency: Currency; callMinor: string; issuedMicros: number; deadlineMicros: number }[];
  readonly feesTodayMinor: readonly (readonly [string, string])[];
  readonly realisedTodayMinor: readonly (readonly [string, string])[];
  readonly reports: readonly SettlementReport[];
}

export function snapshotOf(state: ClearingState): ClearingSnapshot {
  const { positions } = state;
  const slots = [...positions.slots()];
  return {
    version: snapshotVersion,
    series: state.series.all().map((s) => ({
      spec: { ...s.spec, tickValueMinor: s.spec.tickValueMinor.toString(), feeMakerMinor: s.spec.feeMakerMinor.toString(), feeTakerMinor: s.spec.feeTakerMinor.toString() },
      markPriceTicks: s.markPriceTicks, limitBps: s.limitBps, limitDownTicks: s.limitDownTicks, limitUpTicks: s.limitUpTicks,
      isSpotMonth: s.isSpotMonth, expired: s.expired, lastTradePriceTicks: s.lastTradePriceTicks, trades: keptTrades(s),
    })),
    accounts: state.accounts.toJSON(),
    ledger: state.ledger.toJSON(),
    positions: slots.map((slot) => [positions.accountId[slot]!, positions.seriesIdx[slot]!, positions.qtyLots[slot]!, positions.basisTicks[slot]!,
      positions.costTicks[slot]!, positions.realisedCostTicks[slot]!, positions.lastVmMinor[slot]!] as const),
    orders: state.orders.all().map((o) => [o.orderId, o.accountId, o.seriesIdx, o.sign, o.priceTicks, o.leavesLots] as const),
    marginCalls: [...state.marginCalls.values()].map((c) => ({ ...c, callMinor: c.callMinor.toString() })),
    feesTodayMinor: state.feesTodayMinor.textEntries().map(([k, v]) => [k, v.toString()] as const),
    realisedTodayMinor: state.realisedTodayMinor.textEntries().map(([k, v]) => [k, v.toString()] as const),
    reports: [...state.reports.values()],
  };
}

export function stateFromSnapshot(snapshot: ClearingSnapshot, clock: () => number): ClearingState {
  assert(snapshot.version === snapshotVersion, `clearing snapshot version ${snapshot.version} is not ${snapshotVersion}`);
  const base = newState(clock);
  const state: ClearingState = { ...base, accounts: Accounts.fromJSON(snapshot.accounts), ledger: Ledger.fromJSON(snapshot.ledger) };
  for (const data of snapshot.series) {
    const spec: ContractSpec = {
      ...data.spec, tickValueMinor: BigInt(data.spec.tickValueMinor), feeMakerMinor: BigInt(data.spec.feeMakerMinor), feeTakerMinor: BigInt(data.spec.feeTakerMinor),
    };
    const series = state.series.add(spec, data.markPriceTicks);
    Object.assign(series, {
      limitBps: data.limitBps, limitDownTicks: data.limitDownTicks, limitUpTicks: data.limitUpTicks, isSpotMonth: data.isSpotMonth,
      expired: data.expired, lastTradePriceTicks: data.lastTradePriceTicks,
    });
    for (const t of data.trades) series.trades.push(t.priceTicks, t.qtyLots, t.tsMicros);
  }
  for (const [accountId, seriesIdx, qty, basis, cost, realised, lastVm] of snapshot.positions) {
    state.positions.restoreSlot(accountId, seriesIdx, qty, basis, cost, realised, lastVm);
  }
  for (const [orderId, accountId, seriesIdx, sign, priceTicks, leavesLots] of snapshot.orders) {
    state.orders.add({ orderId, accountId, seriesIdx, sign, priceTicks, leavesLots });
  }
  for (const c of snapshot.marginCalls) state.marginCalls.set(`${c.accountId}:${c.currency}`, { ...c, callMinor: BigInt(c.callMinor) });
  for (const [k, v] of snapshot.feesTodayMinor) state.feesTodayMinor.setText(k, BigInt(v));
  for (const [k, v] of snapshot.realisedTodayMinor) state.realisedTodayMinor.setText(k, BigInt(v));
  for (const report of snapshot.reports) state.reports.set(report.date, report);
  return state;
}
