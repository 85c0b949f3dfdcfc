// Pre-trade risk: the stage before matching. It answers one question per new order — may this account take
// this risk? — from clearing's own view (positions, open orders from the engine's events, ledger cash). The
// pipeline is sequenced, so nothing changes between this check and the engine's `accepted`: no reservation
// is needed.
//
// Checks, in order: account known and not suspended; series known and not expired; kill switch; order size;
// open-order count; reduce-only; position limits (speculative limits, or a hedger's quota when larger);
// margin: free equity after the order must not be negative, unless the order only reduces the position and
// does not raise the requirement (an account in a margin call must be able to trade out).

import { Reason } from '../core/reasons.js';
import { Side, type Side as SideT } from '../engine/protocol.js';
import { orderRisk } from './account-risk.js';
import { statusRights } from './accounts.js';
import { openOrdersPerAccountMax } from './limits.js';
import { orderRiskNumbers } from './order-risk.js';
import type { ClearingState } from './state.js';
import type { SeriesState } from './series.js';

export interface NewOrderRequest {
  readonly accountId: number;
  readonly symbol: string;
  readonly side: SideT;
  /** The limit price; for a market order pass 0 and risk assumes the worst price inside today's limits. */
  readonly priceTicks: number;
  readonly qtyLots: number;
}

export interface RiskNumbers {
  readonly requiredMarginMinor: bigint;
  readonly freeEquityMinor: bigint;
  /** The limit that applied (lots), 0 when none did. */
  readonly limit: number;
  /** The position (lots) the limit was measured against, worst case after the order. */
  readonly position: number;
}

export type RiskResult =
  | ({ readonly ok: true } & RiskNumbers)
  | ({ readonly ok: false; readonly code: number; readonly message: string } & RiskNumbers);

/**
 * An accepted order's numbers, kept as the exact float64 integers risk found and made bigints only when read:
 * the usual reader (the exchange) reads `ok` alone, and two bigints per order were most of risk's garbage.
 */
class Accepted implements RiskNumbers {
  readonly ok = true;
  readonly limit = 0;
  readonly #requiredMinor: number;
  readonly #freeEquityMinor: number;

  constructor(requiredMinor: number, freeEquityMinor: number, readonly position: number) {
    this.#requiredMinor = requiredMinor;
    this.#freeEquityMinor = freeEquityMinor;
  }

