// Net positions per (account, series), stored as columns in typed arrays so the end-of-day loop over a million
// positions touches no objects and no bigints.
//
// Each position carries two integer sums of (signed lots × price in ticks):
// - basisTicks: what the open lots are carried at for cash purposes — the trade price for lots opened today,
//   the last settlement price for lots carried over. Daily variation margin is qty × settle − basis, and a
//   closing trade realises sign × lots × price − (the closed share of the basis). All integers: nothing is lost.
// - costTicks: the same sum at the original entry prices, never reset; average entry price = cost / qty, and
//   realised / unrealised P&L for reports come from it.
// The closed share of a sum is truncated toward zero, so the split between "realised today" and "variation
// margin tonight" can differ by under one tick × lot between positions; the total cash is always exact.
//
// Invariant (asserted in tests and by checkSeriesNet): the positions of a series sum to zero, because every fill
// is booked to both its buyer and its seller.

import { assert } from '../core/assert.js';
import { positionsMax, seriesMax } from './limits.js';

export interface FillResult {
  /** P&L realised by the closing part of the fill, in ticks × lots against the carried basis. */
  readonly realisedBasisTicks: number;
  /** The same against the average entry price, for reports. */
  readonly realisedCostTicks: number;
  readonly closedLots: number;
}

export class PositionBook {
  private capacity = 1024;
  accountId = new Int32Array(this.capacity);
  seriesIdx = new Uint16Array(this.capacity);
  qtyLots = new Int32Array(this.capacity);
  basisTicks = new Float64Array(this.capacity);
  costTicks = new Float64Array(this.capacity);
  /** Cumulative realised P&L against entry prices, ticks × lots (reports only). */
  realisedCostTicks = new Float64Array(this.capacity);
  /** Variation margin of the last daily or final settlement, minor units (reports only). */
  lastVmMinor = new Float64Array(this.capacity);
  private used = 0;
  private readonly free: number[] = [];
  private readonly slotByKey = new Map<number, number>();
  private readonly slotsByAccount: number[][] = [];
  /** Per series: lots held long (open interest) and the net, which must be zero. */
  readonly longLots = new Float64Array(seriesMax);
  readonly netLots = new Float64Array(seriesMax);

  /** Slot of (account, series), opened empty on first use. */
  slot(accountId: number, seriesIdx: number): number {
    const key = accountId * seriesMax + seriesIdx;
    const existing = this.slotByKey.get(key);
    if (existing !== undefined) return existing;
    const slot = this.free.pop() ?? this.used++;
    assert(slot < positionsMax, 'position slots exhausted');
    if (slot >= this.capacity) this.grow();
    this.accountId[slot] = accountId;
    this.seriesIdx[slot] = seriesIdx;
    this.qtyLots[slot] = 0;
    this.basisTicks[slot] = 0;
    this.costTicks[slot] = 0;
    this.realisedCostTicks[slot] = 0;
    this.lastVmMinor[slot] = 0;
    this.slotByKey.set(key, slot);
    (this.slotsByAccount[accountId] ??= []).push(slot);
    return slot;
  }

  find(accountId: number, seriesIdx: number): number | undefined {
    return this.slotByKey.get(accountId * seriesMax + seriesIdx);
  }

  slotsOf(accountId: number): readonly number[] {
    return this.slotsByAccount[accountId] ?? noSlots;
  }

  /** What the last `fill` realised against cost and how many lots it closed (fill returns the rest). */
  lastFillRealisedCostTicks = 0;
  lastFillClosedLots = 0;

  /** Books a fill of signed lots (buy > 0) at a price; returns what it realised. */
  applyFill(slot: number, signedLots: number, priceTicks: number): FillResult {
    const realisedBasisTicks = this.fill(slot, signedLots, priceTicks);
    return { realisedBasisTicks, realisedCostTicks: this.lastFillRealisedCostTicks, closedLots: this.lastFillClosedLots };
  }

  /**
   * applyFill without its result object (the per-trade path: two fills a trade): returns the realised P&L
   * against the basis, and leaves the rest in lastFillRealisedCostTicks and lastFillClosedLots.
   */
  fill(slot: number, signedLots: number, priceTicks: number): number {
    // Checked on every order: the message (with its number-to-string work) is built only when it fails.
    if (!(Number.isSafeInteger(signedLots) && signedLots !== 0)) assert(false, `fill lots must be a non-zero integer, got ${signedLots}`);
    const series = this.seriesIdx[slot]!;
    let qty = this.qtyLots[slot]!;
    let rest = signedLots;
    let realisedBasis = 0;
    let realisedCost = 0;
    let closed = 0;
    if (qty !== 0 && Math.sign(qty) !== Math.sign(rest)) {
      closed = Math.min(Math.abs(rest), Math.abs(qty));
      const removedBasis = shareOf(this.basisTicks[slot]!, closed, Math.abs(qty));
      const removedCost = shareOf(this.costTicks[slot]!, closed, Math.abs(qty));
      const proceeds = Math.sign(qty) * closed * priceTicks;
      realisedBasis = proceeds - removedBasis;
      realisedCost = proceeds - removedCost;
      this.basisTicks[slot]! -= removedBasis;
      this.costTicks[slot]! -= removedCost;
      this.realisedCostTicks[slot]! += realisedCost;
      if (qty > 0) this.longLots[series]! -= closed;
      qty -= Math.sign(qty) * closed;
      rest -= Math.sign(rest) * closed;
    }
    if (rest !== 0) {
      qty += rest;
      this.basisTicks[slot]! += rest * priceTicks;
      this.costTicks[slot]! += rest * priceTicks;
      if (rest > 0) this.longLots[series]! += rest;
    }
    this.netLots[series]! += signedLots;
    this.qtyLots[slot] = qty;
    assert(Number.isSafeInteger(this.basisTicks[slot]!) && Number.isSafeInteger(this.costTicks[slot]!), 'position sums left the exact range');
    if (qty === 0) assert(this.basisTicks[slot] === 0 && this.costTicks[slot] === 0, 'a flat position carries no basis');
    this.lastFillRealisedCostTicks = realisedCost;
    this.lastFillClosedLots = closed;
    return realisedBasis;
  }

