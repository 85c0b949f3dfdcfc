// The ledger's entries as typed-array columns grown by chunks: one row per entry (kind, currency, time, the span of
// its legs, what it reverses, its reference in parts) and one row per leg (ledger account, amount). An amount
// is a float64 integer below 2^53, so posting one needs no bigint; one past that (rare: a deposit is at most
// 10^15) is kept exactly beside the column, within signed 64 bits. A trade posts two entries; kept as frozen
// objects with leg arrays, a day's entries were a steady stream of objects into the old generation and of
// major collections. Entries are read back as objects only when someone asks (the history projector,
// reports, snapshots).
//
// A reference ("trade 17 TKFH27") is stored as head, number and tail ("trade ", 17, " TKFH27"): heads and tails
// are interned (bounded by the kinds of reference times symbols or dates), the number is a column, and the
// text is put back together on read. The hot path passes the parts and never builds the string.

import { assert } from '../core/assert.js';
import { Interner } from '../core/interner.js';
import { ledgerEntriesMax, ledgerLegsMax, ledgerRefPartsMax } from './limits.js';

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
/**
 * Rows per chunk in production. A new chunk is fresh memory, and the first touch of its pages is what adding one
 * costs (measured here about 6 us per 4 KiB page): a chunk of every entry column is 0.56 MB (about 1 ms), of
 * the leg columns 0.2 MB. Doubling copied the whole day instead, hundreds of MB at once late in a day.
 */
export const entryChunkRowsDefault = 16_384;
/** The first chunk starts this small and doubles up to a full chunk, so a ledger with few entries stays small. */
const firstChunkRowsMin = 1024;

/** A reference with no number: the whole text is the head. */
export const refNumberNone = Number.NaN;

/**
 * Every column is a list of chunks of `chunkRows` rows (a power of two): row i is in chunk i >>> shift at
 * i & mask. Appending adds a chunk when the last is full and never moves the rows already written; only the
 * first chunk, while it is smaller than a full one, is grown by copying (at most one chunk's rows in all).
 */
export class EntryColumns {
  count = 0;
  private legsCount = 0;
  private readonly shift: number;
  private readonly mask: number;
  private readonly entryChunksMax: number;
  private readonly legChunksMax: number;
  /** Rows allocated across the chunks. */
  private entryRows: number;
  private legRows: number;
  private readonly kindCode: Uint8Array[] = [];
  private readonly currencyCode: Uint8Array[] = [];
  private readonly tsMicros: Float64Array[] = [];
  /** Entry i has legs [legEndAt[i − 1], legEndAt[i]), the first from 0: so an entry's span is never split by a chunk. */
  private readonly legEndAt: Uint32Array[] = [];
  /** The entry a reversal undoes, −1 for any other entry. */
  private readonly reversesId: Int32Array[] = [];
  private readonly refHead: Int32Array[] = [];
  private readonly refNumber: Float64Array[] = [];
  private readonly refTail: Int32Array[] = [];
  private readonly legLedgerId: Int32Array[] = [];
  /** NaN where the amount is past 2^53: it is then in bigLegAmountsMinor. */
  private readonly legAmountMinor: Float64Array[] = [];
  private readonly bigLegAmountsMinor = new Map<number, bigint>();
  /** Part 0 is the empty text (a reference with no tail, and every row not yet written). */
  private readonly refParts = new Interner(ledgerRefPartsMax, 'ledger reference parts');

  constructor(readonly chunkRows = entryChunkRowsDefault) {
    if (!(Number.isInteger(chunkRows) && chunkRows >= 1 && chunkRows <= 2 ** 30 && (chunkRows & (chunkRows - 1)) === 0)) {
      assert(false, `ledger chunk rows ${chunkRows} is not a power of two up to 2^30`);
    }
    this.refParts.id('');
    this.shift = 31 - Math.clz32(chunkRows);
    this.mask = chunkRows - 1;
    this.entryChunksMax = Math.ceil(ledgerEntriesMax / chunkRows);
    this.legChunksMax = Math.ceil(ledgerLegsMax / chunkRows);
    this.entryRows = Math.min(firstChunkRowsMin, chunkRows);
    this.legRows = Math.min(firstChunkRowsMin * 2, chunkRows);
    this.addEntryChunk(this.entryRows);
    this.addLegChunk(this.legRows);
  }

  /**
   * Appends one entry whose legs (already checked by the ledger) are the first `legs` of the staged arrays: an
   * amount is amountsMinor[i], or bigAmountsMinor[i] where that is NaN.
   */
  append(
    kindCode: number, currencyCode: number, tsMicros: number, refHead: string, refNumber: number, refTail: string, reverses: number,
    ledgerIds: Int32Array, amountsMinor: Float64Array, bigAmountsMinor: readonly bigint[], legs: number,
  ): number {
    assert(this.count < ledgerEntriesMax, 'ledger entries exhausted');
    if (!(this.legsCount + legs <= ledgerLegsMax)) assert(false, 'ledger legs exhausted');
    for (let i = 0; i < legs; i++) {
      if (!Number.isNaN(amountsMinor[i]!)) continue;
      const amount = bigAmountsMinor[i]!;
      // The column held signed 64 bits: an amount outside them is stopped here, as it always was.
      if (!(amount >= int64Min && amount <= int64Max)) assert(false, `ledger amount ${amount} does not fit in 64 bits`);
    }
    const id = this.count;
    if (id >= this.entryRows) this.growEntries();
    while (this.legsCount + legs > this.legRows) this.growLegs();
    const chunk = id >>> this.shift;
    const row = id & this.mask;
    this.kindCode[chunk]![row] = kindCode;
    this.currencyCode[chunk]![row] = currencyCode;
    this.tsMicros[chunk]![row] = tsMicros;
    this.reversesId[chunk]![row] = reverses;
    this.refHead[chunk]![row] = this.refParts.id(refHead);
    this.refNumber[chunk]![row] = refNumber;
    this.refTail[chunk]![row] = this.refParts.id(refTail);
    let leg = this.legsCount;
    // An entry's legs may run on into the next leg chunk: each leg finds its own.
    for (let i = 0; i < legs; i++, leg++) {
      const legChunk = leg >>> this.shift;
      const legRow = leg & this.mask;
      this.legLedgerId[legChunk]![legRow] = ledgerIds[i]!;
      const amount = amountsMinor[i]!;
      this.legAmountMinor[legChunk]![legRow] = amount;
      if (Number.isNaN(amount)) this.bigLegAmountsMinor.set(leg, bigAmountsMinor[i]!);
    }
    this.legsCount = leg;
    this.legEndAt[chunk]![row] = leg;
    this.count = id + 1;
    return id;
  }

