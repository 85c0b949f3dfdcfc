// Application messages in: NewOrderSingle (D), OrderCancelRequest (F), OrderCancelReplaceRequest (G) and
// OrderMassCancelRequest (q) checked field by field and turned into plain requests for the FixApplication.
// What FIX prescribes for each fault:
// - a tag this message does not define, a required tag missing, a value not of the field's type or outside
//   its enumeration: session Reject (3) with RefTagID (371), SessionRejectReason (373) and Text (58);
// - a field required only because of another one (Price for a limit order, StopPx for a stop, ExpireTime for
//   GTD): BusinessMessageReject (j) with reason 5, its Text naming the tag.
// Prices stay decimal strings: only the application knows the series' tick size.

import type { FixMessage } from './codec.js';
import { getField } from './codec.js';
import type { BusinessRejectFields, FixOrdType, FixSide, FixTimeInForce, NewOrderFields, OrderRef, ReplaceFields } from './application.js';
import { clOrdIdLengthMax, orderQtyLotsMax, textLengthMax } from './limits.js';
import { BusinessRejectReason, MsgType, SessionRejectReason, Tag } from './tags.js';
import { parseUtcTimestamp } from './time.js';

export interface SessionRejectFields {
  readonly kind: 'sessionReject';
  readonly tag: number;
  readonly reason: SessionRejectReason;
  readonly text: string;
}

export type Parsed<T> = { readonly kind: 'ok'; readonly value: T } | SessionRejectFields | BusinessRejectFields;

export type MassCancelFields = { readonly clOrdId: string; readonly requestType: string; readonly symbol?: string };

/** Standard header and trailer tags a FIX 4.4 counterparty may send on any message. */
const headerTags = [8, 9, 35, 10, 34, 43, 49, 50, 52, 56, 57, 97, 115, 116, 122, 128, 129, 142, 143, 144, 145, 347, 369, 89, 93];
const withHeader = (tags: number[]): ReadonlySet<number> => new Set([...headerTags, ...tags]);

/** Body tags accepted per message type: the ones we read plus harmless ones FIX 4.4 defines there. */
export const allowedTags: Readonly<Record<string, ReadonlySet<number>>> = {
  [MsgType.Logon]: withHeader([98, 108, 141, 383, 464, 553, 554, 789]),
  [MsgType.Heartbeat]: withHeader([112]),
  [MsgType.TestRequest]: withHeader([112]),
  [MsgType.ResendRequest]: withHeader([7, 16]),
  [MsgType.Reject]: withHeader([45, 58, 371, 372, 373]),
  [MsgType.SequenceReset]: withHeader([36, 123]),
  [MsgType.Logout]: withHeader([58]),
  [MsgType.NewOrderSingle]: withHeader([1, 11, 18, 21, 38, 40, 44, 54, 55, 58, 59, 60, 99, 126, 526]),
  [MsgType.OrderCancelRequest]: withHeader([1, 11, 37, 38, 41, 54, 55, 58, 60, 526]),
  [MsgType.OrderCancelReplaceRequest]: withHeader([1, 11, 18, 21, 37, 38, 40, 41, 44, 54, 55, 58, 59, 60, 99, 126, 526]),
  [MsgType.OrderMassCancelRequest]: withHeader([11, 54, 55, 58, 60, 526, 530]),
};

/** The first tag not defined for this message type, as a Reject; undefined when all are known. */
export function unknownTag(message: FixMessage): SessionRejectFields | undefined {
  const allowed = allowedTags[message.msgType];
  if (!allowed) return undefined;
  for (const [tag] of message.fields) {
    if (!allowed.has(tag)) {
      return sessionReject(tag, SessionRejectReason.tagNotDefinedForMessageType, `tag ${tag} is not defined for MsgType ${message.msgType}`);
    }
  }
  return undefined;
}

/** A field reader that stops at the first fault, so each message is answered with exactly one reason. */
class Reader {
  fault: SessionRejectFields | BusinessRejectFields | undefined;
  constructor(private readonly message: FixMessage) {}

