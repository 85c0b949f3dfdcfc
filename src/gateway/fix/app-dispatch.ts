// From a checked application message to the FixApplication call and back to FIX bodies. The session decides
// when the call runs (one at a time per session, in MsgSeqNum order); this file decides what it means.

import type { FixMessage } from './codec.js';
import type { FixAnswer, FixApplication, FixReport } from './application.js';
import { getField } from './codec.js';
import { parseCancel, parseMassCancel, parseNewOrder, parseReplace, type Parsed } from './inbound.js';
import { businessReject, cancelReject, executionReport, massCancelReport, sessionRejectBody, type OutboundBody } from './reports.js';
import { BusinessRejectReason, fix44MsgTypes, MsgType, SessionRejectReason, Tag } from './tags.js';

export type Dispatch =
  | { readonly kind: 'answer'; readonly bodies: readonly OutboundBody[] }
  | { readonly kind: 'call'; readonly run: () => Promise<readonly OutboundBody[]> };

export function dispatch(application: FixApplication, accountId: number, message: FixMessage, seq: number, massCancelId: () => string): Dispatch {
  const t = message.msgType;
  const refId = getField(message, Tag.ClOrdID);
  const refuse = <T>(parsed: Parsed<T>): Dispatch | undefined => {
    if (parsed.kind === 'sessionReject') return answer(sessionRejectBody(seq, t, parsed.tag, parsed.reason, parsed.text));
    if (parsed.kind === 'businessReject') return answer(businessReject(seq, t, refId, parsed));
    return undefined;
  };
  switch (t) {
    case MsgType.NewOrderSingle: {
      const parsed = parseNewOrder(message);
      if (parsed.kind !== 'ok') return refuse(parsed)!;
      return call(seq, t, refId, () => application.newOrder(accountId, parsed.value));
    }
    case MsgType.OrderCancelRequest: {
      const parsed = parseCancel(message);
      if (parsed.kind !== 'ok') return refuse(parsed)!;
      return call(seq, t, refId, () => application.cancel(accountId, parsed.value));
    }
    case MsgType.OrderCancelReplaceRequest: {
      const parsed = parseReplace(message);
      if (parsed.kind !== 'ok') return refuse(parsed)!;
      return call(seq, t, refId, () => application.replace(accountId, parsed.value));
    }
    case MsgType.OrderMassCancelRequest: {
      const parsed = parseMassCancel(message);
      if (parsed.kind !== 'ok') return refuse(parsed)!;
      const { clOrdId, requestType, symbol } = parsed.value;
      if (requestType !== '1' && requestType !== '7') {
        return answer(massCancelReport(clOrdId, requestType, symbol, { kind: 'massCancel', response: '0', rejectReason: 0, affectedOrders: 0, text: `MassCancelRequestType ${requestType} is not supported (1 by symbol, 7 all orders)`, reports: [] }, massCancelId()));
      }
      return {
        kind: 'call',
        run: async () => {
          try {
            const result = await application.massCancel(accountId, symbol === undefined ? { clOrdId } : { clOrdId, symbol });
            return [massCancelReport(clOrdId, requestType, symbol, result, massCancelId()), ...result.reports.map(reportBody)];
          } catch (error) {
            return [unavailable(seq, t, refId, error)];
          }
        },
      };
    }
    default:
      // A type FIX 4.4 does not define is a session-level fault; a defined one we do not handle is a business one.
      if (!fix44MsgTypes.has(t)) return answer(sessionRejectBody(seq, t, Tag.MsgType, SessionRejectReason.invalidMsgType, `MsgType ${t} is not a FIX 4.4 message type`));
      return answer(businessReject(seq, t, refId, { kind: 'businessReject', reason: BusinessRejectReason.unsupportedMessageType, text: `MsgType ${t} is not supported by this gateway (D, F, G, q are)` }));
  }
}

export function reportBody(report: FixReport): OutboundBody {
  return report.kind === 'execution' ? executionReport(report) : cancelReject(report);
}

function answer(body: OutboundBody): Dispatch {
  return { kind: 'answer', bodies: [body] };
}

function call(seq: number, msgType: string, refId: string | undefined, request: () => Promise<FixAnswer>): Dispatch {
  return {
    kind: 'call',
    run: async () => {
      try {
        const result = await request();
        if ('kind' in result) return [businessReject(seq, msgType, refId, result)];
        return result.reports.map(reportBody);
      } catch (error) {
        return [unavailable(seq, msgType, refId, error)];
      }
    },
  };
}

function unavailable(seq: number, msgType: string, refId: string | undefined, error: unknown): OutboundBody {
  // The cause stays in our log (the caller logs it); the client learns only that it should retry later.
  void error;
  const text = 'the exchange could not process the request; try again later';
  return businessReject(seq, msgType, refId, { kind: 'businessReject', reason: BusinessRejectReason.applicationNotAvailable, text });
}
