// Each account's recent fills, read from the sequenced outcomes (a trade event names both sides' accounts).
// Bounded per account; the exchange's ledger is the record of money, this is the API's view of executions.
// With a history read model (src/history, DIR/history.sqlite) the fills from before this start come from
// there, so /v1/fills survives a restart; the model lags the journal by a turn of the event loop, so the
// fills seen live since start are merged in (a fill in both is shown once).

import { Side, type TradeEvent } from '../engine/protocol.js';
import type { Outcome } from '../exchange/outcome.js';
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

export class FillStore {
  private readonly byAccount = new Map<number, Fill[]>();
  private history: FillHistory | undefined;

  constructor(private readonly keptMax = fillsKeptPerAccountMax) {}

  record(outcome: Outcome): number {
    let trades = 0;
    for (const { symbol, event } of outcome.events) {
      if (event.kind !== 'trade') continue;
      trades++;
      for (const fill of fillsOf(symbol, event)) this.add(fill);
    }
    return trades;
  }

  /** From now on, fills before this start are read from the history read model. */
  useHistory(history: FillHistory): void {
    this.history = history;
  }

  /** Newest first. */
  ofAccount(accountId: number, limit: number, symbol?: string): Fill[] {
    const list = this.byAccount.get(accountId) ?? [];
    const out: Fill[] = [];
    for (let i = list.length - 1; i >= 0 && out.length < limit; i--) {
      if (symbol === undefined || list[i]!.symbol === symbol) out.push(list[i]!);
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

  private add(fill: Fill): void {
    let list = this.byAccount.get(fill.accountId);
    if (!list) this.byAccount.set(fill.accountId, (list = []));
    list.push(fill);
    // Dropping in halves keeps the cost amortised: no shift() per fill once the account is at its bound.
    if (list.length > this.keptMax) list.splice(0, list.length - Math.floor(this.keptMax / 2));
  }
}