  get requiredMarginMinor(): bigint {
    return BigInt(this.#requiredMinor);
  }

  get freeEquityMinor(): bigint {
    return BigInt(this.#freeEquityMinor);
  }
}

const noNumbers: RiskNumbers = { requiredMarginMinor: 0n, freeEquityMinor: 0n, limit: 0, position: 0 };

/** A module function, not a closure per call: this runs before every order. */
function reject(code: number, message: string, numbers: Partial<RiskNumbers> = {}): RiskResult {
  return { ok: false, code, message, ...noNumbers, ...numbers };
}

export function checkNewOrder(state: ClearingState, request: NewOrderRequest): RiskResult {
  const account = state.accounts.get(request.accountId);
  if (!account) return reject(Reason.unknownAccount, `accountId ${request.accountId} is not a clearing account`);
  const series = state.series.get(request.symbol);
  if (!series) return reject(Reason.unknownSymbol, `symbol ${request.symbol} is not a listed series`);
  if (series.expired) return reject(Reason.seriesExpired, `symbol ${request.symbol} has expired and is final-settled`);
  if (!statusRights[account.status].reduce) return reject(Reason.accountSuspended, `account ${account.id} is suspended`);
  if (account.killSwitch) return reject(Reason.killSwitch, `account ${account.id} has its kill switch on: no new orders`);
  if (!Number.isSafeInteger(request.qtyLots) || request.qtyLots < 1 || request.qtyLots > series.spec.qtyLotsMax) {
    return reject(Reason.orderSizeLimit, `qtyLots ${request.qtyLots} must be 1 to ${series.spec.qtyLotsMax} for ${request.symbol}`,
      { limit: series.spec.qtyLotsMax });
  }
  if (state.orders.countOf(account.id) >= openOrdersPerAccountMax) {
    return reject(Reason.openOrdersLimit, `account ${account.id} already has ${openOrdersPerAccountMax} open orders`, { limit: openOrdersPerAccountMax });
  }

  const sign: 1 | -1 = request.side === Side.buy ? 1 : -1;
  const positionLots = positionOf(state, account.id, series.idx);
  const sameSideOpenLots = state.orders.lotsOf(account.id, series.idx, sign);
  const worstAfter = positionLots + sign * (sameSideOpenLots + request.qtyLots);
  const reduces = Math.sign(positionLots) === -sign && Math.abs(positionLots) >= sameSideOpenLots + request.qtyLots;
  if (!statusRights[account.status].newRisk || account.liquidating) {
    if (!reduces) {
      return reject(Reason.reduceOnly, `account ${account.id} is reduce-only: the order (with its open orders) must not grow or flip position ${positionLots}`,
        { position: worstAfter });
    }
  }

  const limitRejection = checkPositionLimits(state, account.id, series, sign, request.qtyLots, positionLots, worstAfter);
  if (limitRejection) return limitRejection;

  const priceTicks = request.priceTicks > 0 ? request.priceTicks : sign > 0 ? series.limitUpTicks : series.limitDownTicks;
  // The common case in numbers, without garbage; a refusal, or a figure past 2^53, takes the bigint definition.
  const fast = orderRiskNumbers(state, account.id, series.spec.currency, series.idx, sign, priceTicks, request.qtyLots);
  if (fast !== undefined && fast.freeEquityMinor >= 0) return new Accepted(fast.requiredWithOrdersMinor, fast.freeEquityMinor, worstAfter);
  const after = orderRisk(state, account.id, series.spec.currency, { seriesIdx: series.idx, sign, priceTicks, qtyLots: request.qtyLots });
  const numbers = { requiredMarginMinor: after.requiredWithOrdersMinor, freeEquityMinor: after.freeEquityMinor, limit: 0, position: worstAfter };
  // The requirement before the order matters only for an order that reduces and would leave free equity negative.
  if (after.freeEquityMinor < 0n
    && !(reduces && after.requiredWithOrdersMinor <= orderRisk(state, account.id, series.spec.currency).requiredWithOrdersMinor)) {
    return reject(Reason.insufficientMargin,
      `margin: the order needs ${after.requiredWithOrdersMinor} ${series.spec.currency} minor units of initial margin (positions and open orders) `
      + `but equity is ${after.equityMinor}; free equity would be ${after.freeEquityMinor}`, numbers);
  }
  return { ok: true, ...numbers };
}

function checkPositionLimits(
  state: ClearingState, accountId: number, series: SeriesState, sign: 1 | -1, qtyLots: number, positionLots: number, worstAfter: number,
): RiskResult | undefined {
  const account = state.accounts.mustGet(accountId);
  const { spec } = series;
  const quota = account.type === 'hedger' ? account.hedgeQuotaLots[spec.product] ?? 0 : 0;
  const spotLimit = Math.max(spec.positionLimitSpotMonth, quota);
  if (series.isSpotMonth && Math.abs(worstAfter) > spotLimit && Math.abs(worstAfter) > Math.abs(positionLots)) {
    return {
      ok: false, code: Reason.spotMonthPositionLimit, requiredMarginMinor: 0n, freeEquityMinor: 0n, limit: spotLimit, position: worstAfter,
      message: `spot-month position in ${spec.symbol} would reach ${worstAfter} lots with open orders, above the ${limitName(quota)} of ${spotLimit}`,
    };
  }
  let productNet = 0;
  const slots = state.positions.slotsOf(accountId);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    if (state.series.at(state.positions.seriesIdx[slot]!).productIdx === series.productIdx) productNet += state.positions.qtyLots[slot]!;
  }
  let productOpenLots = 0;
  const sumsList = state.orders.seriesSumsOf(accountId);
  for (let i = 0; i < sumsList.length; i++) {
    const sums = sumsList[i]!;
    if (state.series.at(sums.seriesIdx).productIdx === series.productIdx) productOpenLots += sign > 0 ? sums.buy.lots : sums.sell.lots;
  }
  const productWorst = productNet + sign * (productOpenLots + qtyLots);
  const allLimit = Math.max(spec.positionLimitAllMonths, quota);
  if (Math.abs(productWorst) > allLimit && Math.abs(productWorst) > Math.abs(productNet)) {
    return {
      ok: false, code: Reason.positionLimit, requiredMarginMinor: 0n, freeEquityMinor: 0n, limit: allLimit, position: productWorst,
      message: `all-months position in ${spec.product} would reach ${productWorst} lots with open orders, above the ${limitName(quota)} of ${allLimit}`,
    };
  }
  return undefined;
}

/** Named only in a refusal: a hedger's name of its quota was a string built on every order. */
function limitName(quotaLots: number): string {
  return quotaLots > 0 ? `hedge quota ${quotaLots} lots` : 'speculative limit';
}

function positionOf(state: ClearingState, accountId: number, seriesIdx: number): number {
  const slot = state.positions.find(accountId, seriesIdx);
  return slot === undefined ? 0 : state.positions.qtyLots[slot]!;
}
