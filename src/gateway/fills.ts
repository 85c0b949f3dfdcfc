// Each account's recent fills, read from the sequenced outcomes (a trade event names both sides' accounts).
// Bounded per account; the exchange's ledger is the record of money, this is the API's view of executions.
// With a history read model (src/history, DIR/history.sqlite) the fills from before this start come from
// there, so /v1/fills survives a restart; the model lags the journal by a turn of the event loop, so the
// fills seen live since start are merged in (a fill in both is shown once).

import { Side, type TradeEvent } from '../engine/protocol.js';
import type { Outcome } from '../exchange/outcome.js';
import { assert } from '../core/assert.js';
import { Interner } from '../core/interner.js';
import { RingSlots } from '../core/ring-slots.js';
import { fillsKeptPerAccountMax } from './limits.js';

export interface Fill {
  readonly tradeId: number;
  readonly orderId: number;
  readonly accountId: number;
  readonly symbol: string;
  readonly side: Side;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly liquidity: 'maker' | 'taker';
  readonly tsMicros: number;
}

export function fillsOf(symbol: string, trade: TradeEvent): [Fill, Fill] {
  // Two plain literals of one shape (no spread): this runs for every trade, up to three times (fill store,
  // WebSocket pushes, the order's answer).
  const takerSide = trade.aggressorSide;
  const makerSide = takerSide === Side.buy ? Side.sell : Side.buy;
  return [
    { tradeId: trade.tradeId, orderId: trade.makerOrderId, accountId: trade.makerAccountId, symbol, side: makerSide, priceTicks: trade.priceTicks, qtyLots: trade.qtyLots, liquidity: 'maker', tsMicros: trade.tsMicros },
    { tradeId: trade.tradeId, orderId: trade.takerOrderId, accountId: trade.takerAccountId, symbol, side: takerSide, priceTicks: trade.priceTicks, qtyLots: trade.qtyLots, liquidity: 'taker', tsMicros: trade.tsMicros },
  ];
}

/** The fills of one order within one outcome (what POST /v1/orders answers with). */
export function fillsOfOrder(outcome: Outcome, orderId: number): Fill[] {
  const fills: Fill[] = [];
  for (const { symbol, event } of outcome.events) {
    if (event.kind !== 'trade' || (event.makerOrderId !== orderId && event.takerOrderId !== orderId)) continue;
    for (const fill of fillsOf(symbol, event)) if (fill.orderId === orderId) fills.push(fill);
  }
  return fills;
}

/** What the store reads from the history read model (HistoryQueries.fillsOf of src/history). */
export interface FillHistory {
  fillsOf(accountId: number, options: { readonly limit?: number; readonly symbol?: string }): readonly {
    readonly symbol: string; readonly tradeId: number; readonly liquidity: 'maker' | 'taker'; readonly orderId: number; readonly accountId: number;
    readonly side: string; readonly priceTicks: number; readonly qtyLots: number; readonly tsMicros: number;
  }[];
}

const fillKey = (f: { symbol: string; tradeId: number; liquidity: string }) => `${f.symbol}:${f.tradeId}:${f.liquidity}`;

/**
 * One account's newest fills, at most keptMax, as columns in a ring (core/ring-slots.ts): Fill objects kept
 * until thousands of later fills pushed them out were the second-largest part of what the server's GC
 * pauses copied. Objects are made only when the fills are read.
 */
class FillRing {
  private readonly ring: RingSlots;
  private tradeId = new Float64Array(0);
  private orderId = new Float64Array(0);
  private priceTicks = new Float64Array(0);
  private qtyLots = new Float64Array(0);
  private tsMicros = new Float64Array(0);
  private symbolIdx = new Int32Array(0);
  /** Bit 0: the fill's side is sell; bit 1: the account was the maker. */
  private flags = new Uint8Array(0);

  constructor(keptMax: number) {
    this.ring = new RingSlots(keptMax);
  }

  get count(): number {
    return this.ring.count;
  }

  push(tradeId: number, orderId: number, symbolIdx: number, side: Side, priceTicks: number, qtyLots: number, maker: boolean, tsMicros: number): void {
    if (this.ring.full) this.grow();
    const at = this.ring.push();
    this.tradeId[at] = tradeId;
    this.orderId[at] = orderId;
    this.symbolIdx[at] = symbolIdx;
    this.priceTicks[at] = priceTicks;
    this.qtyLots[at] = qtyLots;
    this.tsMicros[at] = tsMicros;
    this.flags[at] = (side === Side.sell ? 1 : 0) | (maker ? 2 : 0);
  }

