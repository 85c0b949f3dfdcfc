// Helpers for clearing's tests and benchmark: launch-value specs for the four products (contracts.md), and
// engine-like events built the way the engine emits them. Not used by production code.

import { Side, type AcceptedEvent, type CancelledEvent, type TradeEvent } from '../engine/protocol.js';
import type { AccountId, OrderId, PriceTicks, QtyLots, SeqNo, TsMicros } from '../core/units.js';
import type { ContractSpec } from './spec.js';

const base = { maintenanceRatioBps: 8_000, isSpotMonth: false };

/** Launch values from contracts.md; spread charge is a quarter of the scan range (see README). */
export function specFor(product: 'TKF' | 'TKE' | 'TKC' | 'GPH', symbol: string, contractMonth: number): ContractSpec {
  switch (product) {
    case 'TKF':
    case 'TKE':
      return { ...base, symbol, product, group: 'token', currency: 'USD', contractMonth, tickValueMinor: 1_000n, initialMarginBps: 1_200,
        scanRangeBps: 1_200, calendarSpreadChargeBps: 300, limitBps: 1_000, limitWidenedBps: 1_500, positionLimitSpotMonth: 500,
        positionLimitAllMonths: 3_000, qtyLotsMax: 500, feeMakerMinor: 50n, feeTakerMinor: 150n };
    case 'TKC':
      return { ...base, symbol, product, group: 'token', currency: 'CNY', contractMonth, tickValueMinor: 10_000n, initialMarginBps: 1_000,
        scanRangeBps: 1_000, calendarSpreadChargeBps: 250, limitBps: 800, limitWidenedBps: 1_200, positionLimitSpotMonth: 500,
        positionLimitAllMonths: 3_000, qtyLotsMax: 500, feeMakerMinor: 300n, feeTakerMinor: 800n };
    case 'GPH':
      return { ...base, symbol, product, group: 'gpu', currency: 'USD', contractMonth, tickValueMinor: 100n, initialMarginBps: 1_500,
        scanRangeBps: 1_500, calendarSpreadChargeBps: 375, limitBps: 1_000, limitWidenedBps: 1_500, positionLimitSpotMonth: 1_000,
        positionLimitAllMonths: 5_000, qtyLotsMax: 1_000, feeMakerMinor: 20n, feeTakerMinor: 60n };
  }
}

let seq = 0;

export interface TradeArgs {
  readonly tradeId: number;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly buyer: number;
  readonly seller: number;
  /** Which side aggressed (the taker); default buy. */
  readonly aggressor?: 'buy' | 'sell';
  readonly tsMicros?: number;
  readonly makerOrderId?: number;
  readonly takerOrderId?: number;
  readonly makerLeavesLots?: number;
  readonly takerLeavesLots?: number;
}

export function tradeEvent(args: TradeArgs): TradeEvent {
  const buyAggressor = (args.aggressor ?? 'buy') === 'buy';
  return {
    kind: 'trade', seq: ++seq as SeqNo, tsMicros: (args.tsMicros ?? 0) as TsMicros, tradeId: args.tradeId,
    priceTicks: args.priceTicks as PriceTicks, qtyLots: args.qtyLots as QtyLots, aggressorSide: buyAggressor ? Side.buy : Side.sell,
    makerOrderId: (args.makerOrderId ?? 900_000 + args.tradeId * 2) as OrderId,
    makerAccountId: (buyAggressor ? args.seller : args.buyer) as AccountId, makerLeavesLots: (args.makerLeavesLots ?? 0) as QtyLots,
    takerOrderId: (args.takerOrderId ?? 900_001 + args.tradeId * 2) as OrderId,
    takerAccountId: (buyAggressor ? args.buyer : args.seller) as AccountId, takerLeavesLots: (args.takerLeavesLots ?? 0) as QtyLots,
  };
}

export function acceptedEvent(orderId: number, accountId: number, side: 'buy' | 'sell', priceTicks: number, qtyLots: number): AcceptedEvent {
  return {
    kind: 'accepted', seq: ++seq as SeqNo, tsMicros: 0 as TsMicros, orderId: orderId as OrderId, accountId: accountId as AccountId,
    side: side === 'buy' ? Side.buy : Side.sell, priceTicks: priceTicks as PriceTicks, qtyLots: qtyLots as QtyLots,
  };
}

export function cancelledEvent(orderId: number, accountId: number, side: 'buy' | 'sell', priceTicks: number, qtyLots: number): CancelledEvent {
  return {
    kind: 'cancelled', seq: ++seq as SeqNo, tsMicros: 0 as TsMicros, orderId: orderId as OrderId, accountId: accountId as AccountId,
    side: side === 'buy' ? Side.buy : Side.sell, priceTicks: priceTicks as PriceTicks, qtyLots: qtyLots as QtyLots, cancelReason: 1,
  };
}

/** A settable clock for tests: the core never reads real time. */
export function testClock(start = 1_000): { now: () => number; set: (ts: number) => void } {
  let ts = start;
  return { now: () => ts, set: (next) => { ts = next; } };
}
