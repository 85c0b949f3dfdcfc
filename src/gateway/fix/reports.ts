// Application answers as FIX bodies (the fields after the standard header): ExecutionReport (8),
// OrderCancelReject (9), OrderMassCancelReport (r), BusinessMessageReject (j). Field order follows the FIX 4.4
// message layouts, which QuickFIX checks when it validates against its data dictionary.

import type { FixField } from './codec.js';
import { asciiText } from './codec.js';
import type { BusinessRejectFields, CancelRejectFields, ExecutionReportFields, MassCancelAnswer } from './application.js';
import { clOrdIdLengthMax, textLengthMax } from './limits.js';
import { MsgType, Tag } from './tags.js';
import { formatUtcTimestamp } from './time.js';
import type { TsMicros } from '../../core/units.js';

export interface OutboundBody {
  readonly msgType: string;
  readonly fields: readonly FixField[];
}

export function executionReport(r: ExecutionReportFields): OutboundBody {
  const f: FixField[] = [[Tag.OrderID, r.orderId], [Tag.ClOrdID, safeId(r.clOrdId)]];
  if (r.origClOrdId !== undefined) f.push([Tag.OrigClOrdID, safeId(r.origClOrdId)]);
  f.push([Tag.ExecID, r.execId], [Tag.ExecType, r.execType], [Tag.OrdStatus, r.ordStatus]);
  if (r.ordRejReason !== undefined) f.push([Tag.OrdRejReason, String(r.ordRejReason)]);
  f.push([Tag.Symbol, safeId(r.symbol)], [Tag.Side, r.side]);
  if (r.orderQtyLots > 0) f.push([Tag.OrderQty, String(r.orderQtyLots)]);
  if (r.ordType !== undefined) f.push([Tag.OrdType, r.ordType]);
  if (r.price !== undefined) f.push([Tag.Price, r.price]);
  if (r.stopPx !== undefined) f.push([Tag.StopPx, r.stopPx]);
  if (r.timeInForce !== undefined) f.push([Tag.TimeInForce, r.timeInForce]);
  if (r.lastQtyLots !== undefined && r.lastPx !== undefined) f.push([Tag.LastQty, String(r.lastQtyLots)], [Tag.LastPx, r.lastPx]);
  f.push(
    [Tag.LeavesQty, String(r.leavesQtyLots)],
    [Tag.CumQty, String(r.cumQtyLots)],
    [Tag.AvgPx, r.avgPx],
    [Tag.TransactTime, formatUtcTimestamp(r.transactTsMicros as TsMicros)],
  );
  if (r.text !== undefined) f.push([Tag.Text, asciiText(r.text, textLengthMax)]);
  return { msgType: MsgType.ExecutionReport, fields: f };
}

export function cancelReject(r: CancelRejectFields): OutboundBody {
  return {
    msgType: MsgType.OrderCancelReject,
    fields: [
      [Tag.OrderID, r.orderId],
      [Tag.ClOrdID, safeId(r.clOrdId)],
      [Tag.OrigClOrdID, safeId(r.origClOrdId)],
      [Tag.OrdStatus, r.ordStatus],
      [Tag.CxlRejResponseTo, r.responseTo],
      [Tag.CxlRejReason, String(r.cxlRejReason)],
      [Tag.Text, asciiText(r.text, textLengthMax)],
    ],
  };
}

export function massCancelReport(clOrdId: string, requestType: string, symbol: string | undefined, a: MassCancelAnswer, reportId: string): OutboundBody {
  const f: FixField[] = [
    [Tag.ClOrdID, safeId(clOrdId)],
    [Tag.OrderID, reportId],
    [Tag.MassCancelRequestType, requestType],
    [Tag.MassCancelResponse, a.response],
  ];
  if (a.rejectReason !== undefined) f.push([Tag.MassCancelRejectReason, String(a.rejectReason)]);
  f.push([Tag.TotalAffectedOrders, String(a.affectedOrders)]);
  if (symbol !== undefined) f.push([Tag.Symbol, safeId(symbol)]);
  if (a.text !== undefined) f.push([Tag.Text, asciiText(a.text, textLengthMax)]);
  return { msgType: MsgType.OrderMassCancelReport, fields: f };
}

export function businessReject(refSeqNum: number, refMsgType: string, refId: string | undefined, r: BusinessRejectFields): OutboundBody {
  const f: FixField[] = [[Tag.RefSeqNum, String(refSeqNum)], [Tag.RefMsgType, asciiText(refMsgType, 4)]];
  if (refId !== undefined) f.push([Tag.BusinessRejectRefID, safeId(refId)]);
  f.push([Tag.BusinessRejectReason, String(r.reason)], [Tag.Text, asciiText(r.text, textLengthMax)]);
  return { msgType: MsgType.BusinessMessageReject, fields: f };
}

/** Identifiers echo what the client sent; they were validated on the way in, this only guards our own output. */
function safeId(id: string): string {
  return asciiText(id, clOrdIdLengthMax);
}

export function sessionRejectBody(refSeqNum: number, refMsgType: string, tag: number, reason: number, text: string): OutboundBody {
  const f: FixField[] = [[Tag.RefSeqNum, String(refSeqNum)]];
  if (tag > 0) f.push([Tag.RefTagID, String(tag)]);
  f.push([Tag.RefMsgType, asciiText(refMsgType, 4)], [Tag.SessionRejectReason, String(reason)], [Tag.Text, asciiText(text, textLengthMax)]);
  return { msgType: MsgType.Reject, fields: f };
}
