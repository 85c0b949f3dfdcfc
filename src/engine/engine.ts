// The matching engine of one instrument: sequenced commands in, events out (into an EventBuffer). It reads no
// clock and no randomness and does no I/O; every command carries its seq and timestamp from the sequencer.
// Identical command streams give identical events and state hashes on every replica.
//
// Hot path (newOrder, cancel, amend in continuous trading): plain numeric arguments, typed-array state, no
// allocation. The work itself lives in match.ts (continuous matching), stops.ts, auction.ts, sweep.ts (mass
// operations), validate.ts; queries, the state hash and snapshots in inspect.ts and snapshot.ts.
//
// Choices the rules left open, documented here and tested:
// - Before the first setReference every new order is rejected referencePriceMissing (3022).
// - New limits cancel resting and parked orders that lie outside them (CancelReason.outsideNewLimits).
// - Amend qtyLots is the new leaves (protocol.ts); 0 is rejected qtyOutOfRange (cancel instead). Parked
//   stops cannot be amended (orderNotResting).
// - Market orders with no opposite liquidity are rejected noLiquidity; a remainder beyond the protection band
//   is cancelled marketProtection. IOC/FOK remainders: iocRemainder / fokUnfilled.
// - A stop whose trigger the last price has already reached is rejected stopPriceInvalid.
// - Duplicate ids are refused among live orders only: the gateway assigns ids from a counter.
// - An order that could rest is refused bookFull when the pool has no free slot (checked before matching).
// - Admin commands (setPhase, setReference) that are invalid are rejected with orderId 0.

import { InvariantError } from '../core/assert.js';
import { Reason } from '../core/reasons.js';
import { uncross } from './auction.js';
import { emitAccepted, emitAmended, emitCancelled, emitPhaseChanged, emitRejected } from './emit.js';
import { EventBuffer } from './event-buffer.js';
import * as inspect from './inspect.js';
import { limitBpsMax, orderIdMax, priceLevelsMax, type EngineConfig } from './limits.js';
import { cancelLinked, enterNew, fillSlot, restSlot, runSlot } from './match.js';
import { phaseRule, isPhase, type PhaseRule } from './phases.js';
import { OrderType, Phase, TimeInForce, type EngineCommand, type Side } from './protocol.js';
import { rejectionMessage } from './rejection-message.js';
import { restoreInto, takeSnapshot, type EngineSnapshot } from './snapshot.js';
import { EngineState } from './state.js';
import { hasStops, marketLimitTicks, parkStop, runStops } from './stops.js';
import { applyLimits, expireDue, expireSessionEnd, limitsFor, massCancel } from './sweep.js';
import { checkAmend, checkCancel, checkNewOrder, checkPlainLimit, fail } from './validate.js';

export type { EngineConfig } from './limits.js';
export type { EngineSnapshot } from './snapshot.js';
export type { OrderView, DepthLevel } from './inspect.js';

export class MatchingEngine {
  private readonly s: EngineState;
  private rule: PhaseRule = phaseRule(Phase.closed);

  constructor(config: EngineConfig, events: EventBuffer) {
    this.s = new EngineState(config, events);
  }

  get config(): EngineConfig {
    return this.s.config;
  }

  apply(command: EngineCommand): void {
    switch (command.kind) {
      case 'new':
        return this.newOrder(command.seq, command.tsMicros, command.orderId, command.accountId, command.side, command.type,
          command.timeInForce, command.priceTicks, command.stopPriceTicks, command.qtyLots, command.postOnly, command.expireTsMicros, command.stpMode);
      case 'cancel':
        return this.cancel(command.seq, command.tsMicros, command.orderId, command.accountId);
      case 'amend':
        return this.amend(command.seq, command.tsMicros, command.orderId, command.accountId, command.priceTicks, command.qtyLots);
      case 'massCancel':
        return this.massCancel(command.seq, command.tsMicros, command.accountId);
      case 'setPhase':
        return this.setPhase(command.seq, command.tsMicros, command.phase);
      case 'setReference':
        return this.setReference(command.seq, command.tsMicros, command.referencePriceTicks, command.limitBps);
      case 'time':
        return this.advanceTime(command.seq, command.tsMicros);
    }
  }

  /** Every command starts here: strictly increasing seq, time never backwards, due GTD orders expire. */
  private begin(seq: number, ts: number): void {
    const s = this.s;
    // Checked by hand, not assert(cond, `...`): a template argument would build a string on every command.
    if (!(seq > s.seqLast && seq <= orderIdMax)) throw new InvariantError(`seq ${seq} must exceed ${s.seqLast}`);
    if (!(ts >= s.tsMicrosLast && ts <= orderIdMax)) throw new InvariantError(`tsMicros ${ts} before ${s.tsMicrosLast}`);
    s.seqLast = seq;
    s.tsMicrosLast = ts;
    if (ts >= s.gtdExpireMin) expireDue(s, seq, ts);
  }

