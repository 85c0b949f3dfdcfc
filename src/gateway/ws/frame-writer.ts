// WebSocket text frames written as bytes, straight into a slab, and handed to the socket once per turn of the
// event loop. An order's answer and its pushes were each a template string (a few dozen string pieces, numbers
// turned to strings), then a UTF-8 copy and a frame header from ws: about 7 KB of garbage per order, which the
// scavenger then paid for. Here the JSON of the hot messages is written digit by digit into the slab, and the
// frames of one turn leave in one write.
//
// The frames are ordinary unmasked server frames (RFC 6455 §5.2, FIN + text, the shortest length encoding), so
// the client sees exactly what ws would have sent. Everything sent on a connection must go through its writer,
// or frames would leave out of order; ws itself writes only control frames (pong, close), and the connection
// flushes before it closes. Requires permessage-deflate off (the server never enables it).

import { assert } from '../../core/assert.js';

/** A slab holds many turns' frames; a frame bigger than this gets a slab of its own size. */
const slabBytesDefault = 64 * 1024;
/** Room kept for the longest header (10 bytes): written first, moved down once the length is known. */
const headerReserve = 10;
const opText = 0x81;

/** Digits of a safe integer, most significant last (scratch for int() and decimal()). */
const digitScratch = new Uint8Array(16);

export class FrameWriter {
  private slab: Buffer;
  /** Bytes of the slab not yet handed to the socket start here. */
  private start = 0;
  private pos = 0;
  /** Where the open frame's header begins, or -1 outside a frame. */
  private frameStart = -1;
  private flushScheduled = false;
  private keptSlab: Buffer | undefined = undefined;
  private keptStart = 0;
  private keptEnd = 0;
  private readonly flushNow = (): void => this.flush();

  /** write receives each run of whole frames, in order; it must not keep using the buffer after it returns. */
  constructor(
    private readonly write: (bytes: Buffer) => void,
    /** Smaller in tests, to move frames across slabs often. */
    private readonly slabBytes = slabBytesDefault,
  ) {
    assert(slabBytes >= 2 * (headerReserve + 256), 'slab too small');
    this.slab = Buffer.allocUnsafe(slabBytes);
  }

  /** Bytes written but not yet handed to the socket. */
  get pendingBytes(): number {
    return this.pos - this.start;
  }

  begin(): void {
    assert(this.frameStart < 0, 'a frame is already open');
    this.ensure(headerReserve + 256);
    this.frameStart = this.pos;
    this.pos += headerReserve;
  }

