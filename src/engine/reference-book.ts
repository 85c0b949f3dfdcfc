// A deliberately simple book: arrays of plain objects, sorted on every insert, linear scans everywhere. It
// implements the engine's rules for limit, market, IOC, FOK, post-only, cancel, amend, mass cancel and
// self-trade prevention in continuous trading (no stops, auction or expiry), and emits the same EngineEvent
// objects, so property tests can demand that the fast engine says exactly what this one says.

import { Reason } from '../core/reasons.js';
import type { AccountId, OrderId, PriceTicks, QtyLots, SeqNo, TsMicros } from '../core/units.js';
import type { EngineConfig } from './limits.js';
import { limitsFor } from './sweep.js';
import { CancelReason, OrderType, StpMode, TimeInForce, type EngineCommand, type EngineEvent, type NewOrderCommand } from './protocol.js';

interface RefOrder {
  orderId: number;
  accountId: number;
  side: number;
  priceTicks: number;
  leavesLots: number;
  postOnly: boolean;
  stpMode: number;
  arrival: number;
}

export class ReferenceBook {
  readonly config: EngineConfig;
  bids: RefOrder[] = [];
  asks: RefOrder[] = [];
  limitDownTicks = 0;
  limitUpTicks = 0;
  referencePriceTicks = 0;
  private tradeId = 0;
  private arrival = 0;
  private out: EngineEvent[] = [];
  private seq = 0;
  private ts = 0;

  constructor(config: EngineConfig) {
    this.config = config;
  }

  /** The reference book is always in continuous trading once a reference is set. */
  apply(command: EngineCommand): EngineEvent[] {
    this.out = [];
    this.seq = command.seq;
    this.ts = command.tsMicros;
    switch (command.kind) {
      case 'setReference': {
        const { downTicks, upTicks } = limitsFor(command.referencePriceTicks, command.limitBps);
        this.referencePriceTicks = command.referencePriceTicks;
        this.limitDownTicks = downTicks;
        this.limitUpTicks = upTicks;
        this.emit({ kind: 'limitsChanged', referencePriceTicks: command.referencePriceTicks as PriceTicks, limitDownTicks: downTicks as PriceTicks, limitUpTicks: upTicks as PriceTicks });
        break;
      }
      case 'new': this.newOrder(command); break;
      case 'cancel': {
        const o = this.find(command.orderId);
        if (!o) this.reject(command.orderId, command.accountId, Reason.unknownOrder);
        else if (o.accountId !== command.accountId) this.reject(command.orderId, command.accountId, Reason.notOwner);
        else this.remove(o, CancelReason.requested);
        break;
      }
      case 'amend': this.amend(command.orderId, command.accountId, command.priceTicks, command.qtyLots); break;
      case 'massCancel': {
        for (const o of [...this.bids, ...this.asks]) if (command.accountId === 0 || o.accountId === command.accountId) this.remove(o, CancelReason.massCancel);
        break;
      }
      default: throw new Error(`reference book does not model ${command.kind}`);
    }
    return this.out;
  }

  private emit(event: object): void {
    this.out.push({ seq: this.seq as SeqNo, tsMicros: this.ts as TsMicros, ...event } as EngineEvent);
  }

  private reject(orderId: number, accountId: number, reasonCode: number): void {
    this.emit({ kind: 'rejected', orderId, accountId, reasonCode });
  }

  private find(orderId: number): RefOrder | undefined {
    return this.bids.find((o) => o.orderId === orderId) ?? this.asks.find((o) => o.orderId === orderId);
  }

  private sortBook(): void {
    this.bids.sort((a, b) => b.priceTicks - a.priceTicks || a.arrival - b.arrival);
    this.asks.sort((a, b) => a.priceTicks - b.priceTicks || a.arrival - b.arrival);
  }

  private remove(o: RefOrder, reason: number): void {
    this.emitCancel(o, o.leavesLots, reason);
    this.drop(o);
  }

  private drop(o: RefOrder): void {
    const side = o.side === 0 ? this.bids : this.asks;
    side.splice(side.indexOf(o), 1);
  }

  private emitCancel(o: RefOrder, qtyLots: number, reason: number): void {
    this.emit({ kind: 'cancelled', orderId: o.orderId as OrderId, accountId: o.accountId as AccountId, side: o.side, priceTicks: o.priceTicks as PriceTicks, qtyLots: qtyLots as QtyLots, cancelReason: reason });
  }

  private crosses(side: number, priceTicks: number, maker: RefOrder): boolean {
    return side === 0 ? maker.priceTicks <= priceTicks : maker.priceTicks >= priceTicks;
  }

  private validate(c: NewOrderCommand): number {
    const limitPriced = c.type === OrderType.limit;
    if (c.qtyLots < 1 || c.qtyLots > this.config.qtyLotsMax || !Number.isInteger(c.qtyLots)) return Reason.qtyOutOfRange;
    if (limitPriced && (c.priceTicks < 1 || c.priceTicks > this.config.priceTicksMax || !Number.isInteger(c.priceTicks))) return Reason.priceOutOfRange;
    if (c.postOnly && (c.type !== OrderType.limit || c.timeInForce === TimeInForce.IOC || c.timeInForce === TimeInForce.FOK)) return Reason.postOnlyNotLimit;
    if (this.find(c.orderId)) return Reason.duplicateOrderId;
    if (this.referencePriceTicks === 0) return Reason.referencePriceMissing;
    if (limitPriced && (c.priceTicks < this.limitDownTicks || c.priceTicks > this.limitUpTicks)) return Reason.priceOutsideLimits;
    if (this.bids.length + this.asks.length >= this.config.ordersRestingMax) return Reason.bookFull;
    const opposite = c.side === 0 ? this.asks : this.bids;
    if (c.postOnly && opposite.some((m) => this.crosses(c.side, c.priceTicks, m))) return Reason.postOnlyWouldTrade;
    if (c.type === OrderType.market && opposite.length === 0) return Reason.noLiquidity;
    return 0;
  }

