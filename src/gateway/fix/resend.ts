// The answer to a ResendRequest (2): our stored application messages again, with PossDupFlag (43=Y),
// OrigSendingTime (122, the first SendingTime) and a fresh SendingTime, under their original MsgSeqNum; admin
// messages, and messages no longer kept, are skipped with SequenceReset-GapFill (35=4, 123=Y, 36=next seq).
// Consecutive skipped messages make one GapFill. Nothing here is stored again: these frames reuse old numbers.

import { decodeFrame, encodeMessage, type FixField } from './codec.js';
import { header } from './counterparty.js';
import { resendMessagesMax } from './limits.js';
import type { FixSessionStore } from './store.js';
import { isAdminMsgType, MsgType, Tag } from './tags.js';
import { assert } from '../../core/assert.js';

export function resendFrames(store: FixSessionStore, compId: string, beginSeq: number, endSeqAsked: number, nowMicros: number): Buffer[] {
  const lastSent = store.nextSenderSeq() - 1;
  // EndSeqNo 0 means "everything after BeginSeqNo" (FIX 4.4); a number past our last is read the same way.
  const endSeq = endSeqAsked === 0 || endSeqAsked > lastSent ? lastSent : endSeqAsked;
  const out: Buffer[] = [];
  if (beginSeq > endSeq) return out;
  let cursor = beginSeq;
  let replayed = 0;
  for (const kept of store.sent(beginSeq, endSeq)) {
    const decoded = decodeFrame(kept.frame);
    assert(decoded.kind === 'message', `stored frame ${kept.seq} does not decode`);
    const message = decoded.message;
    if (isAdminMsgType(message.msgType) || replayed >= resendMessagesMax) continue;
    if (kept.seq > cursor) out.push(gapFill(compId, cursor, kept.seq, nowMicros));
    out.push(possDup(message.msgType, message.fields, nowMicros));
    replayed++;
    cursor = kept.seq + 1;
  }
  // Past resendMessagesMax the rest is gap-filled: the client learns the numbers moved on, not what they held.
  if (cursor <= endSeq) out.push(gapFill(compId, cursor, endSeq + 1, nowMicros));
  return out;
}

function gapFill(compId: string, seq: number, newSeq: number, nowMicros: number): Buffer {
  const fields = header(compId, seq, nowMicros);
  return encodeMessage(MsgType.SequenceReset, [
    ...fields,
    [Tag.PossDupFlag, 'Y'],
    [Tag.OrigSendingTime, fields[3]![1]],
    [Tag.GapFillFlag, 'Y'],
    [Tag.NewSeqNo, String(newSeq)],
  ]);
}

function possDup(msgType: string, fields: readonly FixField[], nowMicros: number): Buffer {
  const out: FixField[] = [];
  let origSendingTime = '';
  for (const [tag, value] of fields.slice(3, -1)) {
    if (tag === Tag.SendingTime) {
      origSendingTime = value;
      out.push([Tag.SendingTime, header('', 0, nowMicros)[3]![1]], [Tag.PossDupFlag, 'Y'], [Tag.OrigSendingTime, value]);
    } else {
      out.push([tag, value]);
    }
  }
  assert(origSendingTime !== '', 'stored frame has no SendingTime');
  return encodeMessage(msgType, out);
}