  newOrder(
    seq: number, tsMicros: number, orderId: number, accountId: number, side: number, type: number, timeInForce: number,
    priceTicks: number, stopPriceTicks: number, qtyLots: number, postOnly: boolean, expireTsMicros: number, stpMode: number,
  ): void {
    this.begin(seq, tsMicros);
    const s = this.s;
    const rule = this.rule;
    // Plain limit orders (the bulk of the flow) take a shorter check that skips what their type rules out.
    const plain = type === OrderType.limit && !postOnly && (timeInForce === TimeInForce.GTC || timeInForce === TimeInForce.IOC);
    const code = plain
      ? checkPlainLimit(s, rule, orderId, accountId, side, timeInForce, priceTicks, qtyLots, stpMode)
      : checkNewOrder(s, rule, tsMicros, orderId, accountId, side, type, timeInForce, priceTicks, stopPriceTicks, qtyLots, postOnly, expireTsMicros, stpMode);
    if (code !== 0) {
      emitRejected(s, seq, tsMicros, orderId, accountId, code);
      return;
    }
    const isStop = type === OrderType.stop || type === OrderType.stopLimit;
    // A market order becomes a limit at the protection price; a parked stop market is filed at its stop.
    const workingPriceTicks = type === OrderType.market ? marketLimitTicks(s, side) : type === OrderType.stop ? stopPriceTicks : priceTicks;
    emitAccepted(s, seq, tsMicros, orderId, accountId, side, workingPriceTicks, qtyLots);
    if (!isStop && rule.matches) {
      enterNew(s, seq, tsMicros, orderId, accountId, side, type, timeInForce, workingPriceTicks, qtyLots, postOnly, expireTsMicros, stpMode);
      if (hasStops(s)) runStops(s, seq, tsMicros);
      return;
    }
    const slot = fillSlot(s, orderId, accountId, side, type, timeInForce, workingPriceTicks, isStop ? stopPriceTicks : 0, qtyLots, postOnly, expireTsMicros, stpMode);
    if (isStop) parkStop(s, slot);
    else restSlot(s, slot);
  }

  cancel(seq: number, tsMicros: number, orderId: number, accountId: number): void {
    this.begin(seq, tsMicros);
    const s = this.s;
    const slot = checkCancel(s, orderId, accountId);
    if (slot < 0) emitRejected(s, seq, tsMicros, orderId, accountId, -slot);
    else cancelLinked(s, seq, tsMicros, slot, 1); // CancelReason.requested
  }

  amend(seq: number, tsMicros: number, orderId: number, accountId: number, priceTicks: number, qtyLots: number): void {
    this.begin(seq, tsMicros);
    const s = this.s;
    const slot = checkAmend(s, this.rule, orderId, accountId, priceTicks, qtyLots);
    if (slot < 0) {
      emitRejected(s, seq, tsMicros, orderId, accountId, -slot);
      return;
    }
    const side = s.side[slot]!;
    const book = side === 0 ? s.bids : s.asks;
    const oldPriceTicks = s.priceTicks[slot]!;
    const leaves = s.leavesLots[slot]!;
    if (priceTicks === oldPriceTicks && qtyLots < leaves) {
      // Less at the same price keeps the place in the queue.
      book.lots[oldPriceTicks - book.base] = book.lots[oldPriceTicks - book.base]! - (leaves - qtyLots);
      s.leavesLots[slot] = qtyLots;
      emitAmended(s, seq, tsMicros, orderId, accountId, side, priceTicks, qtyLots, false);
      return;
    }
    s.unlink(book, slot, oldPriceTicks);
    s.priceTicks[slot] = priceTicks;
    s.leavesLots[slot] = qtyLots;
    emitAmended(s, seq, tsMicros, orderId, accountId, side, priceTicks, qtyLots, true);
    if (!this.rule.matches) restSlot(s, slot);
    else {
      runSlot(s, seq, tsMicros, slot);
      if (hasStops(s)) runStops(s, seq, tsMicros);
    }
  }

  massCancel(seq: number, tsMicros: number, accountId: number): void {
    this.begin(seq, tsMicros);
    massCancel(this.s, seq, tsMicros, accountId);
  }

