// The whole engine state as plain JSON-serialisable data, and back. Orders are written in canonical order
// (bids best first, asks, buy stops, sell stops; FIFO within a level) and re-linked in that order on restore,
// so queues come back exactly; pool slots are not part of the state and may differ after a restore.

import { assert } from '../core/assert.js';
import { Ladder } from './ladder.js';
import { Phase } from './protocol.js';
import { SlotState, type EngineState } from './state.js';

export const engineSnapshotVersion = 1;

/** One order: [orderId, accountId, side, type, tif, stpMode, postOnly, slotState, price, stop, leaves, filled, expire, priority]. */
export type OrderRow = [number, number, number, number, number, number, number, number, number, number, number, number, number, number];

export interface EngineSnapshot {
  version: number;
  symbol: string;
  phase: Phase;
  referencePriceTicks: number;
  limitBps: number;
  limitDownTicks: number;
  limitUpTicks: number;
  lastTradePriceTicks: number;
  tradeIdLast: number;
  priorityLast: number;
  seqLast: number;
  tsMicrosLast: number;
  chain: [number, number];
  orders: OrderRow[];
}

export function takeSnapshot(s: EngineState): EngineSnapshot {
  const n = s.collectCanonical();
  const orders: OrderRow[] = [];
  for (let k = 0; k < n; k++) {
    const slot = s.scratch[k]!;
    orders.push([
      s.orderId[slot]!, s.accountId[slot]!, s.side[slot]!, s.type[slot]!, s.timeInForce[slot]!, s.stpMode[slot]!,
      s.postOnly[slot]!, s.slotState[slot]!, s.priceTicks[slot]!, s.stopPriceTicks[slot]!, s.leavesLots[slot]!,
      s.filledLots[slot]!, s.expireTsMicros[slot]!, s.priority[slot]!,
    ]);
  }
  return {
    version: engineSnapshotVersion,
    symbol: s.config.symbol,
    phase: s.phase,
    referencePriceTicks: s.referencePriceTicks,
    limitBps: s.limitBps,
    limitDownTicks: s.limitDownTicks,
    limitUpTicks: s.limitUpTicks,
    lastTradePriceTicks: s.lastTradePriceTicks,
    tradeIdLast: s.tradeIdLast,
    priorityLast: s.priorityLast,
    seqLast: s.seqLast,
    tsMicrosLast: s.tsMicrosLast,
    chain: [s.chainA, s.chainB],
    orders,
  };
}

/** Fills a fresh state from a snapshot. A snapshot that does not fit the config is a broken invariant. */
export function restoreInto(s: EngineState, snap: EngineSnapshot): void {
  assert(snap.version === engineSnapshotVersion, `engine snapshot version ${snap.version}`);
  assert(snap.symbol === s.config.symbol, `snapshot of ${snap.symbol} restored into ${s.config.symbol}`);
  assert(snap.orders.length <= s.capacity, `snapshot holds ${snap.orders.length} orders, pool has ${s.capacity}`);
  s.phase = snap.phase;
  s.referencePriceTicks = snap.referencePriceTicks;
  s.limitBps = snap.limitBps;
  s.limitDownTicks = snap.limitDownTicks;
  s.limitUpTicks = snap.limitUpTicks;
  s.lastTradePriceTicks = snap.lastTradePriceTicks;
  s.tradeIdLast = snap.tradeIdLast;
  s.seqLast = snap.seqLast;
  s.tsMicrosLast = snap.tsMicrosLast;
  s.chainA = snap.chain[0];
  s.chainB = snap.chain[1];
  if (snap.referencePriceTicks !== 0) {
    const size = snap.limitUpTicks - snap.limitDownTicks + 1;
    for (const ladder of [s.bids, s.asks, s.buyStops, s.sellStops] as Ladder[]) ladder.reset(snap.limitDownTicks, size);
  }
  let expireMin = Infinity;
  for (const row of snap.orders) {
    const [orderId, accountId, side, type, tif, stpMode, postOnly, slotState, priceTicks, stopPriceTicks, leavesLots, filledLots, expire, priority] = row;
    assert(slotState === SlotState.resting || slotState === SlotState.parked, `order ${orderId} state ${slotState}`);
    assert(s.ids.get(orderId) === -1, `order ${orderId} twice in snapshot`);
    const slot = s.allocSlot(orderId);
    s.register(slot);
    s.accountId[slot] = accountId;
    s.side[slot] = side;
    s.type[slot] = type;
    s.timeInForce[slot] = tif;
    s.stpMode[slot] = stpMode;
    s.postOnly[slot] = postOnly;
    s.slotState[slot] = slotState;
    s.priceTicks[slot] = priceTicks;
    s.stopPriceTicks[slot] = stopPriceTicks;
    s.leavesLots[slot] = leavesLots;
    s.filledLots[slot] = filledLots;
    s.expireTsMicros[slot] = expire;
    if (tif === 2) { // TimeInForce.GTD
      s.gtdCount++;
      if (expire < expireMin) expireMin = expire;
    }
    s.link(s.ladderOf(slot), slot, s.ladderPrice(slot));
    s.priority[slot] = priority;
  }
  s.gtdExpireMin = expireMin;
  s.priorityLast = snap.priorityLast;
}
