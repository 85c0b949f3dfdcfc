// Shared by the engine's tests: a small engine config, a command builder that numbers seq and time, and a
// per-order lot ledger kept from events (entered = resting + filled + cancelled).

import type { AccountId, OrderId, PriceTicks, QtyLots, SeqNo, TsMicros } from '../core/units.js';
import { MatchingEngine, type EngineConfig } from './engine.js';
import { EventBuffer } from './event-buffer.js';
import { OrderType, Phase, StpMode, TimeInForce, type EngineCommand, type EngineEvent, type NewOrderCommand } from './protocol.js';

export const testConfig: EngineConfig = {
  symbol: 'TKFH27',
  qtyLotsMax: 100,
  ordersRestingMax: 64,
  marketProtectionTicks: 5,
  priceTicksMax: 1_000_000,
};

export type NewOrderSpec = Partial<Omit<NewOrderCommand, 'kind' | 'seq' | 'tsMicros' | 'orderId'>> & { orderId: number };

/** Numbers commands (seq from 1, ts = seq * 10 unless given) so scenarios read as plain lists. */
export class Script {
  seq = 0;
  ts = 0;
  next(tsMicros?: number): { seq: SeqNo; tsMicros: TsMicros } {
    this.seq++;
    this.ts = tsMicros ?? Math.max(this.ts, this.seq * 10);
    return { seq: this.seq as SeqNo, tsMicros: this.ts as TsMicros };
  }
  order(spec: NewOrderSpec, tsMicros?: number): EngineCommand {
    return {
      kind: 'new', ...this.next(tsMicros), accountId: 1 as AccountId, side: 0, type: OrderType.limit, timeInForce: TimeInForce.GTC,
      priceTicks: 0 as PriceTicks, stopPriceTicks: 0 as PriceTicks, qtyLots: 1 as QtyLots, postOnly: false,
      expireTsMicros: 0 as TsMicros, stpMode: StpMode.none, ...spec, orderId: spec.orderId as OrderId,
    } as EngineCommand;
  }
  buy(orderId: number, priceTicks: number, qtyLots: number, extra: Partial<Omit<NewOrderSpec, 'orderId'>> = {}): EngineCommand {
    return this.order({ orderId, side: 0, priceTicks: priceTicks as PriceTicks, qtyLots: qtyLots as QtyLots, ...extra });
  }
  sell(orderId: number, priceTicks: number, qtyLots: number, extra: Partial<Omit<NewOrderSpec, 'orderId'>> = {}): EngineCommand {
    return this.order({ orderId, side: 1, priceTicks: priceTicks as PriceTicks, qtyLots: qtyLots as QtyLots, ...extra });
  }
  cancel(orderId: number, accountId = 1): EngineCommand {
    return { kind: 'cancel', ...this.next(), orderId: orderId as OrderId, accountId: accountId as AccountId };
  }
  amend(orderId: number, priceTicks: number, qtyLots: number, accountId = 1): EngineCommand {
    return { kind: 'amend', ...this.next(), orderId: orderId as OrderId, accountId: accountId as AccountId, priceTicks: priceTicks as PriceTicks, qtyLots: qtyLots as QtyLots };
  }
  massCancel(accountId: number): EngineCommand {
    return { kind: 'massCancel', ...this.next(), accountId: accountId as AccountId };
  }
  phase(phase: Phase): EngineCommand {
    return { kind: 'setPhase', ...this.next(), phase };
  }
  reference(referencePriceTicks: number, limitBps: number): EngineCommand {
    return { kind: 'setReference', ...this.next(), referencePriceTicks: referencePriceTicks as PriceTicks, limitBps };
  }
  time(tsMicros: number): EngineCommand {
    return { kind: 'time', ...this.next(tsMicros) };
  }
}

/** An engine with an event buffer big enough for any test command, and a helper to run commands. */
export class Harness {
  readonly events = new EventBuffer(1 << 12);
  readonly engine: MatchingEngine;
  readonly script = new Script();
  constructor(config: EngineConfig = testConfig, engine?: MatchingEngine) {
    this.engine = engine ?? new MatchingEngine(config, this.events);
  }
  run(command: EngineCommand): EngineEvent[] {
    this.events.clear();
    this.engine.apply(command);
    const out = this.events.decodeAll();
    this.events.clear();
    return out;
  }
  /** Reference 1000 ticks ±10% (900..1100), straight to continuous trading. */
  open(referencePriceTicks = 1000, limitBps = 1000): this {
    this.run(this.script.reference(referencePriceTicks, limitBps));
    this.run(this.script.phase(Phase.preOpen));
    this.run(this.script.phase(Phase.continuous));
    return this;
  }
  /** The book as [price, lots] rows, best first: a ladder to compare in scenarios. */
  ladder(): { bids: [number, number][]; asks: [number, number][] } {
    const rows = (side: 0 | 1): [number, number][] => this.engine.depth(side, 100).map((l) => [l.priceTicks, l.qtyLots]);
    return { bids: rows(0), asks: rows(1) };
  }
}

/** Events without seq/ts, for compact expectations. */
export function strip(events: EngineEvent[]): Record<string, unknown>[] {
  return events.map(({ seq: _seq, tsMicros: _ts, ...rest }) => rest);
}

/** Per-order lots from events: entered (accepted, adjusted by amends), filled, cancelled. */
export class LotLedger {
  readonly entered = new Map<number, number>();
  readonly filled = new Map<number, number>();
  readonly cancelled = new Map<number, number>();
  readonly priceOf = new Map<number, number>();
  private add(map: Map<number, number>, id: number, lots: number): void {
    map.set(id, (map.get(id) ?? 0) + lots);
  }
  leaves(id: number): number {
    return (this.entered.get(id) ?? 0) - (this.filled.get(id) ?? 0) - (this.cancelled.get(id) ?? 0);
  }
  apply(e: EngineEvent): void {
    switch (e.kind) {
      case 'accepted': this.add(this.entered, e.orderId, e.qtyLots); this.priceOf.set(e.orderId, e.priceTicks); break;
      case 'trade': this.add(this.filled, e.makerOrderId, e.qtyLots); this.add(this.filled, e.takerOrderId, e.qtyLots); break;
      case 'cancelled': this.add(this.cancelled, e.orderId, e.qtyLots); break;
      case 'amended': this.add(this.entered, e.orderId, e.qtyLots - this.leaves(e.orderId)); this.priceOf.set(e.orderId, e.priceTicks); break;
      case 'triggered': if (e.priceTicks > 0) this.priceOf.set(e.orderId, e.priceTicks); break;
      default: break;
    }
  }
}
