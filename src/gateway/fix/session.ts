// One FIX 4.4 session over one connection, as the acceptor (we never initiate). Bytes in through receive(),
// frames out through io.write(); time only from the injected clock, advanced by tick(). What each inbound
// message does is looked up in session-table.ts; this file holds the actions and the sequence checks.

import type { FixApplication } from './application.js';
import { dispatch } from './app-dispatch.js';
import { asciiText, decodeFrame, encodeMessage, getField, type FieldProblem, type FixMessage } from './codec.js';
import { header, type Counterparty, type CounterpartyRegistry, type Link } from './counterparty.js';
import { FixFramer } from './framer.js';
import { unknownTag } from './inbound.js';
import {
  compIdLengthMax, garbledMessagesMax, heartBtIntSecondsMax, heartBtIntSecondsMin, logonTimeoutMicros, logoutTimeoutMicros,
  passwordLengthMax, pendingRequestsMax, sendingTimeSkewMicrosMax, seqNumMax, testRequestDelayPercent, textLengthMax,
} from './limits.js';
import { sessionRejectBody, type OutboundBody } from './reports.js';
import { resendFrames } from './resend.js';
import { inboundKind, sessionTable, type SessionAction, type SessionState } from './session-table.js';
import { compIdPattern } from './store.js';
import { exchangeCompId, MsgType, SessionRejectReason, Tag } from './tags.js';
import { parseUtcTimestamp } from './time.js';

export interface SessionIo {
  write(frame: Buffer): void;
  /** Ends the connection after pending writes. */
  close(): void;
}

export type SessionLog = (event: string, detail: Record<string, unknown>) => void;

export interface SessionDeps {
  readonly application: FixApplication;
  readonly registry: CounterpartyRegistry;
  readonly clock: () => number;
  readonly io: SessionIo;
  readonly log?: SessionLog;
}

/** Frames a peer may send before its Logon is authenticated; a client waits for our Logon, so one is normal. */
const framesQueuedMax = 8;
const seqPattern = /^[1-9]\d{0,9}$/;

export class FixSession implements Link {
  private stateNow: SessionState = 'awaitingLogon';
  private readonly framer = new FixFramer();
  private party: Counterparty | undefined;
  private heartBtIntMicros = 30_000_000;
  private readonly connectedMicros: number;
  private lastReceivedMicros: number;
  private lastSentMicros: number;
  private testRequestId: string | undefined;
  private testRequestSentMicros = 0;
  private logoutSentMicros = 0;
  /** While > 0: we sent a ResendRequest and discard messages above the expected seq until this one arrives. */
  private resendUntilSeq = 0;
  private resendBeginSeq = 0;
  private garbled = 0;
  private queued: Buffer[] = [];
  private pendingRequests = 0;
  private appChain: Promise<void> = Promise.resolve();
  private massCancelIds = 0;

  constructor(private readonly deps: SessionDeps) {
    this.connectedMicros = deps.clock();
    this.lastReceivedMicros = this.connectedMicros;
    this.lastSentMicros = this.connectedMicros;
  }

  get state(): SessionState {
    return this.stateNow;
  }

  get compId(): string | undefined {
    return this.party?.compId;
  }

  /** Resolves when every application request received so far has been answered (for tests and shutdown). */
  idle(): Promise<void> {
    return this.appChain;
  }

  receive(chunk: Buffer): void {
    if (this.stateNow === 'closed') return;
    for (const out of this.framer.push(chunk)) {
      if (out.kind === 'fatal') return this.fail(out.text);
      this.onFrame(out.frame);
      if (this.isClosed()) return;
    }
  }

  /** Heartbeats, TestRequests and the logon/logout timeouts; the server calls it about once a second. */
  tick(): void {
    const now = this.deps.clock();
    switch (this.stateNow) {
      case 'awaitingLogon':
      case 'authenticating':
        if (now - this.connectedMicros > logonTimeoutMicros) this.close('no Logon in time');
        return;
      case 'loggingOut':
        if (now - this.logoutSentMicros > logoutTimeoutMicros) this.close('no Logout answer in time');
        return;
      case 'active': {
        const silence = now - this.lastReceivedMicros;
        const patience = (this.heartBtIntMicros * testRequestDelayPercent) / 100;
        if (this.testRequestId !== undefined && now - this.testRequestSentMicros > patience) {
          return this.logout(`no answer to TestRequest ${this.testRequestId}`, true);
        }
        if (this.testRequestId === undefined && silence > patience) {
          this.testRequestId = `TEST-${now}`;
          this.testRequestSentMicros = now;
          this.send({ msgType: MsgType.TestRequest, fields: [[Tag.TestReqID, this.testRequestId]] });
        } else if (now - this.lastSentMicros >= this.heartBtIntMicros) {
          this.send({ msgType: MsgType.Heartbeat, fields: [] });
        }
        return;
      }
      case 'closed':
        return;
    }
  }