  /** Text known to be ASCII without characters JSON escapes (keys, names, digits). */
  ascii(text: string): void {
    const n = text.length;
    this.ensure(n);
    const slab = this.slab;
    let pos = this.pos;
    for (let i = 0; i < n; i++) slab[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /** A JSON string literal, quotes included; printable ASCII is copied, anything else goes through JSON.stringify. */
  string(text: string): void {
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return this.utf8(JSON.stringify(text));
    }
    this.ensure(n + 2);
    this.slab[this.pos++] = 0x22;
    this.ascii(text);
    this.slab[this.pos++] = 0x22;
  }

  /** A safe integer in decimal, as JSON.stringify writes it. */
  int(value: number): void {
    this.ensure(17);
    let count = this.signAndDigits(value);
    while (count > 0) this.slab[this.pos++] = digitScratch[--count]!;
  }

  /** Integer units at a decimal scale as unitsToDecimal writes them: (-5125, 3) → -5.125, (5, 3) → 0.005. */
  decimal(units: number, scale: number): void {
    this.ensure(scale + 19);
    let count = this.signAndDigits(units);
    // At least one digit before the point, as padStart(scale + 1, '0') gives.
    while (count < scale + 1) digitScratch[count++] = 0x30;
    while (count > 0) {
      if (count === scale) this.slab[this.pos++] = 0x2e;
      this.slab[this.pos++] = digitScratch[--count]!;
    }
  }

  /** Writes a minus sign if value is negative and leaves its digits in digitScratch, least significant first. */
  private signAndDigits(value: number): number {
    if (!Number.isSafeInteger(value)) assert(false, `not a safe integer: ${value}`);
    if (value < 0) {
      this.slab[this.pos++] = 0x2d;
      value = -value;
    }
    let count = 0;
    do {
      const next = Math.floor(value / 10);
      digitScratch[count++] = 0x30 + (value - next * 10);
      value = next;
    } while (value > 0);
    return count;
  }

  /**
   * Starts remembering the bytes written from here on in the open frame, to copy them again later (keepTo ends
   * the run, copyKept copies it). Closing the frame moves its payload down and growing moves it to a new slab:
   * the kept run moves with it. A slab's bytes are never written again once a frame is closed, so a kept run
   * stays valid.
   */
  keepFrom(): void {
    assert(this.frameStart >= 0, 'keep outside a frame');
    this.keptSlab = this.slab;
    this.keptStart = this.pos;
    this.keptEnd = this.pos;
  }

  keepTo(): void {
    assert(this.keptSlab === this.slab && this.frameStart >= 0 && this.keptStart <= this.pos, 'keepTo without keepFrom in this frame');
    this.keptEnd = this.pos;
  }

  /** Whether copyKept has bytes to copy. */
  get hasKept(): boolean {
    return this.keptSlab !== undefined;
  }

  copyKept(): void {
    const from = this.keptSlab!;
    const start = this.keptStart;
    const end = this.keptEnd;
    this.ensure(end - start);
    from.copy(this.slab, this.pos, start, end);
    this.pos += end - start;
  }

  /** Closes the open frame: its header goes in front of the payload, with the payload's length. */
  end(): void {
    const frameStart = this.frameStart;
    assert(frameStart >= 0, 'no frame is open');
    const payloadStart = frameStart + headerReserve;
    const length = this.pos - payloadStart;
    const slab = this.slab;
    let headerBytes: number;
    if (length < 126) {
      headerBytes = 2;
      slab[frameStart + 1] = length;
    } else if (length < 65_536) {
      headerBytes = 4;
      slab[frameStart + 1] = 126;
      slab.writeUInt16BE(length, frameStart + 2);
    } else {
      headerBytes = 10;
      slab[frameStart + 1] = 127;
      slab.writeUInt32BE(0, frameStart + 2);
      slab.writeUInt32BE(length, frameStart + 6);
    }
    slab[frameStart] = opText;
    const shift = headerReserve - headerBytes;
    if (shift > 0) slab.copyWithin(frameStart + headerBytes, payloadStart, this.pos);
    this.pos -= shift;
    if (this.keptSlab === slab && this.keptStart >= payloadStart) {
      this.keptStart -= shift;
      this.keptEnd -= shift;
    }
    this.frameStart = -1;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flushNow);
    }
  }

  /** A whole message already written as text (the messages off the hot path). */
  text(text: string): void {
    this.begin();
    this.utf8(text);
    this.end();
  }

  /**
   * Hands every whole frame written so far to the socket (one write). A frame left open (its writer failed
   * half-way, and the connection is closing) is not sent.
   */
  flush(): void {
    this.flushScheduled = false;
    const upTo = this.frameStart >= 0 ? this.frameStart : this.pos;
    if (upTo === this.start) return;
    this.write(this.slab.subarray(this.start, upTo));
    this.start = upTo;
  }

  private utf8(text: string): void {
    this.ensure(Buffer.byteLength(text));
    this.pos += this.slab.write(text, this.pos, 'utf8');
  }

  /**
   * Makes room for bytes more: the frames already whole go to the socket, the open frame moves to a fresh slab
   * (a handed-over part of a slab is never written again, so the socket may still be reading it).
   */
  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.slab.length) return;
    const openFrom = this.frameStart >= 0 ? this.frameStart : this.pos;
    if (openFrom > this.start) this.write(this.slab.subarray(this.start, openFrom));
    const carried = this.pos - openFrom;
    const next = Buffer.allocUnsafe(Math.max(this.slabBytes, 2 * (carried + bytes)));
    this.slab.copy(next, 0, openFrom, this.pos);
    if (this.keptSlab === this.slab && this.frameStart >= 0 && this.keptStart >= openFrom) {
      this.keptSlab = next;
      this.keptStart -= openFrom;
      this.keptEnd -= openFrom;
    }
    this.slab = next;
    this.start = 0;
    this.pos = carried;
    if (this.frameStart >= 0) this.frameStart = 0;
  }
}