  private newOrder(c: NewOrderCommand): void {
    const code = this.validate(c);
    if (code !== 0) return this.reject(c.orderId, c.accountId, code);
    let priceTicks = c.priceTicks as number;
    if (c.type === OrderType.market) {
      const best = (c.side === 0 ? this.asks : this.bids)[0]!.priceTicks;
      priceTicks = c.side === 0 ? Math.min(best + this.config.marketProtectionTicks, this.limitUpTicks) : Math.max(best - this.config.marketProtectionTicks, this.limitDownTicks);
    }
    const o: RefOrder = { orderId: c.orderId, accountId: c.accountId, side: c.side, priceTicks, leavesLots: c.qtyLots, postOnly: c.postOnly, stpMode: c.stpMode, arrival: 0 };
    this.emit({ kind: 'accepted', orderId: c.orderId, accountId: c.accountId, side: c.side, priceTicks, qtyLots: c.qtyLots });
    this.take(o, c.type === OrderType.market, c.timeInForce, c.stpMode);
  }

  /** Matches o as the aggressor, then rests or cancels the remainder. */
  private take(o: RefOrder, market: boolean, tif: number, stpMode: number): void {
    const opposite = o.side === 0 ? this.asks : this.bids;
    const stp = o.accountId !== 0 && stpMode !== StpMode.none;
    if (tif === TimeInForce.FOK) {
      let available = 0;
      for (const m of opposite) {
        if (!this.crosses(o.side, o.priceTicks, m)) break;
        if (stp && m.accountId === o.accountId) {
          if (stpMode === StpMode.cancelResting) continue;
          break;
        }
        available += m.leavesLots;
      }
      if (available < o.leavesLots) return this.emitCancel(o, o.leavesLots, CancelReason.fokUnfilled);
    }
    let selfTrade = false;
    for (const m of [...opposite]) {
      if (o.leavesLots === 0 || !this.crosses(o.side, o.priceTicks, m)) break;
      if (stp && m.accountId === o.accountId) {
        if (stpMode !== StpMode.cancelAggressing) this.remove(m, CancelReason.selfTrade);
        if (stpMode !== StpMode.cancelResting) { selfTrade = true; break; }
        continue;
      }
      const fill = Math.min(m.leavesLots, o.leavesLots);
      m.leavesLots -= fill;
      o.leavesLots -= fill;
      this.emit({
        kind: 'trade', tradeId: ++this.tradeId, priceTicks: m.priceTicks, qtyLots: fill, aggressorSide: o.side,
        makerOrderId: m.orderId, makerAccountId: m.accountId, makerLeavesLots: m.leavesLots,
        takerOrderId: o.orderId, takerAccountId: o.accountId, takerLeavesLots: o.leavesLots,
      });
      if (m.leavesLots === 0) this.drop(m);
    }
    if (o.leavesLots === 0) return;
    if (selfTrade) return this.emitCancel(o, o.leavesLots, CancelReason.selfTrade);
    if (market) return this.emitCancel(o, o.leavesLots, CancelReason.marketProtection);
    if (tif === TimeInForce.IOC || tif === TimeInForce.FOK) return this.emitCancel(o, o.leavesLots, CancelReason.iocRemainder);
    o.arrival = ++this.arrival;
    (o.side === 0 ? this.bids : this.asks).push(o);
    this.sortBook();
  }

  private amend(orderId: number, accountId: number, priceTicks: number, qtyLots: number): void {
    const o = this.find(orderId);
    let code = 0;
    if (!o) code = Reason.unknownOrder;
    else if (o.accountId !== accountId) code = Reason.notOwner;
    else if (qtyLots < 1 || qtyLots > this.config.qtyLotsMax || !Number.isInteger(qtyLots)) code = Reason.qtyOutOfRange;
    else if (priceTicks < 1 || priceTicks > this.config.priceTicksMax || !Number.isInteger(priceTicks)) code = Reason.priceOutOfRange;
    else if (priceTicks < this.limitDownTicks || priceTicks > this.limitUpTicks) code = Reason.priceOutsideLimits;
    else if (priceTicks === o.priceTicks && qtyLots === o.leavesLots) code = Reason.amendNoChange;
    else if (o.postOnly && (o.side === 0 ? this.asks : this.bids).some((m) => this.crosses(o.side, priceTicks, m))) code = Reason.postOnlyWouldTrade;
    if (code !== 0 || !o) return this.reject(orderId, accountId, code);
    const keep = priceTicks === o.priceTicks && qtyLots < o.leavesLots;
    this.emit({ kind: 'amended', orderId, accountId, side: o.side, priceTicks, qtyLots, priorityLost: !keep });
    if (keep) {
      o.leavesLots = qtyLots;
      return;
    }
    this.drop(o);
    o.priceTicks = priceTicks;
    o.leavesLots = qtyLots;
    // A resting order is GTC/GFD/GTD, so its remainder rests again.
    this.take(o, false, TimeInForce.GTC, o.stpMode);
  }
}