  /** The connection went away (the peer closed it, or the network did). */
  disconnected(): void {
    this.close('connection closed');
  }

  /** Link: the counterparty writes through us only while we are logged on. */
  write(frame: Buffer): boolean {
    if (this.stateNow !== 'active' && this.stateNow !== 'loggingOut') return false;
    this.deps.io.write(frame);
    this.lastSentMicros = this.deps.clock();
    return true;
  }

  // --- inbound ------------------------------------------------------------------------------------------------

  private onFrame(frame: Buffer): void {
    if (this.stateNow === 'authenticating') {
      if (this.queued.length >= framesQueuedMax) return this.fail('too many messages before the Logon was answered');
      this.queued.push(frame);
      return;
    }
    const decoded = decodeFrame(frame);
    if (decoded.kind === 'garbled') {
      // FIX: a garbled message is ignored and its MsgSeqNum not consumed; the gap is recovered by a resend.
      this.garbled++;
      this.logEvent('garbled', { text: decoded.text });
      if (this.garbled > garbledMessagesMax) this.fail(`more than ${garbledMessagesMax} garbled messages`);
      return;
    }
    this.lastReceivedMicros = this.deps.clock();
    const message = decoded.message;
    const row = sessionTable[this.stateNow];
    const action = row.on[inboundKind(message.msgType)];
    if (!row.sequenced) return this.run(action, message, decoded.problem, 0);
    const seq = this.checkHeader(message);
    if (seq === undefined) return;
    if (message.msgType === MsgType.SequenceReset && getField(message, Tag.GapFillFlag) !== 'Y') {
      return this.sequenceReset(message, seq, false); // Reset mode ignores MsgSeqNum (FIX 4.4 Vol 2).
    }
    const expected = this.party!.store.nextTargetSeq();
    if (seq > expected) return this.gap(message, expected, seq);
    if (seq < expected) return this.tooLow(message, expected, seq);
    if (this.resendUntilSeq > 0 && seq >= this.resendUntilSeq) this.resendUntilSeq = 0;
    if (getField(message, Tag.PossDupFlag) === 'Y' && getField(message, Tag.OrigSendingTime) === undefined) {
      return this.reject(seq, message.msgType, Tag.OrigSendingTime, SessionRejectReason.requiredTagMissing, 'OrigSendingTime (122) is required with PossDupFlag Y');
    }
    if (decoded.problem) return this.reject(seq, message.msgType, decoded.problem.tag, decoded.problem.reason, decoded.problem.text);
    const unknown = unknownTag(message);
    if (unknown) return this.reject(seq, message.msgType, unknown.tag, unknown.reason, unknown.text);
    this.run(action, message, undefined, seq);
  }

  /** MsgSeqNum, CompIDs and SendingTime of a message on a logged-on session; undefined when it was answered. */
  private checkHeader(message: FixMessage): number | undefined {
    const seqText = getField(message, Tag.MsgSeqNum);
    if (seqText === undefined || !seqPattern.test(seqText) || Number(seqText) > seqNumMax) {
      this.logout('MsgSeqNum (34) is missing or not a positive number', true);
      return undefined;
    }
    const seq = Number(seqText);
    if (getField(message, Tag.SenderCompID) !== this.party!.compId || getField(message, Tag.TargetCompID) !== exchangeCompId) {
      const tag = getField(message, Tag.TargetCompID) !== exchangeCompId ? Tag.TargetCompID : Tag.SenderCompID;
      this.reject(seq, message.msgType, tag, SessionRejectReason.compIdProblem, `CompID problem: expected SenderCompID ${this.party!.compId} and TargetCompID ${exchangeCompId}`);
      this.logout('CompID problem', false);
      return undefined;
    }
    const sendingTime = parseUtcTimestamp(getField(message, Tag.SendingTime) ?? '');
    if (sendingTime === undefined || Math.abs(sendingTime - this.deps.clock()) > sendingTimeSkewMicrosMax) {
      this.reject(seq, message.msgType, Tag.SendingTime, SessionRejectReason.sendingTimeAccuracyProblem, 'SendingTime (52) is missing or too far from our clock');
      this.logout('SendingTime accuracy problem', false);
      return undefined;
    }
    return seq;
  }

