// Stop and stop-limit orders. They wait in their own ladders, filed by trigger price (buy stops lowest first,
// sell stops highest first), and trigger when a trade prints at or through the stop: a buy stop when a print
// is >= its stop, a sell stop when a print is <= its stop. The engine remembers the highest and lowest print
// since stops were last checked; after every command that traded, all stops those prints reached move, in
// trigger order (buy stops by price then time, then sell stops by price then time), to a FIFO of triggered
// orders. Each then enters in turn (triggered event, then as market or limit with time priority from now); its
// own prints can trigger more, which queue behind. The cascade ends because every stop triggers at most once.

import { emitTriggered } from './emit.js';
import type { Ladder } from './ladder.js';
import { cancelSlot, runSlot } from './match.js';
import { CancelReason, OrderType } from './protocol.js';
import { SlotState, type EngineState } from './state.js';

export function parkStop(s: EngineState, slot: number): void {
  s.register(slot);
  s.slotState[slot] = SlotState.parked;
  // Prints before now cannot trigger this stop (it was accepted against the last price), so start a new window.
  s.printHighTicks = 0;
  s.printLowTicks = 0x7fff_ffff;
  s.link(s.side[slot] === 0 ? s.buyStops : s.sellStops, slot, s.stopPriceTicks[slot]!);
}

/** The protection limit of a market order on side: best opposite ± protection, clamped to the daily limits; 0 if no liquidity. */
export function marketLimitTicks(s: EngineState, side: number): number {
  const protectionTicks = s.marketProtectionTicks;
  if (side === 0) {
    if (s.asks.best === -1) return 0;
    const limitTicks = s.asks.best + s.asks.base + protectionTicks;
    return limitTicks > s.limitUpTicks ? s.limitUpTicks : limitTicks;
  }
  if (s.bids.best === -1) return 0;
  const limitTicks = s.bids.best + s.bids.base - protectionTicks;
  return limitTicks < s.limitDownTicks ? s.limitDownTicks : limitTicks;
}

function queueTriggered(s: EngineState, slot: number): void {
  s.slotState[slot] = SlotState.triggered;
  s.next[slot] = -1;
  if (s.triggeredTail === -1) s.triggeredHead = slot;
  else s.next[s.triggeredTail] = slot;
  s.triggeredTail = slot;
}

/** Moves every stop in ladder whose trigger lies at or through reachTicks to the triggered FIFO. */
function collectFrom(s: EngineState, ladder: Ladder, reachTicks: number): void {
  while (ladder.best !== -1) {
    const level = ladder.best;
    const stopTicks = level + ladder.base;
    if (ladder.highBest ? stopTicks < reachTicks : stopTicks > reachTicks) return;
    let slot = ladder.head[level]!;
    while (slot !== -1) {
      const next = s.next[slot]!;
      s.unlink(ladder, slot, stopTicks);
      queueTriggered(s, slot);
      slot = next;
    }
  }
}

function collectTriggered(s: EngineState): void {
  const highTicks = s.printHighTicks;
  const lowTicks = s.printLowTicks;
  s.printHighTicks = 0;
  s.printLowTicks = 0x7fff_ffff;
  if (highTicks > 0 && s.buyStops.orderCount > 0) collectFrom(s, s.buyStops, highTicks);
  if (lowTicks < 0x7fff_ffff && s.sellStops.orderCount > 0) collectFrom(s, s.sellStops, lowTicks);
}

/** After a command traded: triggers and enters stops until no print reaches another. */
export function runStops(s: EngineState, seq: number, ts: number): void {
  for (;;) {
    collectTriggered(s);
    const slot = s.triggeredHead;
    if (slot === -1) return;
    s.triggeredHead = s.next[slot]!;
    if (s.triggeredHead === -1) s.triggeredTail = -1;
    enterTriggered(s, seq, ts, slot);
  }
}

function enterTriggered(s: EngineState, seq: number, ts: number, slot: number): void {
  const side = s.side[slot]!;
  if (s.type[slot] === OrderType.stop) s.priceTicks[slot] = marketLimitTicks(s, side);
  emitTriggered(s, seq, ts, s.orderId[slot]!, s.accountId[slot]!, side, s.priceTicks[slot]!);
  if (s.priceTicks[slot] === 0) {
    cancelSlot(s, seq, ts, slot, CancelReason.marketProtection);
    return;
  }
  runSlot(s, seq, ts, slot);
}

export function hasStops(s: EngineState): boolean {
  return s.buyStops.orderCount + s.sellStops.orderCount > 0;
}
