// Business outcomes as stable codes, in blocks per stage (STYLE.md, habit 3). The same code appears in REST
// bodies ({code, reason, message, field}), WebSocket errors and FIX rejects (tag 58 text, tag 103 where FIX
// has a matching value). Codes are never reused or renumbered: add new ones at the end of their block.

export const Reason = {
  // 1xxx validation: the command itself is malformed or out of range.
  malformed: 1000,
  unknownField: 1001,
  missingField: 1002,
  wrongType: 1003,
  qtyOutOfRange: 1010,
  priceOutOfRange: 1011,
  priceOffTick: 1012,
  stopPriceMissing: 1013,
  stopPriceInvalid: 1014,
  expiryInvalid: 1015,
  unknownSymbol: 1020,
  seriesExpired: 1021,
  duplicateOrderId: 1030,
  unknownOrder: 1031,
  amendNoChange: 1032,
  postOnlyNotLimit: 1033,
  // index contributions (src/index/contributions.ts)
  unknownModel: 1040,
  priceNotPositive: 1041,
  implausiblePriceChange: 1042,
  duplicateSubmission: 1043,
  // index values and fixings served by the gateway (src/gateway/routes/indices.ts)
  unknownIndex: 1044,
  unknownFixing: 1045,
  // 2xxx risk: the account may not take this risk.
  insufficientMargin: 2000,
  positionLimit: 2001,
  spotMonthPositionLimit: 2002,
  orderSizeLimit: 2003,
  reduceOnly: 2004,
  killSwitch: 2005,
  openOrdersLimit: 2006,
  // 3xxx matching: the market's state or the book refuses the order.
  marketClosed: 3000,
  marketHalted: 3001,
  phaseNotAllowed: 3002,
  priceOutsideLimits: 3003,
  postOnlyWouldTrade: 3010,
  fokNotFilled: 3011,
  iocNotFilled: 3012,
  noLiquidity: 3013,
  selfTradePrevented: 3014,
  bookFull: 3020,
  orderNotResting: 3021,
  referencePriceMissing: 3022,
  // 4xxx accounts: who is asking, and may they.
  unknownAccount: 4000,
  accountSuspended: 4001,
  notOwner: 4002,
  unauthorised: 4003,
  forbidden: 4004,
  rateLimited: 4005,
  badSignature: 4006,
  staleTimestamp: 4007,
  replayedSignature: 4008,
  insufficientFunds: 4010,
  unknownContributor: 4011,
  // 5xxx service: the exchange could not answer now (a log election, a replica catching up).
  /** Not applied; the same request may be sent again (503 with Retry-After). */
  exchangeUnavailable: 5000,
  /** Sent, but no answer came in time: it may or may not have been applied; look before sending again (504). */
  outcomeUnknown: 5001,
} as const;

export type ReasonName = keyof typeof Reason;
export type ReasonCode = (typeof Reason)[ReasonName];

const namesByCode = new Map<number, ReasonName>(
  (Object.entries(Reason) as [ReasonName, number][]).map(([name, code]) => [code, name]),
);

/** snake_case name of a code, as the API shows it ("price_outside_limits"). */
export function reasonSlug(code: number): string {
  const name = namesByCode.get(code);
  if (!name) return 'unknown';
  return name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

export function reasonName(code: number): ReasonName | undefined {
  return namesByCode.get(code);
}