  private gap(message: FixMessage, expected: number, seq: number): void {
    // A ResendRequest is answered even across a gap, or two sessions that both lost messages would wait forever.
    if (message.msgType === MsgType.ResendRequest) this.resendRequest(message, 0);
    if (message.msgType === MsgType.Logout) return this.logout(`MsgSeqNum ${seq} is above the expected ${expected}`, true);
    if (this.resendUntilSeq > 0 && this.resendBeginSeq === expected) {
      this.resendUntilSeq = Math.max(this.resendUntilSeq, seq);
      return;
    }
    this.resendBeginSeq = expected;
    this.resendUntilSeq = seq;
    // EndSeqNo 0: "everything from BeginSeqNo", so the message we drop here comes back in the replay.
    this.send({ msgType: MsgType.ResendRequest, fields: [[Tag.BeginSeqNo, String(expected)], [Tag.EndSeqNo, '0']] });
  }

  private tooLow(message: FixMessage, expected: number, seq: number): void {
    if (getField(message, Tag.PossDupFlag) !== 'Y') return this.logout(`MsgSeqNum too low, expecting ${expected} but received ${seq}`, true);
    const orig = parseUtcTimestamp(getField(message, Tag.OrigSendingTime) ?? '');
    const sent = parseUtcTimestamp(getField(message, Tag.SendingTime) ?? '');
    if (orig !== undefined && sent !== undefined && orig > sent) {
      this.reject(seq, message.msgType, Tag.OrigSendingTime, SessionRejectReason.sendingTimeAccuracyProblem, 'OrigSendingTime (122) is after SendingTime (52)');
      this.logout('SendingTime accuracy problem', false);
    }
    // Otherwise a duplicate of something already processed: ignored, as FIX prescribes.
  }

  private run(action: SessionAction, message: FixMessage, problem: FieldProblem | undefined, seq: number): void {
    switch (action) {
      case 'logon': return this.logon(message, problem);
      case 'disconnect': return this.close(`first message was MsgType ${message.msgType}, not Logon`);
      case 'queue':
      case 'ignore': return this.consume(seq);
      case 'heartbeat':
        if (this.testRequestId !== undefined && getField(message, Tag.TestReqID) === this.testRequestId) this.testRequestId = undefined;
        return this.consume(seq);
      case 'testRequest': {
        const id = getField(message, Tag.TestReqID);
        if (id === undefined) return this.reject(seq, message.msgType, Tag.TestReqID, SessionRejectReason.requiredTagMissing, 'TestReqID (112) is required');
        this.consume(seq);
        return this.send({ msgType: MsgType.Heartbeat, fields: [[Tag.TestReqID, id]] });
      }
      case 'resendRequest': return this.resendRequest(message, seq);
      case 'peerReject':
        this.logEvent('peer rejected', { refSeqNum: getField(message, Tag.RefSeqNum), text: getField(message, Tag.Text) });
        return this.consume(seq);
      case 'sequenceReset': return this.sequenceReset(message, seq, true);
      case 'logout':
        this.consume(seq);
        this.send({ msgType: MsgType.Logout, fields: [] });
        return this.close('peer logged out');
      case 'logoutConfirmed':
        this.consume(seq);
        return this.close('logout confirmed');
      case 'logonAgain':
        this.reject(seq, message.msgType, Tag.MsgType, SessionRejectReason.other, 'already logged on');
        return this.logout('a second Logon on a live session', false);
      case 'application': return this.application(message, seq);
    }
  }

  private consume(seq: number): void {
    if (seq > 0) this.party!.store.setNextTargetSeq(seq + 1);
  }

  // --- logon --------------------------------------------------------------------------------------------------

