// Validation of order commands, in a fixed order (the reference book follows the same order, so both give the
// same reason for the same command). Each check returns 0 or a reason code from core/reasons.ts and leaves the
// offending field and value in the state for the rejection message; nothing here changes the book.

import { Reason } from '../core/reasons.js';
import { orderIdMax } from './limits.js';
import { wouldCross } from './match.js';
import type { PhaseRule } from './phases.js';
import { OrderType, Side, TimeInForce } from './protocol.js';
import { SlotState, type EngineState } from './state.js';
import { marketLimitTicks } from './stops.js';

export function fail(s: EngineState, code: number, field: string, value: number): number {
  s.rejectField = field;
  s.rejectValue = value;
  return code;
}

function isId(value: number, min: number): boolean {
  return value >= min && value <= orderIdMax && Math.floor(value) === value;
}

function isSmallInt(value: number, min: number, max: number): boolean {
  return value >= min && value <= max && (value | 0) === value;
}

export function checkNewOrder(
  s: EngineState, rule: PhaseRule, ts: number, orderId: number, accountId: number, side: number, type: number,
  timeInForce: number, priceTicks: number, stopPriceTicks: number, qtyLots: number, postOnly: boolean,
  expireTsMicros: number, stpMode: number,
): number {
  if (!isId(orderId, 1)) return fail(s, Reason.malformed, 'orderId', orderId);
  if (!isId(accountId, 0)) return fail(s, Reason.malformed, 'accountId', accountId);
  if (!isSmallInt(side, 0, 1)) return fail(s, Reason.malformed, 'side', side);
  if (!isSmallInt(type, 0, 3)) return fail(s, Reason.malformed, 'type', type);
  if (!isSmallInt(timeInForce, 0, 4)) return fail(s, Reason.malformed, 'timeInForce', timeInForce);
  if (!isSmallInt(stpMode, 0, 3)) return fail(s, Reason.malformed, 'stpMode', stpMode);
  if (!isSmallInt(qtyLots, 1, s.qtyLotsMax)) return fail(s, Reason.qtyOutOfRange, 'qtyLots', qtyLots);
  const limitPriced = type === OrderType.limit || type === OrderType.stopLimit;
  const priceTicksMax = s.priceTicksMax;
  if (limitPriced && !isSmallInt(priceTicks, 1, priceTicksMax)) return fail(s, Reason.priceOutOfRange, 'priceTicks', priceTicks);
  const isStop = type === OrderType.stop || type === OrderType.stopLimit;
  if (isStop) {
    if (stopPriceTicks === 0) return fail(s, Reason.stopPriceMissing, 'stopPriceTicks', 0);
    if (!isSmallInt(stopPriceTicks, 1, priceTicksMax)) return fail(s, Reason.stopPriceInvalid, 'stopPriceTicks', stopPriceTicks);
  }
  if (timeInForce === TimeInForce.GTD && !(expireTsMicros > ts && isId(expireTsMicros, 1))) return fail(s, Reason.expiryInvalid, 'expireTsMicros', expireTsMicros);
  if (postOnly && (type !== OrderType.limit || timeInForce === TimeInForce.IOC || timeInForce === TimeInForce.FOK)) return fail(s, Reason.postOnlyNotLimit, 'postOnly', 1);
  if (s.ids.get(orderId) !== -1) return fail(s, Reason.duplicateOrderId, 'orderId', orderId);
  if (s.referencePriceTicks === 0) return fail(s, Reason.referencePriceMissing, 'referencePriceTicks', 0);
  if (!rule.acceptsOrders) return fail(s, Reason.marketClosed, 'phase', s.phase);
  const immediate = type === OrderType.market || timeInForce === TimeInForce.IOC || timeInForce === TimeInForce.FOK;
  if (!rule.matches && (immediate || postOnly)) return fail(s, Reason.phaseNotAllowed, 'phase', s.phase);
  if (limitPriced && (priceTicks < s.limitDownTicks || priceTicks > s.limitUpTicks)) return fail(s, Reason.priceOutsideLimits, 'priceTicks', priceTicks);
  if (isStop) {
    if (stopPriceTicks < s.limitDownTicks || stopPriceTicks > s.limitUpTicks) return fail(s, Reason.priceOutsideLimits, 'stopPriceTicks', stopPriceTicks);
    const last = s.lastTradePriceTicks;
    if (last !== 0 && (side === Side.buy ? last >= stopPriceTicks : last <= stopPriceTicks)) return fail(s, Reason.stopPriceInvalid, 'stopPriceTicks', stopPriceTicks);
  }
  if (s.freeCount === 0) return fail(s, Reason.bookFull, 'ordersRestingMax', s.capacity);
  if (postOnly && wouldCross(s, side, priceTicks)) return fail(s, Reason.postOnlyWouldTrade, 'priceTicks', priceTicks);
  if (type === OrderType.market && marketLimitTicks(s, side) === 0) return fail(s, Reason.noLiquidity, 'type', type);
  return 0;
}

