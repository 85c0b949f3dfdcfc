// Continuous matching of one order (a pool slot) against the opposite side, and what happens to its remainder.
// The hot path of the engine: plain numbers, typed arrays, no allocation. Trades print at the maker's price, best
// price first and oldest first within a price; the taker never trades beyond its limit price.

import { emitCancelled, emitTrade } from './emit.js';
import { CancelReason, OrderType, StpMode, TimeInForce } from './protocol.js';
import { SlotState, type EngineState } from './state.js';

/**
 * Matches an aggressor given by value (it need not have a pool slot) against the opposite side up to its limit
 * price; returns its leaves. Self-trade prevention applies when stpMode is not none and both orders carry the
 * same non-zero account: cancelResting cancels the maker and goes on, cancelAggressing stops the taker,
 * cancelBoth does both. When the taker stops for STP, s.takerSelfTrade is set.
 */
export function matchAgainst(
  s: EngineState, seq: number, ts: number, side: number, limitPriceTicks: number,
  takerOrderId: number, takerAccountId: number, takerStpMode: number, takerLeaves: number,
): number {
  const stpMode = takerAccountId === 0 ? StpMode.none : takerStpMode;
  const opposite = side === 0 ? s.asks : s.bids;
  const leavesColumn = s.leavesLots;
  const nextColumn = s.next;
  let leaves = takerLeaves;
  s.takerSelfTrade = false;
  while (leaves > 0 && opposite.best !== -1) {
    const level = opposite.best;
    const priceTicks = level + opposite.base;
    if (side === 0 ? priceTicks > limitPriceTicks : priceTicks < limitPriceTicks) break;
    let maker = opposite.head[level]!;
    while (maker !== -1 && leaves > 0) {
      const next = nextColumn[maker]!;
      const makerAccountId = s.accountId[maker]!;
      if (stpMode !== StpMode.none && makerAccountId === takerAccountId) {
        if (stpMode !== StpMode.cancelAggressing) {
          emitCancelled(s, seq, ts, s.orderId[maker]!, makerAccountId, 1 - side, priceTicks, leavesColumn[maker]!, CancelReason.selfTrade);
          s.unlink(opposite, maker, priceTicks);
          s.freeSlot(maker);
        }
        if (stpMode !== StpMode.cancelResting) {
          s.takerSelfTrade = true;
          return leaves;
        }
        maker = next;
        continue;
      }
      const makerLeaves = leavesColumn[maker]!;
      const fill = makerLeaves < leaves ? makerLeaves : leaves;
      leaves -= fill;
      leavesColumn[maker] = makerLeaves - fill;
      s.filledLots[maker] = s.filledLots[maker]! + fill;
      opposite.lots[level] = opposite.lots[level]! - fill;
      emitTrade(s, seq, ts, priceTicks, fill, side, s.orderId[maker]!, makerAccountId, makerLeaves - fill, takerOrderId, takerAccountId, leaves);
      if (makerLeaves === fill) {
        s.unlink(opposite, maker, priceTicks);
        s.freeSlot(maker);
      }
      maker = next;
    }
  }
  return leaves;
}

/** matchAgainst for an order that has a slot (amended, triggered): leaves and filled go back to the pool. */
export function matchTaker(s: EngineState, seq: number, ts: number, slot: number): number {
  const before = s.leavesLots[slot]!;
  const leaves = matchAgainst(s, seq, ts, s.side[slot]!, s.priceTicks[slot]!, s.orderId[slot]!, s.accountId[slot]!, s.stpMode[slot]!, before);
  s.leavesLots[slot] = leaves;
  s.filledLots[slot] = s.filledLots[slot]! + (before - leaves);
  return leaves;
}

/** Can an order of neededLots fill completely right now at acceptable prices (FOK)? Walks orders only when STP could bite. */
export function fokFillable(s: EngineState, side: number, limitPriceTicks: number, accountId: number, takerStpMode: number, neededLots: number): boolean {
  const stpMode = accountId === 0 ? StpMode.none : takerStpMode;
  const opposite = side === 0 ? s.asks : s.bids;
  let needed = neededLots;
  for (let level = opposite.best; level !== -1; level = opposite.nextWorse(level)) {
    const priceTicks = level + opposite.base;
    if (side === 0 ? priceTicks > limitPriceTicks : priceTicks < limitPriceTicks) return false;
    if (stpMode === StpMode.none) {
      needed -= opposite.lots[level]!;
      if (needed <= 0) return true;
      continue;
    }
    for (let maker = opposite.head[level]!; maker !== -1; maker = s.next[maker]!) {
      if (s.accountId[maker] === accountId) {
        if (stpMode === StpMode.cancelResting) continue; // it would be cancelled, not traded
        return false; // the taker would stop here
      }
      needed -= s.leavesLots[maker]!;
      if (needed <= 0) return true;
    }
  }
  return false;
}

/** Would an order at limitPriceTicks on side trade on arrival (post-only check)? */
export function wouldCross(s: EngineState, side: number, limitPriceTicks: number): boolean {
  const opposite = side === 0 ? s.asks : s.bids;
  if (opposite.best === -1) return false;
  const bestTicks = opposite.best + opposite.base;
  return side === 0 ? bestTicks <= limitPriceTicks : bestTicks >= limitPriceTicks;
}