  private logon(message: FixMessage, problem: FieldProblem | undefined): void {
    const compId = getField(message, Tag.SenderCompID) ?? '';
    const refuse = (text: string): void => this.refuseLogon(compId, text);
    if (problem) return refuse(`Logon refused: ${problem.text}`);
    if (!compIdPattern.test(compId) || compId.length > compIdLengthMax) return refuse('Logon refused: SenderCompID (49) must be 1 to 32 of A-Z a-z 0-9 _ . -');
    if (getField(message, Tag.TargetCompID) !== exchangeCompId) return refuse(`Logon refused: TargetCompID (56) must be ${exchangeCompId}`);
    const seqText = getField(message, Tag.MsgSeqNum) ?? '';
    if (!seqPattern.test(seqText) || Number(seqText) > seqNumMax) return refuse('Logon refused: MsgSeqNum (34) is missing or not a positive number');
    const sendingTime = parseUtcTimestamp(getField(message, Tag.SendingTime) ?? '');
    if (sendingTime === undefined || Math.abs(sendingTime - this.deps.clock()) > sendingTimeSkewMicrosMax) return refuse('Logon refused: SendingTime (52) is missing or too far from our clock');
    if ((getField(message, Tag.EncryptMethod) ?? '') !== '0') return refuse('Logon refused: EncryptMethod (98) must be 0 (none)');
    const heartBtInt = getField(message, Tag.HeartBtInt) ?? '';
    if (!/^\d{1,4}$/.test(heartBtInt) || Number(heartBtInt) < heartBtIntSecondsMin || Number(heartBtInt) > heartBtIntSecondsMax) {
      return refuse(`Logon refused: HeartBtInt (108) must be ${heartBtIntSecondsMin} to ${heartBtIntSecondsMax} seconds`);
    }
    const password = getField(message, Tag.Password);
    if (password === undefined || password.length > passwordLengthMax) return refuse('Logon refused: Password (554) is required');
    const resetFlag = getField(message, Tag.ResetSeqNumFlag) ?? 'N';
    if (resetFlag !== 'Y' && resetFlag !== 'N') return refuse('Logon refused: ResetSeqNumFlag (141) must be Y or N');
    this.stateNow = 'authenticating';
    const finish = (result: { accountId: number } | { error: string }): void => {
      if (this.stateNow !== 'authenticating') return; // the connection closed meanwhile
      if ('error' in result) return refuse(`Logon refused: ${result.error}`);
      this.loggedOn(compId, result.accountId, Number(seqText), Number(heartBtInt), resetFlag === 'Y');
    };
    Promise.resolve()
      .then(() => this.deps.application.authenticate(compId, password))
      .then(finish, (error: unknown) => {
        this.logEvent('authentication failed', { error: String(error) });
        finish({ error: 'authentication is not available, try again later' });
      });
  }

  private loggedOn(compId: string, accountId: number, seq: number, heartBtInt: number, reset: boolean): void {
    const party = this.deps.registry.open(compId, accountId);
    if (!party) return this.refuseLogon(compId, 'Logon refused: this SenderCompID belongs to another account');
    if (party.link !== undefined) return this.refuseLogon(compId, `Logon refused: ${compId} is already logged on`);
    this.party = party;
    this.heartBtIntMicros = heartBtInt * 1_000_000;
    if (reset) party.store.reset();
    const expected = party.store.nextTargetSeq();
    party.link = this;
    this.stateNow = 'active';
    this.logEvent('logon', { compId, accountId, seq, expected, reset });
    if (seq < expected) return this.logout(`MsgSeqNum too low, expecting ${expected} but received ${seq}`, true);
    this.send({ msgType: MsgType.Logon, fields: [[Tag.EncryptMethod, '0'], [Tag.HeartBtInt, String(heartBtInt)], ...(reset ? [[Tag.ResetSeqNumFlag, 'Y'] as const] : [])] });
    if (seq > expected) this.gap({ msgType: MsgType.Logon, fields: [] }, expected, seq);
    else this.consume(seq);
    const queued = this.queued;
    this.queued = [];
    for (const frame of queued) if (!this.isClosed()) this.onFrame(frame);
  }

  /** A Logout outside any session (no store, no sequence to spend), then the connection is closed. */
  private refuseLogon(compId: string, text: string): void {
    this.logEvent('logon refused', { compId, text });
    const target = compIdPattern.test(compId) ? compId : 'UNKNOWN';
    this.deps.io.write(encodeMessage(MsgType.Logout, [...header(target, 1, this.deps.clock()), [Tag.Text, asciiText(text, textLengthMax)]]));
    this.close(text);
  }

  // --- admin actions ------------------------------------------------------------------------------------------