  setPhase(seq: number, tsMicros: number, phase: Phase): void {
    this.begin(seq, tsMicros);
    const s = this.s;
    if (!isPhase(phase) || !this.rule.next.includes(phase)) {
      emitRejected(s, seq, tsMicros, 0, 0, fail(s, Reason.phaseNotAllowed, 'phase', phase));
      return;
    }
    const from = this.rule;
    s.phase = phase;
    this.rule = phaseRule(phase);
    emitPhaseChanged(s, seq, tsMicros, phase);
    if (phase === Phase.closed) expireSessionEnd(s, seq, tsMicros);
    else if (phase === Phase.continuous && from.auctionOnOpen && uncross(s, seq, tsMicros) > 0 && hasStops(s)) runStops(s, seq, tsMicros);
  }

  setReference(seq: number, tsMicros: number, referencePriceTicks: number, limitBps: number): void {
    this.begin(seq, tsMicros);
    const s = this.s;
    let code = 0;
    if (!(referencePriceTicks >= 1 && referencePriceTicks <= s.priceTicksMax && (referencePriceTicks | 0) === referencePriceTicks)) {
      code = fail(s, Reason.priceOutOfRange, 'referencePriceTicks', referencePriceTicks);
    } else if (!(limitBps >= 1 && limitBps <= limitBpsMax && (limitBps | 0) === limitBps)) {
      code = fail(s, Reason.priceOutOfRange, 'limitBps', limitBps);
    }
    const { downTicks, upTicks } = code === 0 ? limitsFor(referencePriceTicks, limitBps) : { downTicks: 0, upTicks: 0 };
    if (code === 0 && (upTicks > s.priceTicksMax || upTicks - downTicks + 1 > priceLevelsMax)) {
      code = fail(s, Reason.priceOutOfRange, 'limitBps', limitBps);
    }
    if (code !== 0) {
      emitRejected(s, seq, tsMicros, 0, 0, code);
      return;
    }
    applyLimits(s, seq, tsMicros, referencePriceTicks, limitBps, downTicks, upTicks);
  }

  advanceTime(seq: number, tsMicros: number): void {
    this.begin(seq, tsMicros);
  }

  /**
   * No GTD order expires before this (Infinity when none rests). It may be early, never late: a cancelled GTD
   * order leaves it as it was until the next sweep recomputes it.
   */
  get gtdExpiryNextMicros(): number {
    return this.s.gtdExpireMin;
  }

  // ---- queries (may allocate) ----
  get phase(): Phase { return this.s.phase; }
  get referencePriceTicks(): number { return this.s.referencePriceTicks; }
  get limitDownTicks(): number { return this.s.limitDownTicks; }
  get limitUpTicks(): number { return this.s.limitUpTicks; }
  get lastSeq(): number { return this.s.seqLast; }
  bestBidTicks(): number { return this.s.bids.bestPriceTicks(); }
  bestAskTicks(): number { return this.s.asks.bestPriceTicks(); }
  lastTradePriceTicks(): number { return this.s.lastTradePriceTicks; }
  depth(side: Side, levelsMax: number): inspect.DepthLevel[] { return inspect.depth(this.s, side, levelsMax); }
  /** depth as (priceTicks, qtyLots, orderCount) triples into out, best first, allocating nothing; returns the level count. */
  depthInto(side: Side, levelsMax: number, out: Int32Array): number { return inspect.depthInto(this.s, side, levelsMax, out); }
  order(orderId: number): inspect.OrderView | undefined { return inspect.order(this.s, orderId); }
  openOrders(accountId?: number): inspect.OrderView[] { return inspect.openOrders(this.s, accountId); }
  restingOrderCount(): number { return this.s.bids.orderCount + this.s.asks.orderCount; }
  restingLots(): number { return inspect.restingLots(this.s); }
  parkedStopCount(): number { return this.s.buyStops.orderCount + this.s.sellStops.orderCount; }
  stateHash(): string { return inspect.stateHash(this.s); }
  /** A sentence naming the field and why, for the last rejected event this engine emitted. */
  lastRejectionMessage(): string { return rejectionMessage(this.s); }
  snapshot(): EngineSnapshot { return takeSnapshot(this.s); }

  static restore(config: EngineConfig, events: EventBuffer, snapshot: EngineSnapshot): MatchingEngine {
    const engine = new MatchingEngine(config, events);
    restoreInto(engine.s, snapshot);
    engine.rule = phaseRule(engine.s.phase);
    return engine;
  }
}

export function createEngine(config: EngineConfig, events?: EventBuffer): { engine: MatchingEngine; events: EventBuffer } {
  const buffer = events ?? new EventBuffer();
  return { engine: new MatchingEngine(config, buffer), events: buffer };
}
