// Commands that touch many orders at once: mass cancel, GTD expiry, GFD at the session's end, and new daily
// limits. Each walks the orders in canonical order (bids best first, asks, buy stops, sell stops; oldest first
// within a level), never in pool-slot order, so that the events do not depend on slot history and a restored
// engine emits exactly what the original would.

import { assert } from '../core/assert.js';
import { emitLimitsChanged } from './emit.js';
import { Ladder } from './ladder.js';
import { priceLevelsMax } from './limits.js';
import { cancelLinked } from './match.js';
import { CancelReason, OrderType, TimeInForce } from './protocol.js';
import { SlotState, type EngineState } from './state.js';

/** accountId 0 = every order of the instrument. */
export function massCancel(s: EngineState, seq: number, ts: number, accountId: number): number {
  const n = s.collectCanonical();
  let cancelled = 0;
  for (let k = 0; k < n; k++) {
    const slot = s.scratch[k]!;
    if (accountId !== 0 && s.accountId[slot] !== accountId) continue;
    cancelLinked(s, seq, ts, slot, CancelReason.massCancel);
    cancelled++;
  }
  return cancelled;
}

/** Expires GTD orders due at or before ts. Cheap when nothing is due: the caller compares with gtdExpireMin. */
export function expireDue(s: EngineState, seq: number, ts: number): void {
  const n = s.collectCanonical();
  let expireMin = Infinity;
  for (let k = 0; k < n; k++) {
    const slot = s.scratch[k]!;
    if (s.timeInForce[slot] !== TimeInForce.GTD) continue;
    const expire = s.expireTsMicros[slot]!;
    if (expire <= ts) cancelLinked(s, seq, ts, slot, CancelReason.expired);
    else if (expire < expireMin) expireMin = expire;
  }
  s.gtdExpireMin = expireMin;
}

export function expireSessionEnd(s: EngineState, seq: number, ts: number): void {
  const n = s.collectCanonical();
  for (let k = 0; k < n; k++) {
    const slot = s.scratch[k]!;
    if (s.timeInForce[slot] === TimeInForce.GFD) cancelLinked(s, seq, ts, slot, CancelReason.sessionEnd);
  }
}

/** Is any price this order could trade or trigger at outside [down, up]? */
function outside(s: EngineState, slot: number, downTicks: number, upTicks: number): boolean {
  const priceTicks = s.priceTicks[slot]!;
  const stopTicks = s.stopPriceTicks[slot]!;
  if (s.slotState[slot] === SlotState.parked && (stopTicks < downTicks || stopTicks > upTicks)) return true;
  if (s.type[slot] === OrderType.stop) return false; // its price is only the stop until it triggers
  return priceTicks < downTicks || priceTicks > upTicks;
}

/**
 * New reference price and daily limits. Orders that could trade or trigger outside the new band are cancelled
 * (outsideNewLimits), so every resting price stays inside the limits and trades can never print outside them;
 * the ladders are then rebuilt over exactly the new band with the survivors' levels moved across in order.
 */
export function applyLimits(s: EngineState, seq: number, ts: number, referencePriceTicks: number, limitBps: number, downTicks: number, upTicks: number): void {
  const size = upTicks - downTicks + 1;
  assert(size >= 1 && size <= priceLevelsMax, `price band ${downTicks}..${upTicks}`);
  s.referencePriceTicks = referencePriceTicks;
  s.limitBps = limitBps;
  s.limitDownTicks = downTicks;
  s.limitUpTicks = upTicks;
  emitLimitsChanged(s, seq, ts, referencePriceTicks, downTicks, upTicks);
  const n = s.collectCanonical();
  for (let k = 0; k < n; k++) {
    const slot = s.scratch[k]!;
    if (outside(s, slot, downTicks, upTicks)) cancelLinked(s, seq, ts, slot, CancelReason.outsideNewLimits);
  }
  const relay = (old: Ladder): Ladder => {
    const fresh = new Ladder(old.highBest);
    fresh.reset(downTicks, size);
    fresh.relayFrom(old);
    return fresh;
  };
  s.bids = relay(s.bids);
  s.asks = relay(s.asks);
  s.buyStops = relay(s.buyStops);
  s.sellStops = relay(s.sellStops);
}

/** Daily limits from the reference in integer math: down = ceil(ref*(10000-bps)/10000), up = floor(ref*(10000+bps)/10000). */
export function limitsFor(referencePriceTicks: number, limitBps: number): { downTicks: number; upTicks: number } {
  const ref = BigInt(referencePriceTicks);
  const downNumerator = ref * BigInt(10000 - limitBps);
  const downTicks = Number((downNumerator + 9999n) / 10000n);
  const upTicks = Number((ref * BigInt(10000 + limitBps)) / 10000n);
  return { downTicks: downTicks < 1 ? 1 : downTicks, upTicks };
}
