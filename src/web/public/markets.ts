// The market list (every listed series: last, change from the previous settlement, volume; live from the
// ticker channel) and the index panel (latest fixings from /v1/indices, "not yet" while there are none).

import { ApiFailure, getPublic } from './api.js';
import { byId, changeText, h, state, type IndexLevel, type Ticker } from './state.js';

export function renderMarkets(onSelect: (symbol: string) => void): void {
  const body = byId('markets-body');
  body.replaceChildren();
  for (const series of state.series) {
    const row = h('tr', { 'data-symbol': series.symbol, onclick: () => onSelect(series.symbol), title: `${series.symbol}: contract month ${series.contractMonth}` },
      h('td', { class: 'sym' }, series.symbol), h('td', { class: 'month' }, series.contractMonth),
      h('td', { class: 'num last' }, ''), h('td', { class: 'num change' }, ''), h('td', { class: 'num volume' }, ''));
    body.append(row);
    updateMarketRow(series.symbol);
  }
}

export function updateMarketRow(symbol: string): void {
  const row = document.querySelector<HTMLTableRowElement>(`#markets-body tr[data-symbol="${symbol}"]`);
  if (!row) return;
  const ticker = state.tickers.get(symbol);
  const series = state.seriesBySymbol.get(symbol)!;
  const change = changeText(ticker?.last ?? null, series.previousSettlement);
  row.querySelector('.last')!.textContent = ticker?.last ?? '—';
  const changeCell = row.querySelector('.change')!;
  changeCell.textContent = change.text || '—';
  changeCell.className = `num change ${change.sign > 0 ? 'up' : change.sign < 0 ? 'down' : ''}`;
  row.querySelector('.volume')!.textContent = String(ticker?.volume ?? 0);
  row.classList.toggle('selected', symbol === state.selected);
  row.classList.toggle('traded', (ticker?.volume ?? 0) > 0);
}

export function applyTicker(message: Ticker): void {
  state.tickers.set(message.symbol, { symbol: message.symbol, last: message.last, bestBid: message.bestBid, bestAsk: message.bestAsk, volume: message.volume });
  updateMarketRow(message.symbol);
}

export async function loadIndices(): Promise<void> {
  const panel = byId('indices-body');
  try {
    const answer = await getPublic<{ indices: IndexLevel[] }>('/v1/indices');
    state.indicesAvailable = true;
    for (const index of answer.indices) state.indices.set(index.name, index);
    panel.replaceChildren(...answer.indices.map((index) => h('tr', { 'data-index': index.name },
      h('td', { class: 'sym' }, index.name),
      h('td', { class: 'num' }, index.level ?? 'not yet'),
      h('td', { class: 'unit' }, index.level === null ? 'no fixing yet' : `${index.unit} · ${index.date}`))));
  } catch (error) {
    // 501 until the index routes land, 503 without fixings: the panel says so and the rest works on.
    state.indicesAvailable = false;
    const why = error instanceof ApiFailure ? `${error.status}: ${error.message}` : String(error);
    panel.replaceChildren(h('tr', {}, h('td', { colspan: 3, class: 'muted' }, `Index levels: not yet (${why})`)));
  }
}
