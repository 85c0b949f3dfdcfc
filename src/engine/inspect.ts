// Queries over the engine state for people and other parts (not the hot path; these allocate, but for depthInto,
// which the book feed calls after every command), and the on-demand part of the state hash.

import { InvariantError } from '../core/assert.js';
import type { EngineState } from './state.js';
import { SlotState } from './state.js';
import type { OrderType, Side, StpMode, TimeInForce } from './protocol.js';

export interface DepthLevel {
  priceTicks: number;
  qtyLots: number;
  orderCount: number;
}

export interface OrderView {
  orderId: number;
  accountId: number;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  /** Limit price (market and triggered stop orders: the protection limit; parked stop market: its stop). */
  priceTicks: number;
  stopPriceTicks: number;
  /** filled + leaves */
  qtyLots: number;
  leavesLots: number;
  filledLots: number;
  postOnly: boolean;
  expireTsMicros: number;
  stpMode: StpMode;
  status: 'resting' | 'parked';
}

export function depth(s: EngineState, side: Side, levelsMax: number): DepthLevel[] {
  const ladder = side === 0 ? s.bids : s.asks;
  const out: DepthLevel[] = [];
  if (ladder.orderCount === 0) return out;
  for (let i = ladder.best; i !== -1 && out.length < levelsMax; i = ladder.nextWorse(i)) {
    out.push({ priceTicks: i + ladder.base, qtyLots: ladder.lots[i]!, orderCount: ladder.count[i]! });
  }
  return out;
}

/**
 * depth without allocation: the top levels best first into `out` as (priceTicks, qtyLots, orderCount) triples,
 * returning how many. Int32 holds each exactly: prices are at most priceTicksLimit (2^31 - 1) and the ladder
 * keeps lots and counts in Int32Arrays itself.
 */
export function depthInto(s: EngineState, side: Side, levelsMax: number, out: Int32Array): number {
  // Checked by hand, not assert(cond, `...`): a template argument would build a string on every call.
  if (!(levelsMax >= 0 && out.length >= 3 * levelsMax)) throw new InvariantError(`depth of ${levelsMax} levels into ${out.length} numbers`);
  const ladder = side === 0 ? s.bids : s.asks;
  if (ladder.orderCount === 0) return 0;
  const base = ladder.base;
  const lots = ladder.lots;
  const count = ladder.count;
  let n = 0;
  for (let i = ladder.best; i !== -1 && n < levelsMax; i = ladder.nextWorse(i)) {
    out[3 * n] = i + base;
    out[3 * n + 1] = lots[i]!;
    out[3 * n + 2] = count[i]!;
    n++;
  }
  return n;
}

export function view(s: EngineState, slot: number): OrderView {
  return {
    orderId: s.orderId[slot]!,
    accountId: s.accountId[slot]!,
    side: s.side[slot] as Side,
    type: s.type[slot] as OrderType,
    timeInForce: s.timeInForce[slot] as TimeInForce,
    priceTicks: s.priceTicks[slot]!,
    stopPriceTicks: s.stopPriceTicks[slot]!,
    qtyLots: s.filledLots[slot]! + s.leavesLots[slot]!,
    leavesLots: s.leavesLots[slot]!,
    filledLots: s.filledLots[slot]!,
    postOnly: s.postOnly[slot] === 1,
    expireTsMicros: s.expireTsMicros[slot]!,
    stpMode: s.stpMode[slot] as StpMode,
    status: s.slotState[slot] === SlotState.resting ? 'resting' : 'parked',
  };
}

export function order(s: EngineState, orderId: number): OrderView | undefined {
  const slot = s.ids.get(orderId);
  return slot === -1 ? undefined : view(s, slot);
}

/** Resting then parked orders in canonical order (bids best first, asks, buy stops, sell stops). */
export function openOrders(s: EngineState, accountId?: number): OrderView[] {
  const n = s.collectCanonical();
  const out: OrderView[] = [];
  for (let k = 0; k < n; k++) {
    const slot = s.scratch[k]!;
    if (accountId === undefined || s.accountId[slot] === accountId) out.push(view(s, slot));
  }
  return out;
}

export function restingLots(s: EngineState): number {
  let lots = 0;
  for (const ladder of [s.bids, s.asks]) {
    for (let i = ladder.best; i !== -1; i = ladder.nextWorse(i)) lots += ladder.lots[i]!;
  }
  return lots;
}

function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

/**
 * 128 bits as hex: the book part (two lanes over phase, limits, reference, last trade, trade and priority
 * counters, last seq, and every live order in canonical order with id, account, side, type, tif, prices,
 * leaves, filled, expiry) computed now, then the event-chain lanes kept incrementally.
 */
export function stateHash(s: EngineState): string {
  let a = 0x811c9dc5 | 0;
  let b = 0x3c6ef372 | 0;
  const mix = (x: number): void => {
    const lo = x | 0;
    const hi = (x / 4294967296) | 0;
    a = Math.imul(a ^ lo, 0x01000193);
    a = Math.imul(a ^ hi, 0x01000193);
    b = Math.imul(b ^ lo, 0x5bd1e995);
    b = (b << 13) | (b >>> 19);
    b = Math.imul(b ^ hi, 0x5bd1e995);
  };
  for (const x of [s.phase, s.referencePriceTicks, s.limitBps, s.limitDownTicks, s.limitUpTicks, s.lastTradePriceTicks, s.tradeIdLast, s.priorityLast, s.seqLast, s.tsMicrosLast]) mix(x);
  const n = s.collectCanonical();
  mix(n);
  for (let k = 0; k < n; k++) {
    const slot = s.scratch[k]!;
    mix(s.orderId[slot]!);
    mix(s.accountId[slot]!);
    mix(s.side[slot]! | (s.type[slot]! << 2) | (s.timeInForce[slot]! << 4) | (s.stpMode[slot]! << 8) | (s.postOnly[slot]! << 10) | (s.slotState[slot]! << 12));
    mix(s.priceTicks[slot]!);
    mix(s.stopPriceTicks[slot]!);
    mix(s.leavesLots[slot]!);
    mix(s.filledLots[slot]!);
    mix(s.expireTsMicros[slot]!);
  }
  return hex32(a) + hex32(b) + hex32(s.chainA) + hex32(s.chainB);
}
