// The whole mutable state of one instrument's engine, as flat typed-array columns (one row per pool slot) plus
// a few scalars. The functions in match.ts, stops.ts, auction.ts and sweep.ts work on it; MatchingEngine
// (engine.ts) is its public face. Nothing here allocates after construction except relayLadders, which runs
// when the daily limits move.

import { assert } from '../core/assert.js';
import type { EventBuffer } from './event-buffer.js';
import { IdMap } from './id-map.js';
import { Ladder } from './ladder.js';
import { checkConfig, type EngineConfig } from './limits.js';
import { Phase } from './protocol.js';

/** Where a pool slot is. */
export const SlotState = { free: 0, resting: 1, parked: 2, triggered: 3 } as const;

export class EngineState {
  readonly config: EngineConfig;
  readonly events: EventBuffer;
  readonly capacity: number;
  /** Copies of config limits read on every order: a plain number field is cheaper than the frozen config. */
  readonly qtyLotsMax: number;
  readonly priceTicksMax: number;
  readonly marketProtectionTicks: number;

  // Order columns, indexed by slot.
  readonly orderId: Float64Array;
  readonly accountId: Float64Array;
  readonly expireTsMicros: Float64Array;
  /** Time priority: a counter stamped when the order enters a level (or is triggered); lower is earlier. */
  readonly priority: Float64Array;
  readonly priceTicks: Int32Array;
  readonly stopPriceTicks: Int32Array;
  readonly leavesLots: Int32Array;
  readonly filledLots: Int32Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly side: Uint8Array;
  readonly type: Uint8Array;
  readonly timeInForce: Uint8Array;
  readonly stpMode: Uint8Array;
  readonly postOnly: Uint8Array;
  readonly slotState: Uint8Array;
  /** Scratch list of slots for sweeps that remove while iterating (mass cancel, expiry, new limits). */
  readonly scratch: Int32Array;

  freeHead = -1;
  freeCount = 0;
  readonly ids: IdMap;
  bids = new Ladder(true);
  asks = new Ladder(false);
  buyStops = new Ladder(false);
  sellStops = new Ladder(true);

  phase: Phase = Phase.closed;
  referencePriceTicks = 0;
  limitBps = 0;
  limitDownTicks = 0;
  limitUpTicks = 0;
  lastTradePriceTicks = 0;
  tradeIdLast = 0;
  priorityLast = 0;
  seqLast = 0;
  tsMicrosLast = 0;
  /** Live GTD orders and the earliest expiry among them (Infinity when none): one compare per command. */
  gtdCount = 0;
  gtdExpireMin = Infinity;
  /** Highest and lowest price printed since stops were last checked. */
  printHighTicks = 0;
  printLowTicks = 0x7fff_ffff;
  /** Triggered stops waiting to enter, a FIFO chained through next. */
  triggeredHead = -1;
  triggeredTail = -1;
  /** Set by matchTaker when self-trade prevention stopped the taker. */
  takerSelfTrade = false;
  /** Event-chain hash: two 32-bit lanes mixed on every event written. */
  chainA = 0x811c9dc5 | 0;
  chainB = 0x01000193;
  /** The seq last mixed into the chain (emit.ts mixes each command's seq once); not part of the state. */
  chainSeq = 0;
  /** Details of the last rejection, for a message built on demand (rejections allocate nothing). */
  rejectCode = 0;
  rejectField = '';
  rejectValue = 0;

  constructor(config: EngineConfig, events: EventBuffer) {
    checkConfig(config);
    this.config = Object.freeze({ ...config });
    this.events = events;
    const n = config.ordersRestingMax;
    this.capacity = n;
    this.qtyLotsMax = config.qtyLotsMax;
    this.priceTicksMax = config.priceTicksMax;
    this.marketProtectionTicks = config.marketProtectionTicks;
    this.orderId = new Float64Array(n);
    this.accountId = new Float64Array(n);
    this.expireTsMicros = new Float64Array(n);
    this.priority = new Float64Array(n);
    this.priceTicks = new Int32Array(n);
    this.stopPriceTicks = new Int32Array(n);
    this.leavesLots = new Int32Array(n);
    this.filledLots = new Int32Array(n);
    this.next = new Int32Array(n);
    this.prev = new Int32Array(n);
    this.side = new Uint8Array(n);
    this.type = new Uint8Array(n);
    this.timeInForce = new Uint8Array(n);
    this.stpMode = new Uint8Array(n);
    this.postOnly = new Uint8Array(n);
    this.slotState = new Uint8Array(n);
    this.scratch = new Int32Array(n);
    this.ids = new IdMap(n);
    // Free list in slot order, chained through next.
    for (let i = 0; i < n; i++) this.next[i] = i + 1 < n ? i + 1 : -1;
    this.freeHead = 0;
    this.freeCount = n;
  }