  kindCodeOf(id: number): number {
    return this.kindCode[id >>> this.shift]![id & this.mask]!;
  }

  currencyCodeOf(id: number): number {
    return this.currencyCode[id >>> this.shift]![id & this.mask]!;
  }

  tsMicrosOf(id: number): number {
    return this.tsMicros[id >>> this.shift]![id & this.mask]!;
  }

  /** The entry a reversal undoes, or −1. */
  reversesOf(id: number): number {
    return this.reversesId[id >>> this.shift]![id & this.mask]!;
  }

  refOf(id: number): string {
    const chunk = id >>> this.shift;
    const row = id & this.mask;
    return refText(this.refParts.text(this.refHead[chunk]![row]!), this.refNumber[chunk]![row]!, this.refParts.text(this.refTail[chunk]![row]!));
  }

  legFirst(id: number): number {
    return id === 0 ? 0 : this.legEnd(id - 1);
  }

  legEnd(id: number): number {
    return this.legEndAt[id >>> this.shift]![id & this.mask]!;
  }

  legLedgerIdAt(leg: number): number {
    return this.legLedgerId[leg >>> this.shift]![leg & this.mask]!;
  }

  legAmountMinorAt(leg: number): bigint {
    const amount = this.legAmountMinor[leg >>> this.shift]![leg & this.mask]!;
    return Number.isNaN(amount) ? this.bigLegAmountsMinor.get(leg)! : BigInt(amount);
  }

  private growEntries(): void {
    if (this.entryRows < this.chunkRows) {
      const rows = Math.min(this.entryRows * 2, this.chunkRows);
      this.kindCode[0] = grown(this.kindCode[0]!, new Uint8Array(rows));
      this.currencyCode[0] = grown(this.currencyCode[0]!, new Uint8Array(rows));
      this.tsMicros[0] = grown(this.tsMicros[0]!, new Float64Array(rows));
      this.legEndAt[0] = grown(this.legEndAt[0]!, new Uint32Array(rows));
      this.reversesId[0] = grown(this.reversesId[0]!, new Int32Array(rows));
      this.refHead[0] = grown(this.refHead[0]!, new Int32Array(rows));
      this.refNumber[0] = grown(this.refNumber[0]!, new Float64Array(rows));
      this.refTail[0] = grown(this.refTail[0]!, new Int32Array(rows));
      this.entryRows = rows;
      return;
    }
    this.addEntryChunk(this.chunkRows);
    this.entryRows += this.chunkRows;
  }

  private growLegs(): void {
    if (this.legRows < this.chunkRows) {
      const rows = Math.min(this.legRows * 2, this.chunkRows);
      this.legLedgerId[0] = grown(this.legLedgerId[0]!, new Int32Array(rows));
      this.legAmountMinor[0] = grown(this.legAmountMinor[0]!, new Float64Array(rows));
      this.legRows = rows;
      return;
    }
    this.addLegChunk(this.chunkRows);
    this.legRows += this.chunkRows;
  }

  private addEntryChunk(rows: number): void {
    assert(this.kindCode.length < this.entryChunksMax, 'ledger entry chunks exhausted');
    this.kindCode.push(new Uint8Array(rows));
    this.currencyCode.push(new Uint8Array(rows));
    this.tsMicros.push(new Float64Array(rows));
    this.legEndAt.push(new Uint32Array(rows));
    this.reversesId.push(new Int32Array(rows));
    this.refHead.push(new Int32Array(rows));
    this.refNumber.push(new Float64Array(rows));
    this.refTail.push(new Int32Array(rows));
  }

  private addLegChunk(rows: number): void {
    assert(this.legLedgerId.length < this.legChunksMax, 'ledger leg chunks exhausted');
    this.legLedgerId.push(new Int32Array(rows));
    this.legAmountMinor.push(new Float64Array(rows));
  }
}

/** The first chunk, grown while it is smaller than a full one. */
function grown<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(old: T, next: T): T {
  next.set(old as never);
  return next;
}

/**
 * Splits a reference at its first number, if that number reads back as the same digits ("trade 17 TKFH27" →
 * "trade ", 17, " TKFH27"; "x 007" is kept whole), so the parts interned stay few however many entries there are.
 */
export function splitRef(ref: string): { head: string; number: number; tail: string } {
  const match = refNumberPattern.exec(ref);
  if (match === null) return { head: ref, number: refNumberNone, tail: '' };
  return { head: match[1]!, number: Number(match[2]!), tail: ref.slice(match[0].length) };
}

/** The reference put back together from its parts. */
export function refText(head: string, number: number, tail: string): string {
  return Number.isNaN(number) ? head + tail : head + String(number) + tail;
}

const refNumberPattern = /^([^0-9]*)(0|[1-9][0-9]{0,14})(?![0-9])/;
