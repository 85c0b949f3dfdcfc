// tag=value<SOH> messages: one complete frame in, fields out; fields in, one frame out. BodyLength (9) and
// CheckSum (10) are computed here and verified here. Values are ASCII (FIX 4.4 String fields); our Text is
// made ASCII before it is written, so byte length and character length are the same.
//
// Decoding separates two kinds of trouble, because FIX answers them differently:
// - garbled: the frame cannot be trusted (bad checksum, header not 8/9/35): it is ignored, its sequence number
//   is not consumed, and the gap it leaves is recovered by a ResendRequest;
// - a field problem (bad tag number, empty value, repeated tag): the frame is intact, so the message is
//   answered with a session Reject (3) naming the tag, once its MsgSeqNum is known.

import { assert } from '../../core/assert.js';
import { fieldsMax, valueBytesMax } from './limits.js';
import { SessionRejectReason, SOH, Tag, beginString } from './tags.js';

export type FixField = readonly [tag: number, value: string];

/** A decoded message: every field in wire order, 8/9/35 first and 10 last. Immutable once built. */
export interface FixMessage {
  readonly msgType: string;
  readonly fields: readonly FixField[];
}

export interface FieldProblem {
  readonly tag: number;
  readonly reason: SessionRejectReason;
  readonly text: string;
}

export type DecodeResult =
  | { readonly kind: 'message'; readonly message: FixMessage; readonly problem: FieldProblem | undefined }
  | { readonly kind: 'garbled'; readonly text: string };

const tagPattern = /^[1-9]\d{0,8}$/;

export function decodeFrame(frame: Buffer): DecodeResult {
  const text = frame.toString('latin1');
  if (!text.endsWith(SOH)) return garbled('message does not end with SOH');
  const expectedSum = checksumOf(frame, frame.length - 7);
  const parts = text.slice(0, -1).split(SOH);
  if (parts.length > fieldsMax) return garbled(`more than ${fieldsMax} fields`);
  const fields: FixField[] = [];
  let problem: FieldProblem | undefined;
  const seen = new Set<number>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    const tagText = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (!tagPattern.test(tagText)) {
      problem ??= { tag: 0, reason: SessionRejectReason.invalidTagNumber, text: `"${clip(tagText)}" is not a tag number` };
      continue;
    }
    const tag = Number(tagText);
    if (value.length === 0) {
      problem ??= { tag, reason: SessionRejectReason.tagSpecifiedWithoutValue, text: `tag ${tag} has no value` };
    } else if (value.length > valueBytesMax) {
      problem ??= { tag, reason: SessionRejectReason.valueIncorrect, text: `tag ${tag} is longer than ${valueBytesMax} bytes` };
    } else if (seen.has(tag)) {
      problem ??= { tag, reason: SessionRejectReason.tagAppearsMoreThanOnce, text: `tag ${tag} appears more than once` };
    }
    seen.add(tag);
    fields.push([tag, value]);
  }
  // The standard header must open the message in this order; otherwise nothing in it can be trusted.
  if (fields[0]?.[0] !== Tag.BeginString || fields[0][1] !== beginString) return garbled(`BeginString is not ${beginString}`);
  if (fields[1]?.[0] !== Tag.BodyLength) return garbled('BodyLength (9) is not the second field');
  if (fields[2]?.[0] !== Tag.MsgType || fields[2][1].length === 0) return garbled('MsgType (35) is not the third field');
  const last = fields[fields.length - 1];
  if (last?.[0] !== Tag.CheckSum) return garbled('CheckSum (10) is not the last field');
  if (!/^\d{3}$/.test(last[1]) || Number(last[1]) !== expectedSum) {
    return garbled(`CheckSum is ${last[1]}, computed ${formatChecksum(expectedSum)}`);
  }
  const bodyLength = frame.length - headerPrefixLength(fields[1][1]) - 7;
  if (Number(fields[1][1]) !== bodyLength) return garbled(`BodyLength is ${fields[1][1]}, counted ${bodyLength}`);
  return { kind: 'message', message: Object.freeze({ msgType: fields[2][1], fields: Object.freeze(fields) }), problem };
}

/** First value of a tag, or undefined. Messages are short (fieldsMax), so a scan is cheaper than an index. */
export function getField(message: FixMessage, tag: number): string | undefined {
  for (const [t, v] of message.fields) if (t === tag) return v;
  return undefined;
}

/**
 * Builds a frame: 8 and 9 first, then 35 and the given fields in order, then 10. Values must be ASCII without
 * SOH (asserted: it is our own output; text from elsewhere goes through asciiText first).
 */
export function encodeMessage(msgType: string, fields: readonly FixField[]): Buffer {
  let body = `${Tag.MsgType}=${msgType}${SOH}`;
  for (const [tag, value] of fields) {
    assert(value.length > 0 && !value.includes(SOH), `tag ${tag} value must be non-empty and without SOH`);
    assert(/^[\x20-\x7e]*$/.test(value), `tag ${tag} value must be printable ASCII`);
    body += `${tag}=${value}${SOH}`;
  }
  const head = `${Tag.BeginString}=${beginString}${SOH}${Tag.BodyLength}=${body.length}${SOH}`;
  const withoutTrailer = Buffer.from(head + body, 'latin1');
  const sum = checksumOf(withoutTrailer, withoutTrailer.length);
  return Buffer.concat([withoutTrailer, Buffer.from(`${Tag.CheckSum}=${formatChecksum(sum)}${SOH}`, 'latin1')]);
}

/** Free text from the exchange or a client made safe for a FIX String field. */
export function asciiText(text: string, lengthMax: number): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?').slice(0, lengthMax);
  return clean.length > 0 ? clean : '-';
}

export function checksumOf(bytes: Uint8Array, end: number): number {
  let sum = 0;
  for (let i = 0; i < end; i++) sum += bytes[i]!;
  return sum % 256;
}

export function formatChecksum(sum: number): string {
  return String(sum).padStart(3, '0');
}

/** Length of "8=FIX.4.4|9=NNN|", the part BodyLength does not count. */
function headerPrefixLength(bodyLengthText: string): number {
  return `8=${beginString}${SOH}9=${bodyLengthText}${SOH}`.length;
}

function garbled(text: string): DecodeResult {
  return { kind: 'garbled', text };
}

function clip(text: string): string {
  return asciiText(text, 20);
}
