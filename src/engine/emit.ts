// Every event the engine writes goes through here, so the event-chain hash sees each one: two 32-bit lanes
// (FNV-style multiply and a murmur-style rotate-multiply) folded over a few words per event. Replicas fed the
// same commands end with the same lanes; the first differing event changes both.
//
// Kept cheap because it runs on every event: small fields are packed into one word with the kind (quantities
// are below 2^20, qtyLotsLimit), ids are folded into one word, and the seq is mixed once per command, by the
// command's first event (seqs strictly increase, so after a restore the next event always mixes its seq, as
// the original engine would: chainSeq need not be in the snapshot).

import { EventKind } from './protocol.js';
import type { EngineState } from './state.js';

const twoTo32 = 4294967296;

function stepA(a: number, x: number): number {
  return Math.imul(a ^ x, 0x01000193);
}

function stepB(b: number, x: number): number {
  const m = Math.imul(b ^ x, 0x5bd1e995);
  return (m << 13) | (m >>> 19);
}

/** An id below 2^53 as one word: the low word, with the high word spread by a multiply (0 for ids below 2^31). */
function fold(id: number): number {
  return id <= 0x7fff_ffff ? id : (id | 0) ^ Math.imul((id / twoTo32) | 0, 0x9e3779b1);
}

/** The seq, once per command (the first event of a command carries it into the chain). */
function mixSeq(s: EngineState, seq: number): void {
  if (seq === s.chainSeq) return;
  s.chainSeq = seq;
  const x = fold(seq);
  s.chainA = stepA(s.chainA, x);
  s.chainB = stepB(s.chainB, x);
}

function mix2(s: EngineState, w: number, x: number): void {
  s.chainA = stepA(stepA(s.chainA, w), x);
  s.chainB = stepB(stepB(s.chainB, w), x);
}

function mix3(s: EngineState, w: number, x: number, y: number): void {
  s.chainA = stepA(stepA(stepA(s.chainA, w), x), y);
  s.chainB = stepB(stepB(stepB(s.chainB, w), x), y);
}

function mix4(s: EngineState, w: number, x: number, y: number, z: number): void {
  s.chainA = stepA(stepA(stepA(stepA(s.chainA, w), x), y), z);
  s.chainB = stepB(stepB(stepB(stepB(s.chainB, w), x), y), z);
}

export function emitAccepted(s: EngineState, seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number, qtyLots: number): void {
  mixSeq(s, seq);
  mix3(s, EventKind.accepted | (side << 4) | (qtyLots << 5), fold(orderId), priceTicks);
  s.events.accepted(seq, ts, orderId, accountId, side, priceTicks, qtyLots);
}

/** The field and value behind the rejection are already in s.rejectField / s.rejectValue (see validate.ts). */
export function emitRejected(s: EngineState, seq: number, ts: number, orderId: number, accountId: number, code: number): void {
  mixSeq(s, seq);
  mix2(s, EventKind.rejected | (code << 4), fold(orderId));
  s.rejectCode = code;
  s.events.rejected(seq, ts, orderId, accountId, code);
}

export function emitTrade(
  s: EngineState, seq: number, ts: number, priceTicks: number, qtyLots: number, aggressorSide: number,
  makerOrderId: number, makerAccountId: number, makerLeavesLots: number,
  takerOrderId: number, takerAccountId: number, takerLeavesLots: number,
): void {
  const tradeId = ++s.tradeIdLast;
  mixSeq(s, seq);
  mix4(s, EventKind.trade | (aggressorSide << 4) | (qtyLots << 5), fold(makerOrderId), fold(takerOrderId), priceTicks);
  s.lastTradePriceTicks = priceTicks;
  if (priceTicks > s.printHighTicks) s.printHighTicks = priceTicks;
  if (priceTicks < s.printLowTicks) s.printLowTicks = priceTicks;
  s.events.trade(seq, ts, tradeId, priceTicks, qtyLots, aggressorSide, makerOrderId, makerAccountId, makerLeavesLots, takerOrderId, takerAccountId, takerLeavesLots);
}

export function emitCancelled(s: EngineState, seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number, qtyLots: number, reason: number): void {
  mixSeq(s, seq);
  mix2(s, EventKind.cancelled | (reason << 4) | (qtyLots << 8), fold(orderId));
  s.events.cancelled(seq, ts, orderId, accountId, side, priceTicks, qtyLots, reason);
}

export function emitAmended(s: EngineState, seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number, qtyLots: number, priorityLost: boolean): void {
  mixSeq(s, seq);
  mix3(s, EventKind.amended | (priorityLost ? 16 : 0) | (qtyLots << 5), fold(orderId), priceTicks);
  s.events.amended(seq, ts, orderId, accountId, side, priceTicks, qtyLots, priorityLost);
}

export function emitTriggered(s: EngineState, seq: number, ts: number, orderId: number, accountId: number, side: number, priceTicks: number): void {
  mixSeq(s, seq);
  mix3(s, EventKind.triggered | (side << 4), fold(orderId), priceTicks);
  s.events.triggered(seq, ts, orderId, accountId, side, priceTicks);
}

export function emitPhaseChanged(s: EngineState, seq: number, ts: number, phase: number): void {
  mixSeq(s, seq);
  mix2(s, EventKind.phaseChanged, phase);
  s.events.phaseChanged(seq, ts, phase);
}

export function emitAuction(s: EngineState, seq: number, ts: number, priceTicks: number, qtyLots: number): void {
  mixSeq(s, seq);
  mix3(s, EventKind.auction, priceTicks, qtyLots);
  s.events.auction(seq, ts, priceTicks, qtyLots);
}

export function emitLimitsChanged(s: EngineState, seq: number, ts: number, referencePriceTicks: number, limitDownTicks: number, limitUpTicks: number): void {
  mixSeq(s, seq);
  mix4(s, EventKind.limitsChanged, referencePriceTicks, limitDownTicks, limitUpTicks);
  s.events.limitsChanged(seq, ts, referencePriceTicks, limitDownTicks, limitUpTicks);
}
