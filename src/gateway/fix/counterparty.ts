// One FIX counterparty (a SenderCompID) as the gateway remembers it between connections: its account, its
// session store, and the connection it is logged on through, if any. Outbound messages are numbered and stored
// here, so that a report made while the client is away is kept under its sequence number and reaches the
// client through its ResendRequest after the next Logon.

import { assert } from '../../core/assert.js';
import type { FixApplication, FixReport } from './application.js';
import { encodeMessage, type FixField } from './codec.js';
import { cancelReject, executionReport, type OutboundBody } from './reports.js';
import type { FixSessionStore, FixStoreFactory } from './store.js';
import { exchangeCompId, Tag } from './tags.js';
import { formatUtcTimestamp } from './time.js';
import type { TsMicros } from '../../core/units.js';

/** What a counterparty needs from the connection it is logged on through. */
export interface Link {
  /** Writes a frame; false when the connection cannot take it (not logged on yet, or closing). */
  write(frame: Buffer): boolean;
}

export class Counterparty {
  link: Link | undefined;
  /** Set when the gateway shuts down: the store is closed, late reports from the application are dropped. */
  closed = false;

  constructor(readonly compId: string, readonly accountId: number, readonly store: FixSessionStore, private readonly clock: () => number) {}

  /** Numbers, stores and (if a link is up) writes one message; returns the frame. */
  send(body: OutboundBody): Buffer {
    const seq = this.store.nextSenderSeq();
    const frame = encodeMessage(body.msgType, [...header(this.compId, seq, this.clock()), ...body.fields]);
    this.store.saveSent(seq, frame);
    this.link?.write(frame);
    return frame;
  }

  sendReport(report: FixReport): void {
    if (this.closed) return;
    this.send(report.kind === 'execution' ? executionReport(report) : cancelReject(report));
  }
}

export function header(compId: string, seq: number, nowMicros: number): FixField[] {
  return [
    [Tag.SenderCompID, exchangeCompId],
    [Tag.TargetCompID, compId],
    [Tag.MsgSeqNum, String(seq)],
    [Tag.SendingTime, formatUtcTimestamp(nowMicros as TsMicros)],
  ];
}

/** Every counterparty seen since the gateway started; at most one live session per SenderCompID. */
export class CounterpartyRegistry {
  private readonly byCompId = new Map<string, Counterparty>();
  private shut = false;

  constructor(private readonly application: FixApplication, private readonly stores: FixStoreFactory, private readonly clock: () => number) {}

  /**
   * The counterparty of an authenticated Logon, created (and subscribed to its account's reports) on first use;
   * undefined if this SenderCompID already belongs to another account (its sequence numbers are not shared).
   */
  open(compId: string, accountId: number): Counterparty | undefined {
    const known = this.byCompId.get(compId);
    if (known) return known.accountId === accountId ? known : undefined;
    assert(!this.shut, 'the registry was used after close');
    const party = new Counterparty(compId, accountId, this.stores.open(compId), this.clock);
    this.byCompId.set(compId, party);
    this.application.subscribe(accountId, (report) => party.sendReport(report));
    return party;
  }

  get(compId: string): Counterparty | undefined {
    return this.byCompId.get(compId);
  }

  close(): void {
    this.shut = true;
    for (const party of this.byCompId.values()) {
      party.closed = true;
      party.store.close();
    }
    this.byCompId.clear();
  }
}