  /**
   * Takes a free slot for orderId; its slotState stays free until it rests or parks. The id map learns the id
   * only then (register): an order that never rests (IOC, fully filled) costs no hash insert and delete.
   * The caller checked freeCount > 0 and that the id is new.
   */
  allocSlot(orderId: number): number {
    const slot = this.freeHead;
    assert(slot !== -1, 'order pool exhausted');
    this.freeHead = this.next[slot]!;
    this.freeCount--;
    this.orderId[slot] = orderId;
    this.filledLots[slot] = 0;
    return slot;
  }

  /** Makes slot findable by its id; called when an order first rests or parks (slotState still free). */
  register(slot: number): void {
    this.ids.set(this.orderId[slot]!, slot);
  }

  freeSlot(slot: number): void {
    // Only orders that rested or parked (including triggered stops) were registered.
    if (this.slotState[slot] !== SlotState.free) this.ids.delete(this.orderId[slot]!);
    if (this.timeInForce[slot] === 2) this.gtdCount--; // TimeInForce.GTD
    this.slotState[slot] = SlotState.free;
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
    this.freeCount++;
  }

  ladderOf(slot: number): Ladder {
    const buy = this.side[slot] === 0;
    if (this.slotState[slot] === SlotState.resting) return buy ? this.bids : this.asks;
    return buy ? this.buyStops : this.sellStops;
  }

  /** The price a slot is filed under in its ladder: the limit for resting orders, the trigger for stops. */
  ladderPrice(slot: number): number {
    return this.slotState[slot] === SlotState.resting ? this.priceTicks[slot]! : this.stopPriceTicks[slot]!;
  }

  /** Appends slot at the tail of its level (new time priority). slotState must already say where it goes. */
  link(ladder: Ladder, slot: number, priceTicks: number): void {
    const i = priceTicks - ladder.base;
    const tail = ladder.tail[i]!;
    this.prev[slot] = tail;
    this.next[slot] = -1;
    if (tail === -1) ladder.head[i] = slot;
    else this.next[tail] = slot;
    ladder.tail[i] = slot;
    ladder.lots[i] = ladder.lots[i]! + this.leavesLots[slot]!;
    ladder.count[i] = ladder.count[i]! + 1;
    ladder.orderCount++;
    this.priority[slot] = ++this.priorityLast;
    if (ladder.highBest ? i > ladder.best : ladder.best === -1 || i < ladder.best) ladder.best = i;
  }

  /** Removes slot from its level; lots leave with its current leaves. */
  unlink(ladder: Ladder, slot: number, priceTicks: number): void {
    const i = priceTicks - ladder.base;
    const prev = this.prev[slot]!;
    const next = this.next[slot]!;
    if (prev === -1) ladder.head[i] = next;
    else this.next[prev] = next;
    if (next === -1) ladder.tail[i] = prev;
    else this.prev[next] = prev;
    ladder.lots[i] = ladder.lots[i]! - this.leavesLots[slot]!;
    ladder.orderCount--;
    const left = ladder.count[i]! - 1;
    ladder.count[i] = left;
    if (left === 0 && i === ladder.best) ladder.bestEmptied();
  }

  /** Canonical order of every live slot into scratch: bids best first, asks, buy stops, sell stops, FIFO within. */
  collectCanonical(): number {
    let n = 0;
    for (const ladder of [this.bids, this.asks, this.buyStops, this.sellStops]) {
      if (ladder.orderCount === 0) continue;
      for (let i = ladder.best; i !== -1; i = ladder.nextWorse(i)) {
        for (let s = ladder.head[i]!; s !== -1; s = this.next[s]!) this.scratch[n++] = s;
      }
    }
    return n;
  }
}
