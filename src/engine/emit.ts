// Every event the engine writes goes through here, so the event-chain hash sees each one: two 32-bit lanes
// (FNV-style multiply and a murmur-style rotate-multiply) folded over the event's fields. Replicas fed the same
// commands end with the same lanes; the first differing event changes both. A few integer ops per event.

import { EventKind } from './protocol.js';
import type { EngineState } from './state.js';

const twoTo32 = 4294967296;

function mix(s: EngineState, x: number): void {
  s.chainA = Math.imul(s.chainA ^ x, 0x01000193);
  const b = Math.imul(s.chainB ^ x, 0x5bd1e995);
  s.chainB = (b << 13) | (b >>> 19);
}

/** Low and high words of an id below 2^53. */
function mixId(s: EngineState, id: number): void {
  mix(s, id | 0);
  mix(s, (id / twoTo32) | 0);
}

function mixHead(s: EngineState, kind: number, seq: number): void {
  mix(s, kind);
  mixId(s, seq);
}

export function emitAccepted(s: EngineState, seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number, qtyLots: number): void {
  mixHead(s, EventKind.accepted, seq);
  mixId(s, orderId);
  mix(s, priceTicks);
  mix(s, qtyLots + (side << 30));
  s.events.accepted(seq, ts, orderId, accountId, side, priceTicks, qtyLots);
}

/** The field and value behind the rejection are already in s.rejectField / s.rejectValue (see validate.ts). */
export function emitRejected(s: EngineState, seq: number, ts: number, orderId: number, accountId: number, code: number): void {
  mixHead(s, EventKind.rejected, seq);
  mixId(s, orderId);
  mix(s, code);
  s.rejectCode = code;
  s.events.rejected(seq, ts, orderId, accountId, code);
}

export function emitTrade(
  s: EngineState, seq: number, ts: number, priceTicks: number, qtyLots: number, aggressorSide: number,
  makerOrderId: number, makerAccountId: number, makerLeavesLots: number,
  takerOrderId: number, takerAccountId: number, takerLeavesLots: number,
): void {
  const tradeId = ++s.tradeIdLast;
  mixHead(s, EventKind.trade, seq);
  mixId(s, makerOrderId);
  mixId(s, takerOrderId);
  mix(s, priceTicks);
  mix(s, qtyLots);
  s.lastTradePriceTicks = priceTicks;
  if (priceTicks > s.printHighTicks) s.printHighTicks = priceTicks;
  if (priceTicks < s.printLowTicks) s.printLowTicks = priceTicks;
  s.events.trade(seq, ts, tradeId, priceTicks, qtyLots, aggressorSide, makerOrderId, makerAccountId, makerLeavesLots, takerOrderId, takerAccountId, takerLeavesLots);
}

export function emitCancelled(s: EngineState, seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number, qtyLots: number, reason: number): void {
  mixHead(s, EventKind.cancelled, seq);
  mixId(s, orderId);
  mix(s, qtyLots);
  mix(s, reason);
  s.events.cancelled(seq, ts, orderId, accountId, side, priceTicks, qtyLots, reason);
}

export function emitAmended(s: EngineState, seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number, qtyLots: number, priorityLost: boolean): void {
  mixHead(s, EventKind.amended, seq);
  mixId(s, orderId);
  mix(s, priceTicks);
  mix(s, qtyLots + (priorityLost ? 1 << 30 : 0));
  s.events.amended(seq, ts, orderId, accountId, side, priceTicks, qtyLots, priorityLost);
}

export function emitTriggered(s: EngineState, seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number): void {
  mixHead(s, EventKind.triggered, seq);
  mixId(s, orderId);
  mix(s, priceTicks);
  s.events.triggered(seq, ts, orderId, accountId, side, priceTicks);
}

export function emitPhaseChanged(s: EngineState, seq: number, ts: number, phase: number): void {
  mixHead(s, EventKind.phaseChanged, seq);
  mix(s, phase);
  s.events.phaseChanged(seq, ts, phase);
}

export function emitAuction(s: EngineState, seq: number, ts: number, priceTicks: number, qtyLots: number): void {
  mixHead(s, EventKind.auction, seq);
  mix(s, priceTicks);
  mix(s, qtyLots);
  s.events.auction(seq, ts, priceTicks, qtyLots);
}

export function emitLimitsChanged(s: EngineState, seq: number, ts: number, referencePriceTicks: number, limitDownTicks: number, limitUpTicks: number): void {
  mixHead(s, EventKind.limitsChanged, seq);
  mix(s, referencePriceTicks);
  mix(s, limitDownTicks);
  mix(s, limitUpTicks);
  s.events.limitsChanged(seq, ts, referencePriceTicks, limitDownTicks, limitUpTicks);
}
