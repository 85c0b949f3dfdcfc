// A FixSessionStore on disk, so that sequence numbers and resendable messages survive a restart of the
// server. Per SenderCompID, a folder holding:
//   seqnums       "<nextSenderSeq, 10 digits> <nextTargetSeq, 10 digits>\n", rewritten in place (fixed width,
//                 so a write never leaves a longer old tail behind);
//   messages.log  every message we sent, appended as "<seq> <byte length>\n<frame>\n".
// The newest storedMessagesMax frames are kept in memory for resends. A torn last record (crash mid-append)
// is dropped on open; the seqnums file is written after the append, so it never runs ahead of the log.
// Past storeLogBytesMax the log is rewritten with only the kept frames (to a temporary file, then renamed, so a
// crash leaves either the old or the new log). With fsync off (the default) data survives a process crash but not a power cut.

import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from '../../core/assert.js';
import { storeLogBytesMax } from './limits.js';
import { compIdPattern, MemoryStore, type FixSessionStore, type FixStoreFactory } from './store.js';

const seqDigits = 10;
const seqnumsBytes = seqDigits * 2 + 2;

export class FileStore extends MemoryStore implements FixSessionStore {
  private readonly seqFd: number;
  private logFd: number;
  private logBytes: number;
  private readonly logPath: string;

  constructor(dir: string, private readonly fsync: boolean, private readonly logBytesMax = storeLogBytesMax) {
    super();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const seqPath = join(dir, 'seqnums');
    const logPath = join(dir, 'messages.log');
    this.logPath = logPath;
    const seqText = existsSync(seqPath) ? readFileSync(seqPath, 'latin1') : '';
    const loaded = /^(\d{10}) (\d{10})\n$/.exec(seqText);
    assert(seqText === '' || loaded !== null, `corrupt ${seqPath}`);
    this.logBytes = existsSync(logPath) ? this.replayLog(readFileSync(logPath)) : 0;
    if (loaded) {
      // A crash between the log append and the seqnums write leaves the log one message ahead: that message
      // counts as sent (the peer recovers it with a ResendRequest), so its seq is never reused.
      this.senderSeq = Math.max(this.senderSeq, Number(loaded[1]));
      this.targetSeq = Number(loaded[2]);
    }
    this.seqFd = openSync(seqPath, existsSync(seqPath) ? 'r+' : 'w+', 0o600);
    this.logFd = openSync(logPath, existsSync(logPath) ? 'r+' : 'w+', 0o600);
    ftruncateSync(this.logFd, this.logBytes);
    this.writeSeqnums();
  }

  override setNextTargetSeq(seq: number): void {
    super.setNextTargetSeq(seq);
    this.writeSeqnums();
  }

  override saveSent(seq: number, frame: Buffer): void {
    // Checked before the append: a refused message must not reach the log.
    assert(seq === this.senderSeq, `saving seq ${seq} but the next sender seq is ${this.senderSeq}`);
    const record = logRecord(seq, frame);
    writeSync(this.logFd, record, 0, record.length, this.logBytes);
    this.logBytes += record.length;
    if (this.fsync) fsyncSync(this.logFd);
    super.saveSent(seq, frame);
    this.writeSeqnums();
    if (this.logBytes > this.logBytesMax) this.compact();
  }

  /** Bytes in the message log (for tests and metrics). */
  get logSizeBytes(): number {
    return this.logBytes;
  }

  private compact(): void {
    const records = [...this.messages].map(([seq, frame]) => logRecord(seq, frame));
    const tmpPath = this.logPath + '.tmp';
    const tmpFd = openSync(tmpPath, 'w', 0o600);
    const bytes = Buffer.concat(records);
    writeSync(tmpFd, bytes, 0, bytes.length, 0);
    if (this.fsync) fsyncSync(tmpFd);
    closeSync(tmpFd);
    renameSync(tmpPath, this.logPath);
    closeSync(this.logFd);
    this.logFd = openSync(this.logPath, 'r+');
    this.logBytes = bytes.length;
  }

  override reset(): void {
    super.reset();
    ftruncateSync(this.logFd, 0);
    this.logBytes = 0;
    this.writeSeqnums();
  }

  override close(): void {
    closeSync(this.seqFd);
    closeSync(this.logFd);
  }

  private writeSeqnums(): void {
    const text = `${pad(this.senderSeq)} ${pad(this.targetSeq)}\n`;
    assert(text.length === seqnumsBytes, 'seqnums record has a fixed width');
    writeSync(this.seqFd, text, 0, 'latin1');
    if (this.fsync) fsyncSync(this.seqFd);
  }

  /** Loads the log into memory; returns the length of its intact prefix. */
  private replayLog(log: Buffer): number {
    let at = 0;
    for (;;) {
      const newline = log.indexOf(10, at);
      if (newline < 0) return at;
      const head = /^(\d+) (\d+)$/.exec(log.toString('latin1', at, newline));
      if (!head) return at;
      const seq = Number(head[1]);
      const length = Number(head[2]);
      const end = newline + 1 + length;
      if (end + 1 > log.length || log[end] !== 10) return at;
      // A reset in an earlier life truncated the log, so seqs only ascend here; restart if they do not.
      if (seq !== this.senderSeq) this.messages.clear();
      this.senderSeq = seq;
      super.saveSent(seq, Buffer.from(log.subarray(newline + 1, end)));
      at = end + 1;
    }
  }
}

function logRecord(seq: number, frame: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${seq} ${frame.length}\n`, 'latin1'), frame, Buffer.from('\n')]);
}

function pad(n: number): string {
  return String(n).padStart(seqDigits, '0');
}

export class FileStoreFactory implements FixStoreFactory {
  constructor(private readonly dir: string, private readonly options: { fsync?: boolean; logBytesMax?: number } = {}) {}

  open(senderCompId: string): FixSessionStore {
    assert(compIdPattern.test(senderCompId), `SenderCompID ${senderCompId} is not safe as a folder name`);
    return new FileStore(join(this.dir, senderCompId), this.options.fsync ?? false, this.options.logBytesMax);
  }
}
