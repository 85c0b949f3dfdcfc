// The session layer's one state table: for each state, what an inbound message of each type does. Every
// behaviour of the session is reached through this table (session.ts implements the named actions), so the
// protocol can be read here in one place.
//
// Sequence-number checks (gap -> ResendRequest, too low -> Logout unless PossDup) run before the action in the
// states marked `sequenced`; the action runs only for the message whose MsgSeqNum is the one expected.

import { MsgType } from './tags.js';

export type SessionState = 'awaitingLogon' | 'authenticating' | 'active' | 'loggingOut' | 'closed';

export type SessionAction =
  | 'logon' // authenticate, open the counterparty's store, answer Logon
  | 'queue' // hold the frame until authentication ends (bounded)
  | 'disconnect' // first message was not a Logon: drop the connection without a word (FIX 4.4 Vol 2)
  | 'heartbeat' // clears a pending TestRequest if it echoes its TestReqID
  | 'testRequest' // answer with a Heartbeat echoing TestReqID
  | 'resendRequest' // replay application messages, gap-fill admin ones
  | 'peerReject' // the peer rejected one of ours: logged, nothing else
  | 'sequenceReset' // GapFill or Reset: move the expected inbound seq forward
  | 'logout' // answer Logout, then disconnect
  | 'logoutConfirmed' // the answer to our Logout: disconnect
  | 'logonAgain' // a second Logon on a live session: Reject, then Logout
  | 'application' // D, F, G, q to the FixApplication; other application types: BusinessMessageReject
  | 'ignore';

export type InboundKind = MsgType | 'otherApplication';

/** Message types the table distinguishes; anything else is 'otherApplication'. */
export function inboundKind(msgType: string): InboundKind {
  return (msgTypes as readonly string[]).includes(msgType) ? (msgType as MsgType) : 'otherApplication';
}

const msgTypes = Object.values(MsgType);

const all = (action: SessionAction): Record<InboundKind, SessionAction> =>
  Object.fromEntries([...msgTypes, 'otherApplication'].map((k) => [k, action])) as Record<InboundKind, SessionAction>;

export const sessionTable: Readonly<Record<SessionState, { readonly sequenced: boolean; readonly on: Readonly<Record<InboundKind, SessionAction>> }>> = {
  awaitingLogon: { sequenced: false, on: { ...all('disconnect'), [MsgType.Logon]: 'logon' } },
  authenticating: { sequenced: false, on: all('queue') },
  active: {
    sequenced: true,
    on: {
      ...all('application'),
      [MsgType.Logon]: 'logonAgain',
      [MsgType.Heartbeat]: 'heartbeat',
      [MsgType.TestRequest]: 'testRequest',
      [MsgType.ResendRequest]: 'resendRequest',
      [MsgType.Reject]: 'peerReject',
      [MsgType.SequenceReset]: 'sequenceReset',
      [MsgType.Logout]: 'logout',
    },
  },
  // After our Logout the peer may still fill gaps or ask for resends before it confirms; new orders are ignored.
  loggingOut: {
    sequenced: true,
    on: {
      ...all('ignore'),
      [MsgType.ResendRequest]: 'resendRequest',
      [MsgType.SequenceReset]: 'sequenceReset',
      [MsgType.TestRequest]: 'testRequest',
      [MsgType.Logout]: 'logoutConfirmed',
    },
  },
  closed: { sequenced: false, on: all('ignore') },
};
