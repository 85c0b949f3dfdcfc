// Where a FIX session keeps what must survive a reconnect: the next sequence number each way and the
// messages we sent (to answer ResendRequest). One store per SenderCompID. The session talks only to this
// interface; memory and file implementations follow, and the server may bring its own (e.g. on the journal).

import { assert } from '../../core/assert.js';
import { seqNumMax, storedMessagesMax } from './limits.js';

export interface StoredMessage {
  readonly seq: number;
  readonly frame: Buffer;
}

export interface FixSessionStore {
  /** MsgSeqNum of the next message we send. */
  nextSenderSeq(): number;
  /** MsgSeqNum we expect next from the peer. */
  nextTargetSeq(): number;
  setNextTargetSeq(seq: number): void;
  /** Keeps a message we are about to send (under its MsgSeqNum) and moves nextSenderSeq past it. */
  saveSent(seq: number, frame: Buffer): void;
  /** Kept messages with begin <= seq <= end, ascending; messages no longer kept are simply absent. */
  sent(begin: number, end: number): StoredMessage[];
  /** ResetSeqNumFlag: both sequences back to 1 and every kept message dropped. */
  reset(): void;
  close(): void;
}

export interface FixStoreFactory {
  /** The store of one counterparty; called after its Logon was authenticated. */
  open(senderCompId: string): FixSessionStore;
}

/** SenderCompIDs become file names in the file store, so they are restricted to a safe alphabet. */
export const compIdPattern = /^[A-Za-z0-9_.-]{1,32}$/;

export class MemoryStore implements FixSessionStore {
  protected senderSeq = 1;
  protected targetSeq = 1;
  protected readonly messages = new Map<number, Buffer>();

  nextSenderSeq(): number {
    return this.senderSeq;
  }

  nextTargetSeq(): number {
    return this.targetSeq;
  }

  setNextTargetSeq(seq: number): void {
    assert(Number.isSafeInteger(seq) && seq >= 1 && seq <= seqNumMax, `target seq ${seq} out of range`);
    this.targetSeq = seq;
  }

  saveSent(seq: number, frame: Buffer): void {
    assert(seq === this.senderSeq, `saving seq ${seq} but the next sender seq is ${this.senderSeq}`);
    assert(seq < seqNumMax, 'sender sequence exhausted');
    this.messages.set(seq, frame);
    // Map iteration is insertion order, and seqs are saved ascending, so the first key is the oldest.
    if (this.messages.size > storedMessagesMax) this.messages.delete(this.messages.keys().next().value!);
    this.senderSeq = seq + 1;
  }

  sent(begin: number, end: number): StoredMessage[] {
    const out: StoredMessage[] = [];
    const last = Math.min(end, this.senderSeq - 1);
    // Start at the oldest kept message: a request from seq 1 after millions of messages must not scan them all.
    const oldest = this.messages.size === 0 ? this.senderSeq : this.messages.keys().next().value!;
    for (let seq = Math.max(begin, oldest, 1); seq <= last; seq++) {
      const frame = this.messages.get(seq);
      if (frame) out.push({ seq, frame });
    }
    return out;
  }

  reset(): void {
    this.senderSeq = 1;
    this.targetSeq = 1;
    this.messages.clear();
  }

  close(): void {}
}

/** Keeps every counterparty's store for the life of the process, so reconnects continue the sequences. */
export class MemoryStoreFactory implements FixStoreFactory {
  private readonly stores = new Map<string, MemoryStore>();

  open(senderCompId: string): FixSessionStore {
    let store = this.stores.get(senderCompId);
    if (!store) {
      store = new MemoryStore();
      this.stores.set(senderCompId, store);
    }
    return store;
  }
}