  /** The k-th newest fill's symbol index (k = 0 is the newest). */
  symbolAt(k: number): number {
    return this.symbolIdx[this.ring.fromNewest(k)]!;
  }

  fillAt(k: number, accountId: number, symbol: string): Fill {
    const at = this.ring.fromNewest(k);
    const flags = this.flags[at]!;
    return {
      tradeId: this.tradeId[at]!, orderId: this.orderId[at]!, accountId, symbol, side: flags & 1 ? Side.sell : Side.buy,
      priceTicks: this.priceTicks[at]!, qtyLots: this.qtyLots[at]!, liquidity: flags & 2 ? 'maker' : 'taker', tsMicros: this.tsMicros[at]!,
    };
  }

  private grow(): void {
    const ring = this.ring;
    const capacity = ring.nextCapacity;
    this.tradeId = ring.inOrder(this.tradeId, new Float64Array(capacity));
    this.orderId = ring.inOrder(this.orderId, new Float64Array(capacity));
    this.priceTicks = ring.inOrder(this.priceTicks, new Float64Array(capacity));
    this.qtyLots = ring.inOrder(this.qtyLots, new Float64Array(capacity));
    this.tsMicros = ring.inOrder(this.tsMicros, new Float64Array(capacity));
    this.symbolIdx = ring.inOrder(this.symbolIdx, new Int32Array(capacity));
    this.flags = ring.inOrder(this.flags, new Uint8Array(capacity));
    ring.grown(capacity);
  }
}

/** Each account's newest fills (fillsKeptPerAccountMax), merged on read with the history read model's. */
export class FillStore {
  private readonly byAccount = new Map<number, FillRing>();
  /** The rings' symbol column is Int32. */
  private readonly symbols = new Interner(0x7fff_ffff, 'symbols in the fill store');
  private history: FillHistory | undefined;

  constructor(private readonly keptMax = fillsKeptPerAccountMax) {
    assert(Number.isInteger(keptMax) && keptMax >= 1, 'keptMax must be a positive integer');
  }

  record(outcome: Outcome): number {
    let trades = 0;
    const events = outcome.events;
    for (let i = 0; i < events.length; i++) {
      const { symbol, event } = events[i]!;
      if (event.kind !== 'trade') continue;
      trades++;
      // The maker's fill, then the taker's, as fillsOf gives them.
      const symbolIdx = this.symbols.id(symbol);
      const takerSide = event.aggressorSide;
      this.ring(event.makerAccountId).push(event.tradeId, event.makerOrderId, symbolIdx, takerSide === Side.buy ? Side.sell : Side.buy, event.priceTicks, event.qtyLots, true, event.tsMicros);
      this.ring(event.takerAccountId).push(event.tradeId, event.takerOrderId, symbolIdx, takerSide, event.priceTicks, event.qtyLots, false, event.tsMicros);
    }
    return trades;
  }

  /** From now on, fills before this start are read from the history read model. */
  useHistory(history: FillHistory): void {
    this.history = history;
  }

  /** Newest first. */
  ofAccount(accountId: number, limit: number, symbol?: string): Fill[] {
    const ring = this.byAccount.get(accountId);
    const out: Fill[] = [];
    // A symbol never interned has no fills here.
    const wanted = symbol === undefined ? -1 : this.symbols.find(symbol);
    if (ring !== undefined && (symbol === undefined || wanted >= 0)) {
      for (let k = 0; k < ring.count && out.length < limit; k++) {
        const idx = ring.symbolAt(k);
        if (symbol === undefined || idx === wanted) out.push(ring.fillAt(k, accountId, this.symbols.text(idx)));
      }
    }
    if (this.history === undefined) return out;
    const seen = new Set(out.map(fillKey));
    for (const row of this.history.fillsOf(accountId, { limit, ...(symbol === undefined ? {} : { symbol }) })) {
      if (seen.has(fillKey(row))) continue;
      out.push({
        tradeId: row.tradeId, orderId: row.orderId, accountId: row.accountId, symbol: row.symbol, side: row.side === 'buy' ? Side.buy : Side.sell,
        priceTicks: row.priceTicks, qtyLots: row.qtyLots, liquidity: row.liquidity, tsMicros: row.tsMicros,
      });
    }
    // Stable: within one time stamp the live order (newest first) is kept.
    out.sort((x, y) => y.tsMicros - x.tsMicros);
    return out.slice(0, limit);
  }

  private ring(accountId: number): FillRing {
    let ring = this.byAccount.get(accountId);
    if (ring === undefined) this.byAccount.set(accountId, (ring = new FillRing(this.keptMax)));
    return ring;
  }
}