/**
 * checkNewOrder for a limit order without post-only, GTC or IOC (the caller tested type, timeInForce and
 * postOnly): the same checks in the same order, less those that cannot fail for such an order, so both give
 * the same reason for the same command.
 */
export function checkPlainLimit(
  s: EngineState, rule: PhaseRule, orderId: number, accountId: number, side: number, timeInForce: number,
  priceTicks: number, qtyLots: number, stpMode: number,
): number {
  if (!isId(orderId, 1)) return fail(s, Reason.malformed, 'orderId', orderId);
  if (!isId(accountId, 0)) return fail(s, Reason.malformed, 'accountId', accountId);
  if (!isSmallInt(side, 0, 1)) return fail(s, Reason.malformed, 'side', side);
  if (!isSmallInt(stpMode, 0, 3)) return fail(s, Reason.malformed, 'stpMode', stpMode);
  if (!isSmallInt(qtyLots, 1, s.qtyLotsMax)) return fail(s, Reason.qtyOutOfRange, 'qtyLots', qtyLots);
  if (!isSmallInt(priceTicks, 1, s.priceTicksMax)) return fail(s, Reason.priceOutOfRange, 'priceTicks', priceTicks);
  if (s.ids.get(orderId) !== -1) return fail(s, Reason.duplicateOrderId, 'orderId', orderId);
  if (s.referencePriceTicks === 0) return fail(s, Reason.referencePriceMissing, 'referencePriceTicks', 0);
  if (!rule.acceptsOrders) return fail(s, Reason.marketClosed, 'phase', s.phase);
  if (!rule.matches && timeInForce === TimeInForce.IOC) return fail(s, Reason.phaseNotAllowed, 'phase', s.phase);
  if (priceTicks < s.limitDownTicks || priceTicks > s.limitUpTicks) return fail(s, Reason.priceOutsideLimits, 'priceTicks', priceTicks);
  if (s.freeCount === 0) return fail(s, Reason.bookFull, 'ordersRestingMax', s.capacity);
  return 0;
}

/** Cancel: the order must be live (resting or parked) and the caller's. Returns the slot or -(reason code). */
export function checkCancel(s: EngineState, orderId: number, accountId: number): number {
  const slot = s.ids.get(orderId);
  if (slot === -1) return -fail(s, Reason.unknownOrder, 'orderId', orderId);
  if (s.accountId[slot] !== accountId) return -fail(s, Reason.notOwner, 'accountId', accountId);
  return slot;
}

/** Amend: qtyLots is the new leaves. Returns the slot or -(reason code). */
export function checkAmend(s: EngineState, rule: PhaseRule, orderId: number, accountId: number, priceTicks: number, qtyLots: number): number {
  const slot = checkCancel(s, orderId, accountId);
  if (slot < 0) return slot;
  if (s.slotState[slot] !== SlotState.resting) return -fail(s, Reason.orderNotResting, 'orderId', orderId);
  if (!rule.acceptsAmends) return -fail(s, Reason.marketClosed, 'phase', s.phase);
  if (!isSmallInt(qtyLots, 1, s.qtyLotsMax)) return -fail(s, Reason.qtyOutOfRange, 'qtyLots', qtyLots);
  if (!isSmallInt(priceTicks, 1, s.priceTicksMax)) return -fail(s, Reason.priceOutOfRange, 'priceTicks', priceTicks);
  if (priceTicks < s.limitDownTicks || priceTicks > s.limitUpTicks) return -fail(s, Reason.priceOutsideLimits, 'priceTicks', priceTicks);
  if (priceTicks === s.priceTicks[slot] && qtyLots === s.leavesLots[slot]) return -fail(s, Reason.amendNoChange, 'qtyLots', qtyLots);
  if (s.postOnly[slot] === 1 && rule.matches && wouldCross(s, s.side[slot]!, priceTicks)) return -fail(s, Reason.postOnlyWouldTrade, 'priceTicks', priceTicks);
  return slot;
}
