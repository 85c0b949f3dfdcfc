// Profit and loss per series from the account's fills, exact: cash flow of the fills (sells +, buys −, in
// price units × lots) plus the position valued at the last price, times the contract unit, is the money made
// or lost before fees. The account's equity (from the exchange) is the authority; this splits it by series.

import { add, dec, fromInt, mul, sub, toScale, type Dec } from './decimal.js';

export interface Fill {
  readonly tradeId: number;
  readonly orderId: number;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly qty: number;
}

export interface SeriesPnl {
  readonly symbol: string;
  readonly positionLots: number;
  /** Gross of fees, in minor units of the series' currency; undefined without a price to value the position. */
  readonly pnlMinor: bigint | undefined;
}

export function pnlBySeries(fills: readonly Fill[], lastPrice: (symbol: string) => string | null, contractUnit: (symbol: string) => string, minorScale: number): SeriesPnl[] {
  const cash = new Map<string, Dec>();
  const position = new Map<string, number>();
  const seen = new Set<string>();
  for (const fill of fills) {
    const key = `${fill.tradeId}:${fill.orderId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const flow = mul(dec(fill.price), fromInt(fill.qty));
    cash.set(fill.symbol, fill.side === 'sell' ? add(cash.get(fill.symbol) ?? fromInt(0), flow) : sub(cash.get(fill.symbol) ?? fromInt(0), flow));
    position.set(fill.symbol, (position.get(fill.symbol) ?? 0) + (fill.side === 'buy' ? fill.qty : -fill.qty));
  }
  return [...cash.keys()].sort().map((symbol) => {
    const lots = position.get(symbol) ?? 0;
    const last = lastPrice(symbol);
    if (lots !== 0 && last === null) return { symbol, positionLots: lots, pnlMinor: undefined };
    const value = lots === 0 ? fromInt(0) : mul(dec(last!), fromInt(lots));
    return { symbol, positionLots: lots, pnlMinor: toScale(mul(add(cash.get(symbol)!, value), dec(contractUnit(symbol))), minorScale) };
  });
}
