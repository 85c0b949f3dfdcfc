// The shape check a gateway applies before a command enters the log. The log is replayed by every engine for
// ever, so a command whose fields are of the wrong kind (which would break an engine invariant) must never get
// in: that would stop every replica of the group at the same sequence. Business checks (prices, limits,
// margin) are the exchange's and come back as rejections in the outcome.

import type { ExchangeCommand } from '../exchange/commands.js';
import { clientOrderIdBytesMax, symbolBytesMax } from '../exchange/codec.js';

type FieldKind = 'u32' | 'id' | 'micros' | 'text' | 'symbol' | 'clientId' | 'bool' | 'amount' | 'side' | 'orderType' | 'timeInForce' | 'stp' | 'phase' | 'accountType' | 'currency' | 'isoDate' | 'ticksByProduct';

const shapes: Record<ExchangeCommand['type'], Record<string, FieldKind>> = {
  newOrder: { accountId: 'u32', symbol: 'symbol', side: 'side', orderType: 'orderType', timeInForce: 'timeInForce', priceTicks: 'u32', stopPriceTicks: 'u32', qtyLots: 'u32', postOnly: 'bool', expireTsMicros: 'micros', stpMode: 'stp', clientOrderId: 'clientId' },
  cancel: { accountId: 'u32', orderId: 'id' },
  amend: { accountId: 'u32', orderId: 'id', priceTicks: 'u32', qtyLots: 'u32' },
  massCancel: { accountId: 'u32', symbol: 'text' },
  createAccount: { name: 'text', accountType: 'accountType' },
  deposit: { accountId: 'u32', currency: 'currency', amountMinor: 'amount' },
  withdraw: { accountId: 'u32', currency: 'currency', amountMinor: 'amount' },
  listSeries: { isoDate: 'isoDate', referenceTicksByProduct: 'ticksByProduct' },
  settleDay: { isoDate: 'isoDate', closingWindowStartMicros: 'micros' },
  finalSettle: { symbol: 'symbol', priceTicks: 'u32' },
  marginCheck: { deadlineMicros: 'micros' },
  expireDue: {},
  setPhase: { symbol: 'symbol', phase: 'phase' },
  killSwitch: { accountId: 'u32', engaged: 'bool' },
};

const u32Max = 0xffff_ffff;
const textBytesMax = 128;
const small = (max: number) => (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;

const checks: Record<FieldKind, [test: (v: unknown) => boolean, expected: string]> = {
  u32: [small(u32Max), `an integer 0..${u32Max}`],
  id: [(v) => Number.isSafeInteger(v) && (v as number) > 0, 'a positive integer'],
  micros: [(v) => Number.isSafeInteger(v) && (v as number) >= 0, 'microseconds since the epoch, an integer'],
  text: [(v) => typeof v === 'string' && v.length <= textBytesMax, `text of at most ${textBytesMax} characters`],
  symbol: [(v) => typeof v === 'string' && v.length > 0 && v.length <= symbolBytesMax, 'a series symbol such as TKFH27'],
  clientId: [(v) => typeof v === 'string' && new TextEncoder().encode(v).length <= clientOrderIdBytesMax, `text of at most ${clientOrderIdBytesMax} bytes`],
  bool: [(v) => typeof v === 'boolean', 'true or false'],
  amount: [(v) => typeof v === 'bigint' && v > 0n, 'a positive whole number of minor units (a string of digits)'],
  side: [small(1), '0 (buy) or 1 (sell)'],
  orderType: [small(3), '0 limit, 1 market, 2 stop, 3 stopLimit'],
  timeInForce: [small(4), '0 GTC, 1 GFD, 2 GTD, 3 IOC, 4 FOK'],
  stp: [small(3), '0 none, 1 cancelResting, 2 cancelAggressing, 3 cancelBoth'],
  phase: [small(3), '0 closed, 1 preOpen, 2 continuous, 3 halted'],
  accountType: [(v) => v === 'hedger' || v === 'marketMaker' || v === 'speculator', 'hedger, marketMaker or speculator'],
  currency: [(v) => v === 'USD' || v === 'CNY', 'USD or CNY'],
  isoDate: [(v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v), 'a date YYYY-MM-DD'],
  ticksByProduct: [(v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(small(u32Max)), 'an object of product code to integer ticks'],
};

export type ShapeCheck = { readonly ok: true; readonly command: ExchangeCommand } | { readonly ok: false; readonly message: string };

/** Checks a parsed JSON command; amountMinor may come as a string of digits and is turned into a bigint. */
export function checkCommandShape(value: unknown): ShapeCheck {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'command: must be a JSON object' };
  const input = value as Record<string, unknown>;
  const type = input['type'];
  if (typeof type !== 'string' || !Object.hasOwn(shapes, type)) return { ok: false, message: `type: must be one of ${Object.keys(shapes).join(', ')}` };
  const shape = shapes[type as ExchangeCommand['type']];
  const command: Record<string, unknown> = { type };
  for (const [field, kind] of Object.entries(shape)) {
    let fieldValue = input[field];
    if (kind === 'amount' && typeof fieldValue === 'string' && /^\d{1,30}$/.test(fieldValue)) fieldValue = BigInt(fieldValue);
    const [test, expected] = checks[kind];
    if (!test(fieldValue)) return { ok: false, message: `${field}: must be ${expected}, got ${describe(fieldValue)}` };
    command[field] = fieldValue;
  }
  const unknown = Object.keys(input).find((key) => key !== 'type' && !Object.hasOwn(shape, key));
  if (unknown !== undefined) return { ok: false, message: `${unknown}: not a field of ${type}` };
  return { ok: true, command: command as unknown as ExchangeCommand };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'bigint') return `${value}`;
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