/**
 * A new order in continuous trading, by value: FOK check, match, then the remainder rests (limit GTC/GFD/GTD)
 * or is cancelled with the reason that applies. The order gets a pool slot only if it rests, so an IOC or a
 * filled order touches no order column and no id map cell. The caller checked that a slot is free.
 */
export function enterNew(
  s: EngineState, seq: number, ts: number, orderId: number, accountId: number, side: number, type: number,
  timeInForce: number, limitPriceTicks: number, qtyLots: number, postOnly: boolean, expireTsMicros: number, stpMode: number,
): void {
  if (timeInForce === TimeInForce.FOK && !fokFillable(s, side, limitPriceTicks, accountId, stpMode, qtyLots)) {
    emitCancelled(s, seq, ts, orderId, accountId, side, limitPriceTicks, qtyLots, CancelReason.fokUnfilled);
    return;
  }
  const leaves = matchAgainst(s, seq, ts, side, limitPriceTicks, orderId, accountId, stpMode, qtyLots);
  if (leaves === 0) return;
  let reason = 0;
  if (s.takerSelfTrade) reason = CancelReason.selfTrade;
  else if (type !== OrderType.limit && type !== OrderType.stopLimit) reason = CancelReason.marketProtection;
  else if (timeInForce === TimeInForce.IOC || timeInForce === TimeInForce.FOK) reason = CancelReason.iocRemainder;
  if (reason !== 0) {
    emitCancelled(s, seq, ts, orderId, accountId, side, limitPriceTicks, leaves, reason);
    return;
  }
  const slot = fillSlot(s, orderId, accountId, side, type, timeInForce, limitPriceTicks, 0, leaves, postOnly, expireTsMicros, stpMode);
  s.filledLots[slot] = qtyLots - leaves;
  restSlot(s, slot);
}

/** Takes a pool slot and writes a new order's columns (filled 0; slotState still free). */
export function fillSlot(
  s: EngineState, orderId: number, accountId: number, side: number, type: number, timeInForce: number,
  priceTicks: number, stopPriceTicks: number, leavesLots: number, postOnly: boolean, expireTsMicros: number, stpMode: number,
): number {
  const slot = s.allocSlot(orderId);
  s.accountId[slot] = accountId;
  s.side[slot] = side;
  s.type[slot] = type;
  s.timeInForce[slot] = timeInForce;
  s.priceTicks[slot] = priceTicks;
  s.stopPriceTicks[slot] = stopPriceTicks;
  s.leavesLots[slot] = leavesLots;
  s.postOnly[slot] = postOnly ? 1 : 0;
  s.stpMode[slot] = stpMode;
  const gtd = timeInForce === TimeInForce.GTD;
  s.expireTsMicros[slot] = gtd ? expireTsMicros : 0;
  if (gtd) {
    s.gtdCount++;
    if (expireTsMicros < s.gtdExpireMin) s.gtdExpireMin = expireTsMicros;
  }
  return slot;
}

/**
 * An order with a slot in continuous trading (amended, or a triggered stop entering): FOK check, match, then
 * the remainder rests or is cancelled as in enterNew. The slot is freed when nothing rests.
 */
export function runSlot(s: EngineState, seq: number, ts: number, slot: number): void {
  const tif = s.timeInForce[slot]!;
  if (tif === TimeInForce.FOK && !fokFillable(s, s.side[slot]!, s.priceTicks[slot]!, s.accountId[slot]!, s.stpMode[slot]!, s.leavesLots[slot]!)) {
    cancelSlot(s, seq, ts, slot, CancelReason.fokUnfilled);
    return;
  }
  const leaves = matchTaker(s, seq, ts, slot);
  if (leaves === 0) {
    s.freeSlot(slot);
    return;
  }
  if (s.takerSelfTrade) cancelSlot(s, seq, ts, slot, CancelReason.selfTrade);
  else if (s.type[slot] !== OrderType.limit && s.type[slot] !== OrderType.stopLimit) cancelSlot(s, seq, ts, slot, CancelReason.marketProtection);
  else if (tif === TimeInForce.IOC || tif === TimeInForce.FOK) cancelSlot(s, seq, ts, slot, CancelReason.iocRemainder);
  else restSlot(s, slot);
}

export function restSlot(s: EngineState, slot: number): void {
  if (s.slotState[slot] === SlotState.free) s.register(slot); // a new order; amended and triggered ones are known
  s.slotState[slot] = SlotState.resting;
  s.link(s.side[slot] === 0 ? s.bids : s.asks, slot, s.priceTicks[slot]!);
}

/** Cancels an order that is in no ladder (a taker's remainder) and frees its slot. */
export function cancelSlot(s: EngineState, seq: number, ts: number, slot: number, reason: number): void {
  emitCancelled(s, seq, ts, s.orderId[slot]!, s.accountId[slot]!, s.side[slot]!, s.priceTicks[slot]!, s.leavesLots[slot]!, reason);
  s.freeSlot(slot);
}

/** Cancels a resting or parked order: event, out of its ladder, slot freed. */
export function cancelLinked(s: EngineState, seq: number, ts: number, slot: number, reason: number): void {
  emitCancelled(s, seq, ts, s.orderId[slot]!, s.accountId[slot]!, s.side[slot]!, s.priceTicks[slot]!, s.leavesLots[slot]!, reason);
  s.unlink(s.ladderOf(slot), slot, s.ladderPrice(slot));
  s.freeSlot(slot);
}