  private resendRequest(message: FixMessage, seq: number): void {
    const begin = getField(message, Tag.BeginSeqNo) ?? '';
    const end = getField(message, Tag.EndSeqNo) ?? '';
    if (!seqPattern.test(begin)) return this.reject(seq, message.msgType, Tag.BeginSeqNo, SessionRejectReason.valueIncorrect, 'BeginSeqNo (7) must be a positive number');
    if (!/^(0|[1-9]\d{0,9})$/.test(end) || (end !== '0' && Number(end) < Number(begin))) {
      return this.reject(seq, message.msgType, Tag.EndSeqNo, SessionRejectReason.valueIncorrect, 'EndSeqNo (16) must be 0 or at least BeginSeqNo');
    }
    this.consume(seq);
    const frames = resendFrames(this.party!.store, this.party!.compId, Number(begin), Number(end), this.deps.clock());
    this.logEvent('resend', { begin, end, frames: frames.length });
    for (const frame of frames) this.write(frame);
  }

  private sequenceReset(message: FixMessage, seq: number, gapFill: boolean): void {
    const newSeqText = getField(message, Tag.NewSeqNo) ?? '';
    const expected = this.party!.store.nextTargetSeq();
    if (!seqPattern.test(newSeqText) || Number(newSeqText) > seqNumMax) {
      return this.reject(seq, message.msgType, Tag.NewSeqNo, SessionRejectReason.requiredTagMissing, 'NewSeqNo (36) is required and must be a positive number');
    }
    const newSeq = Number(newSeqText);
    if (newSeq < expected || (gapFill && newSeq === expected)) {
      // Rejected without consuming: in Reset mode seq is meaningless, in GapFill mode it is the expected one.
      const text = `NewSeqNo (36) ${newSeq} would move the expected MsgSeqNum back from ${expected}`;
      this.send(sessionRejectBody(seq, message.msgType, Tag.NewSeqNo, SessionRejectReason.valueIncorrect, text));
      if (gapFill) this.consume(seq);
      return;
    }
    this.party!.store.setNextTargetSeq(newSeq);
    if (this.resendUntilSeq > 0 && newSeq > this.resendUntilSeq) this.resendUntilSeq = 0;
  }

  private application(message: FixMessage, seq: number): void {
    this.consume(seq);
    if (this.pendingRequests >= pendingRequestsMax) return this.logout(`more than ${pendingRequestsMax} requests waiting for the exchange`, false);
    const party = this.party!;
    const step = dispatch(this.deps.application, party.accountId, message, seq, () => `MC-${party.compId}-${++this.massCancelIds}`);
    if (step.kind === 'answer') {
      for (const body of step.bodies) this.send(body);
      return;
    }
    // One request at a time per session, in MsgSeqNum order: the client's reports come back in the order it sent.
    this.pendingRequests++;
    this.appChain = this.appChain.then(async () => {
      const bodies = await step.run();
      this.pendingRequests--;
      for (const body of bodies) if (!party.closed) party.send(body);
    });
  }

  // --- outbound and endings -----------------------------------------------------------------------------------

  private send(body: OutboundBody): void {
    this.party?.send(body);
  }

  private reject(seq: number, msgType: string, tag: number, reason: number, text: string): void {
    this.consume(seq);
    this.send(sessionRejectBody(seq, msgType, tag, reason, text));
  }

  /** Sends Logout; `now` closes at once (a fault), otherwise we wait for the peer's Logout (or the timeout). */
  private logout(text: string, now: boolean): void {
    if (this.stateNow !== 'active') return this.close(text);
    this.logEvent('logout', { text });
    this.send({ msgType: MsgType.Logout, fields: [[Tag.Text, asciiText(text, textLengthMax)]] });
    if (now) return this.close(text);
    this.stateNow = 'loggingOut';
    this.logoutSentMicros = this.deps.clock();
  }

  /** A fault in the byte stream: there is no trustworthy message to answer, so Logout (if we can) and close. */
  private fail(text: string): void {
    this.logEvent('stream fault', { text });
    if (this.stateNow === 'active') return this.logout(text, true);
    this.close(text);
  }

  private close(reason: string): void {
    if (this.stateNow === 'closed') return;
    this.stateNow = 'closed';
    if (this.party?.link === this) this.party.link = undefined;
    this.logEvent('closed', { reason });
    this.deps.io.close();
  }

  /** A method, not a comparison, because actions called in between may close the session. */
  private isClosed(): boolean {
    return this.stateNow === 'closed';
  }

  private logEvent(event: string, detail: Record<string, unknown>): void {
    this.deps.log?.(event, { compId: this.party?.compId, ...detail });
  }
}