  /**
   * Closes the whole position at a price without a counterparty fill (final settlement: the exchange is the
   * counterparty of every position at the final price, and the positions of a series sum to zero, so the
   * series nets out). Returns the cash it settles against the basis and what it realises against cost.
   */
  closeAt(slot: number, priceTicks: number): { settledBasisTicks: number; realisedCostTicks: number } {
    const qty = this.qtyLots[slot]!;
    const series = this.seriesIdx[slot]!;
    const value = qty * priceTicks;
    const settled = value - this.basisTicks[slot]!;
    const realised = value - this.costTicks[slot]!;
    if (qty > 0) this.longLots[series]! -= qty;
    this.netLots[series]! -= qty;
    this.qtyLots[slot] = 0;
    this.basisTicks[slot] = 0;
    this.costTicks[slot] = 0;
    this.realisedCostTicks[slot]! += realised;
    return { settledBasisTicks: settled, realisedCostTicks: realised };
  }

  /** Puts back one position from a snapshot (snapshot.ts), keeping the per-series totals in step. */
  restoreSlot(accountId: number, seriesIdx: number, qty: number, basis: number, cost: number, realisedCost: number, lastVm: number): void {
    const slot = this.slot(accountId, seriesIdx);
    this.qtyLots[slot] = qty;
    this.basisTicks[slot] = basis;
    this.costTicks[slot] = cost;
    this.realisedCostTicks[slot] = realisedCost;
    this.lastVmMinor[slot] = lastVm;
    if (qty > 0) this.longLots[seriesIdx]! += qty;
    this.netLots[seriesIdx]! += qty;
  }

  /** Removes a flat position (after final settlement), freeing its slot. */
  remove(slot: number): void {
    assert(this.qtyLots[slot] === 0 && this.basisTicks[slot] === 0, 'only a flat, fully settled position is removed');
    const accountId = this.accountId[slot]!;
    this.slotByKey.delete(accountId * seriesMax + this.seriesIdx[slot]!);
    const list = this.slotsByAccount[accountId]!;
    list.splice(list.indexOf(slot), 1);
    this.costTicks[slot] = 0;
    this.realisedCostTicks[slot] = 0;
    this.free.push(slot);
  }

  /** Every live slot, in slot order (deterministic). */
  *slots(): Generator<number> {
    for (const list of this.slotsByAccount) if (list) yield* list;
  }

  highWater(): number {
    return this.used;
  }

  isLive(slot: number): boolean {
    return this.slotByKey.get(this.accountId[slot]! * seriesMax + this.seriesIdx[slot]!) === slot;
  }

  private grow(): void {
    const capacity = Math.min(this.capacity * 2, positionsMax);
    assert(capacity > this.capacity, 'position book cannot grow further');
    const grow = <T extends Int32Array | Uint16Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.accountId = grow(this.accountId, (n) => new Int32Array(n));
    this.seriesIdx = grow(this.seriesIdx, (n) => new Uint16Array(n));
    this.qtyLots = grow(this.qtyLots, (n) => new Int32Array(n));
    this.basisTicks = grow(this.basisTicks, (n) => new Float64Array(n));
    this.costTicks = grow(this.costTicks, (n) => new Float64Array(n));
    this.realisedCostTicks = grow(this.realisedCostTicks, (n) => new Float64Array(n));
    this.lastVmMinor = grow(this.lastVmMinor, (n) => new Float64Array(n));
    this.capacity = capacity;
  }
}

/** Risk asks for the slots of accounts without positions on every order: one shared empty list, not a new one. */
const noSlots: readonly number[] = [];

/**
 * The share lots/of of an integer sum, truncated toward zero: in float64 while |sum × lots| ≤ 2^52, through
 * bigint otherwise. Below 2^52 the float quotient floors exactly: a quotient that is not an integer is at least
 * 1/of from one, more than half its ulp (≤ |sum × lots| / of × 2^-53 ≤ 1/(2 of)), so rounding never reaches it.
 */
export function shareOf(sum: number, lots: number, of: number): number {
  if (lots === of) return sum;
  const product = Math.abs(sum * lots);
  if (Number.isSafeInteger(sum) && Number.isInteger(lots) && Number.isInteger(of) && of > 0 && product <= 2 ** 52) {
    const q = Math.floor(product / of);
    // Never −0: the bigint path gives 0, and the sums are compared and written out.
    return q !== 0 && (sum < 0) !== (lots < 0) ? -q : q;
  }
  return Number((BigInt(sum) * BigInt(lots)) / BigInt(of));
}
