// Cuts a TCP byte stream into FIX frames: partial reads wait for more bytes, one chunk may carry several
// messages. A frame's end is known only from BodyLength (9), so a stream whose prefix is not
// "8=FIX.4.4<SOH>9=<digits><SOH>", or whose CheckSum field is not where BodyLength says, cannot be resynchronised
// safely: that is fatal for the connection (the session sends a Logout naming the reason and disconnects).
// A frame that is well cut but whose checksum is wrong is still a frame: decodeFrame reports it as garbled.

import { assert } from '../../core/assert.js';
import { bodyLengthDigitsMax, framerBufferBytesMax, messageBytesMax } from './limits.js';
import { beginString, SOH } from './tags.js';

export type FramerOutput = { readonly kind: 'frame'; readonly frame: Buffer } | { readonly kind: 'fatal'; readonly text: string };

const prefix = Buffer.from(`8=${beginString}${SOH}9=`, 'latin1');
const trailerLength = 7; // "10=NNN<SOH>"
const sohByte = 1;

export class FixFramer {
  private pending: Buffer = Buffer.alloc(0);
  private failed = false;

  /** Frames completed by this chunk, in order; after a fatal output the framer accepts nothing more. */
  push(chunk: Buffer): FramerOutput[] {
    assert(!this.failed, 'the framer was used after a fatal error');
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: FramerOutput[] = [];
    for (;;) {
      const step = this.next();
      if (step === undefined) break;
      out.push(step);
      if (step.kind === 'fatal') {
        this.failed = true;
        this.pending = Buffer.alloc(0);
        return out;
      }
    }
    if (this.pending.length > framerBufferBytesMax) return this.fail(out, `more than ${framerBufferBytesMax} bytes buffered`);
    return out;
  }

  /** Bytes received but not yet part of a complete frame. */
  get bufferedBytes(): number {
    return this.pending.length;
  }

  private next(): FramerOutput | undefined {
    const buf = this.pending;
    if (buf.length === 0) return undefined;
    const prefixSeen = Math.min(buf.length, prefix.length);
    if (buf.compare(prefix, 0, prefixSeen, 0, prefixSeen) !== 0) {
      return { kind: 'fatal', text: `stream does not start with 8=${beginString}|9= (garbage before or between messages)` };
    }
    if (buf.length <= prefix.length) return undefined;
    let bodyLength = 0;
    let i = prefix.length;
    for (; i < buf.length && buf[i] !== sohByte; i++) {
      const digit = buf[i]! - 48;
      if (digit < 0 || digit > 9 || i - prefix.length >= bodyLengthDigitsMax) {
        return { kind: 'fatal', text: 'BodyLength (9) is not a number of at most ' + bodyLengthDigitsMax + ' digits' };
      }
      bodyLength = bodyLength * 10 + digit;
    }
    if (i === buf.length) return undefined;
    if (i === prefix.length) return { kind: 'fatal', text: 'BodyLength (9) is empty' };
    const total = i + 1 + bodyLength + trailerLength;
    if (total > messageBytesMax) return { kind: 'fatal', text: `message of ${total} bytes is over the limit of ${messageBytesMax}` };
    if (buf.length < total) return undefined;
    const trailerAt = total - trailerLength;
    if (buf.toString('latin1', trailerAt, trailerAt + 3) !== '10=' || buf[total - 1] !== sohByte) {
      return { kind: 'fatal', text: `no CheckSum (10) where BodyLength ${bodyLength} puts it` };
    }
    // Copy: the frame outlives this chunk (it may be stored or queued), the pending buffer does not.
    const frame = Buffer.from(buf.subarray(0, total));
    this.pending = buf.subarray(total);
    return { kind: 'frame', frame };
  }

  private fail(out: FramerOutput[], text: string): FramerOutput[] {
    this.failed = true;
    this.pending = Buffer.alloc(0);
    out.push({ kind: 'fatal', text });
    return out;
  }
}
