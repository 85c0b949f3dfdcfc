// A sentence for a person, naming the field and why, for the engine's last rejection. Built on demand so that
// rejecting costs no allocation on the hot path.

import { Reason, reasonSlug } from '../core/reasons.js';
import type { EngineState } from './state.js';

export function rejectionMessage(s: EngineState): string {
  const field = s.rejectField;
  const value = s.rejectValue;
  const c = s.config;
  switch (s.rejectCode) {
    case 0: return 'no rejection yet';
    case Reason.malformed: return `${field} ${value} is not a valid value`;
    case Reason.qtyOutOfRange: return `${field} ${value} is outside 1..${c.qtyLotsMax} lots for ${c.symbol}`;
    case Reason.priceOutOfRange: return `${field} ${value} is outside the allowed range (prices 1..${c.priceTicksMax} ticks, limitBps 1..9999, band within the engine's level limit)`;
    case Reason.stopPriceMissing: return `${field} is required for stop and stop-limit orders`;
    case Reason.stopPriceInvalid: return `${field} ${value} is not valid: it must be a price the last trade (${s.lastTradePriceTicks}) has not yet reached`;
    case Reason.expiryInvalid: return `${field} ${value} must be after the command's time for a GTD order`;
    case Reason.postOnlyNotLimit: return 'postOnly is only allowed on limit orders that may rest (not IOC or FOK)';
    case Reason.duplicateOrderId: return `${field} ${value} is already in use by a live order`;
    case Reason.unknownOrder: return `${field} ${value} is not a live order of ${c.symbol}`;
    case Reason.notOwner: return `the order belongs to another account than ${field} ${value}`;
    case Reason.orderNotResting: return `${field} ${value} is a parked stop; cancel and re-enter it instead of amending`;
    case Reason.amendNoChange: return 'the amend changes neither price nor quantity';
    case Reason.referencePriceMissing: return `${c.symbol} has no reference price yet, so no daily limits: orders open after setReference`;
    case Reason.marketClosed: return `${c.symbol} is closed: only cancels are accepted`;
    case Reason.phaseNotAllowed: return `${field} ${value} does not allow this: market, IOC, FOK and post-only orders need continuous trading, and phases change only along the phase table`;
    case Reason.priceOutsideLimits: return `${field} ${value} is outside today's limits ${s.limitDownTicks}..${s.limitUpTicks}`;
    case Reason.bookFull: return `the order book of ${c.symbol} is full (${value} orders)`;
    case Reason.postOnlyWouldTrade: return `${field} ${value} would trade on arrival, and the order is post-only`;
    case Reason.noLiquidity: return 'a market order needs at least one order on the other side';
    default: return `${reasonSlug(s.rejectCode)}: ${field} ${value}`;
  }
}