  text(tag: number, name: string, lengthMax: number, required: boolean): string | undefined {
    if (this.fault) return undefined;
    const value = getField(this.message, tag);
    if (value === undefined) {
      if (required) this.fault = sessionReject(tag, SessionRejectReason.requiredTagMissing, `${name} (${tag}) is required`);
      return undefined;
    }
    if (value.length > lengthMax || !/^[\x21-\x7e][\x20-\x7e]*$/.test(value)) {
      this.fault = sessionReject(tag, SessionRejectReason.valueIncorrect, `${name} (${tag}) must be 1 to ${lengthMax} printable characters`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(tag: number, name: string, values: readonly T[], required: boolean): T | undefined {
    const value = this.text(tag, name, 4, required);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      this.fault = sessionReject(tag, SessionRejectReason.valueIncorrect, `${name} (${tag}) must be one of ${values.join(', ')}, got ${value}`);
      return undefined;
    }
    return value as T;
  }

  lots(tag: number, name: string, required: boolean): number | undefined {
    const value = this.text(tag, name, 20, required);
    if (value === undefined) return undefined;
    // Qty is a float type in FIX; a whole number of lots may come as "3" or "3.0" (some engines add the point).
    const m = /^(\d{1,9})(?:\.0*)?$/.exec(value);
    if (!m) {
      const fault = /^\d*\.?\d+$/.test(value) ? `${name} (${tag}) must be a whole number of lots, got ${value}` : `${name} (${tag}) is not a number: ${value}`;
      this.fault = sessionReject(tag, /^\d*\.?\d+$/.test(value) ? SessionRejectReason.valueIncorrect : SessionRejectReason.incorrectDataFormat, fault);
      return undefined;
    }
    const lots = Number(m[1]);
    if (lots < 1 || lots > orderQtyLotsMax) {
      this.fault = sessionReject(tag, SessionRejectReason.valueIncorrect, `${name} (${tag}) must be 1 to ${orderQtyLotsMax} lots, got ${value}`);
      return undefined;
    }
    return lots;
  }

  price(tag: number, name: string): string | undefined {
    const value = this.text(tag, name, 24, false);
    if (value === undefined) return undefined;
    if (!/^-?\d+(\.\d+)?$/.test(value) && !/^-?\.\d+$/.test(value)) {
      this.fault = sessionReject(tag, SessionRejectReason.incorrectDataFormat, `${name} (${tag}) is not a decimal number: ${value}`);
      return undefined;
    }
    if (!/[1-9]/.test(value) || value.startsWith('-')) {
      this.fault = sessionReject(tag, SessionRejectReason.valueIncorrect, `${name} (${tag}) must be positive, got ${value}`);
      return undefined;
    }
    return value.startsWith('.') ? '0' + value : value;
  }

  timestamp(tag: number, name: string, required: boolean): number | undefined {
    const value = this.text(tag, name, 30, required);
    if (value === undefined) return undefined;
    const micros = parseUtcTimestamp(value);
    if (micros === undefined) this.fault = sessionReject(tag, SessionRejectReason.incorrectDataFormat, `${name} (${tag}) is not a UTCTimestamp (YYYYMMDD-HH:MM:SS[.sss]): ${value}`);
    return micros;
  }

  conditional(tag: number, name: string, present: unknown, why: string): void {
    if (this.fault || present !== undefined) return;
    this.fault = { kind: 'businessReject', reason: BusinessRejectReason.conditionallyRequiredFieldMissing, text: `${name} (${tag}) is required ${why}` };
  }

  result<T>(value: () => T): Parsed<T> {
    return this.fault ?? { kind: 'ok', value: value() };
  }
}

const sides = ['1', '2'] as const;
const ordTypes = ['1', '2', '3', '4'] as const;
const timesInForce = ['0', '1', '3', '4', '6'] as const;

export function parseNewOrder(message: FixMessage): Parsed<NewOrderFields> {
  const r = new Reader(message);
  const clOrdId = r.text(Tag.ClOrdID, 'ClOrdID', clOrdIdLengthMax, true);
  const symbol = r.text(Tag.Symbol, 'Symbol', 32, true);
  const side = r.oneOf<FixSide>(Tag.Side, 'Side', sides, true);
  r.timestamp(Tag.TransactTime, 'TransactTime', true);
  const qtyLots = r.lots(Tag.OrderQty, 'OrderQty', true);
  const ordType = r.oneOf<FixOrdType>(Tag.OrdType, 'OrdType', ordTypes, true);
  const price = r.price(Tag.Price, 'Price');
  const stopPx = r.price(Tag.StopPx, 'StopPx');
  const timeInForce = r.oneOf<FixTimeInForce>(Tag.TimeInForce, 'TimeInForce', timesInForce, false) ?? '0';
  const expireTsMicros = r.timestamp(Tag.ExpireTime, 'ExpireTime', false);
  const execInst = r.oneOf(Tag.ExecInst, 'ExecInst', ['6'], false);
  r.text(Tag.Text, 'Text', textLengthMax, false);
  if (ordType === '2' || ordType === '4') r.conditional(Tag.Price, 'Price', price, 'for a limit or stop-limit order');
  if (ordType === '3' || ordType === '4') r.conditional(Tag.StopPx, 'StopPx', stopPx, 'for a stop or stop-limit order');
  if (timeInForce === '6') r.conditional(Tag.ExpireTime, 'ExpireTime', expireTsMicros, 'for TimeInForce 6 (GTD)');
  if (!r.fault && (ordType === '1' || ordType === '3') && price !== undefined) {
    r.fault = sessionReject(Tag.Price, SessionRejectReason.valueIncorrect, `Price (44) must not be given for OrdType ${ordType} (market or stop)`);
  }
  return r.result(() => ({
    clOrdId: clOrdId!, symbol: symbol!, side: side!, ordType: ordType!, qtyLots: qtyLots!, timeInForce,
    postOnly: execInst === '6',
    ...(price !== undefined ? { price } : {}),
    ...(stopPx !== undefined ? { stopPx } : {}),
    ...(expireTsMicros !== undefined && timeInForce === '6' ? { expireTsMicros } : {}),
  }));
}

function readRef(r: Reader): OrderRef | undefined {
  const clOrdId = r.text(Tag.ClOrdID, 'ClOrdID', clOrdIdLengthMax, true);
  const origClOrdId = r.text(Tag.OrigClOrdID, 'OrigClOrdID', clOrdIdLengthMax, true);
  const orderId = r.text(Tag.OrderID, 'OrderID', 20, false);
  const symbol = r.text(Tag.Symbol, 'Symbol', 32, true);
  const side = r.oneOf<FixSide>(Tag.Side, 'Side', sides, true);
  r.timestamp(Tag.TransactTime, 'TransactTime', true);
  r.text(Tag.Text, 'Text', textLengthMax, false);
  if (r.fault) return undefined;
  return { clOrdId: clOrdId!, origClOrdId: origClOrdId!, symbol: symbol!, side: side!, ...(orderId !== undefined ? { orderId } : {}) };
}

export function parseCancel(message: FixMessage): Parsed<OrderRef> {
  const r = new Reader(message);
  const ref = readRef(r);
  r.lots(Tag.OrderQty, 'OrderQty', false);
  return r.result(() => ref!);
}

export function parseReplace(message: FixMessage): Parsed<ReplaceFields> {
  const r = new Reader(message);
  const ref = readRef(r);
  const qtyLots = r.lots(Tag.OrderQty, 'OrderQty', true);
  const ordType = r.oneOf<FixOrdType>(Tag.OrdType, 'OrdType', ordTypes, true);
  const price = r.price(Tag.Price, 'Price');
  r.price(Tag.StopPx, 'StopPx');
  r.oneOf(Tag.TimeInForce, 'TimeInForce', timesInForce, false);
  r.timestamp(Tag.ExpireTime, 'ExpireTime', false);
  r.oneOf(Tag.ExecInst, 'ExecInst', ['6'], false);
  if (ordType === '2' || ordType === '4') r.conditional(Tag.Price, 'Price', price, 'to replace a limit or stop-limit order');
  return r.result(() => ({ ...ref!, qtyLots: qtyLots!, ordType: ordType!, ...(price !== undefined ? { price } : {}) }));
}

export function parseMassCancel(message: FixMessage): Parsed<MassCancelFields> {
  const r = new Reader(message);
  const clOrdId = r.text(Tag.ClOrdID, 'ClOrdID', clOrdIdLengthMax, true);
  const requestType = r.text(Tag.MassCancelRequestType, 'MassCancelRequestType', 1, true);
  r.timestamp(Tag.TransactTime, 'TransactTime', true);
  const symbol = r.text(Tag.Symbol, 'Symbol', 32, false);
  r.oneOf(Tag.Side, 'Side', sides, false);
  r.text(Tag.Text, 'Text', textLengthMax, false);
  if (requestType === '1') r.conditional(Tag.Symbol, 'Symbol', symbol, 'for MassCancelRequestType 1 (by security)');
  return r.result(() => ({ clOrdId: clOrdId!, requestType: requestType!, ...(symbol !== undefined && requestType === '1' ? { symbol } : {}) }));
}

export function sessionReject(tag: number, reason: SessionRejectReason, text: string): SessionRejectFields {
  return { kind: 'sessionReject', tag, reason, text };
}
