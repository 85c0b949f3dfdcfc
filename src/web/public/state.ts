// What the terminal knows, shared by its panels: the catalogue, the listed series, the latest ticker of each,
// the selected series, index levels, and the demo trader's signed API. Plus two small DOM helpers.

import type { SignedApi } from './api.js';
import { dec, divRound, formatUnits, sub, toScale } from './decimal.js';

export interface Product {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly underlyingIndex: string;
  readonly contractUnit: { readonly quantity: string; readonly unit: string; readonly description: string };
  readonly quoteUnit: string;
  readonly tickSize: string;
  readonly qtyMin: number;
  readonly qtyMax: number;
}

export interface Series {
  readonly symbol: string;
  readonly product: string;
  readonly contractMonth: string;
  readonly tickSize: string;
  readonly previousSettlement: string | null;
  readonly limitDown: string | null;
  readonly limitUp: string | null;
  readonly phase: string;
}

export interface Ticker {
  readonly symbol: string;
  readonly last: string | null;
  readonly bestBid: string | null;
  readonly bestAsk: string | null;
  readonly volume: number;
}

export interface IndexLevel {
  readonly name: string;
  readonly level: string | null;
  readonly date: string | null;
  readonly unit: string;
  readonly currency: string;
}

export const state = {
  products: new Map<string, Product>(),
  series: [] as Series[],
  seriesBySymbol: new Map<string, Series>(),
  tickers: new Map<string, Ticker>(),
  indices: new Map<string, IndexLevel>(),
  /** undefined: the index routes are not there yet (or keep no fixings). */
  indicesAvailable: undefined as boolean | undefined,
  selected: '',
  api: undefined as SignedApi | undefined,
  /** Minor-unit decimals per currency (both catalogue currencies use cents). */
  minorScale: 2,
};

export function productOf(symbol: string): Product {
  const series = state.seriesBySymbol.get(symbol);
  const product = series && state.products.get(series.product);
  if (!product) throw new Error(`unknown series ${symbol}`);
  return product;
}

export function decimalsOf(tickSize: string): number {
  return tickSize.includes('.') ? tickSize.split('.')[1]!.length : 0;
}

/** Change from the previous settlement, as "+0.012 (+0.25%)". */
export function changeText(last: string | null, previous: string | null): { text: string; sign: number } {
  if (last === null || previous === null) return { text: '', sign: 0 };
  const change = sub(dec(last), dec(previous));
  const prev = dec(previous);
  const hundredthsPct = prev.units === 0n ? 0n : divRound(toScale(change, prev.scale) * 10_000n, prev.units);
  const sign = change.units > 0n ? 1 : change.units < 0n ? -1 : 0;
  const plus = sign > 0 ? '+' : '';
  return { text: `${plus}${formatUnits(change.units, change.scale, false)} (${plus}${formatUnits(hundredthsPct, 2, false)}%)`, sign };
}

type Child = Node | string | number | null | undefined | false;

export function h(tag: string, attrs: Record<string, string | number | boolean | ((event: Event) => void) | undefined> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(typeof child === 'object' ? child : String(child));
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

export function money(minor: bigint): string {
  return formatUnits(minor, state.minorScale);
}
