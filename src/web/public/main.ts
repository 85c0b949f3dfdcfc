// The terminal's entry: loads the catalogue and series, opens the WebSocket, gets the demo credential (when
// the server is the demo), and routes every message to its panel.

import { demoCredential, getPublic, SignedApi } from './api.js';
import { AccountPanel } from './account.js';
import { BookPanel } from './book-panel.js';
import { ChartPanel } from './chart-panel.js';
import { Feed, type Message } from './feed.js';
import { computeHedge, setupHedge } from './hedge-panel.js';
import { applyTicker, loadIndices, renderMarkets, updateMarketRow } from './markets.js';
import { byId, state, type Product, type Series } from './state.js';

export const indicesRefreshMs = 60_000;

async function main(): Promise<void> {
  const [products, series] = await Promise.all([
    getPublic<{ products: Product[] }>('/v1/products'),
    getPublic<{ series: Series[] }>('/v1/series'),
  ]);
  for (const product of products.products) state.products.set(product.code, product);
  state.series = series.series.filter((s) => s.phase !== 'expired').sort((a, b) => a.product === b.product ? a.contractMonth.localeCompare(b.contractMonth) : [...state.products.keys()].indexOf(a.product) - [...state.products.keys()].indexOf(b.product));
  for (const s of state.series) state.seriesBySymbol.set(s.symbol, s);

  const feed = new Feed(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/ws`);
  const chart = new ChartPanel();
  const book = new BookPanel(feed);
  let account: AccountPanel | undefined;

  const select = (symbol: string) => {
    const previous = state.selected;
    if (previous === symbol) return;
    state.selected = symbol;
    for (const s of [previous, symbol]) if (s) updateMarketRow(s);
    byId('selected-symbol').textContent = `${symbol} · ${state.products.get(state.seriesBySymbol.get(symbol)!.product)!.name}`;
    book.select(previous, symbol);
    void chart.show(symbol);
    account?.ticket(symbol);
  };

  feed.onStatus = (status) => {
    byId('connection').textContent = status === 'open' ? 'live' : status;
    byId('connection').className = status === 'open' ? 'ok' : 'error';
  };
  feed.onMessage = (m: Message) => {
    switch (m.channel) {
      case 'ticker': applyTicker(m as never); return;
      case 'book': return m.type === 'snapshot' ? book.snapshot(m as never) : book.update(m as never);
      case 'trades':
        if (m.type === 'snapshot') {
          book.tradesSnapshot(m.symbol, m.trades);
          for (const t of m.trades) chart.trade(m.symbol, t);
        } else {
          book.trade(m.symbol, m as never);
          chart.trade(m.symbol, m as never);
          account?.refreshPnl();
        }
        return;
      case 'orders': account?.orderUpdate(m.data); return;
      case 'fills': account?.fill(m.data); return;
      case 'positions': account?.positionsUpdate(m.data); return;
      case 'balances': account?.balancesUpdate(m.data); return;
    }
    if (m.op === 'error') console.warn('tokex:', m.message);
  };

  renderMarkets(select);
  feed.connect();
  for (const s of state.series) feed.subscribe('ticker', s.symbol);

  const credential = await demoCredential();
  if (credential) {
    const api = new SignedApi(credential);
    state.api = api;
    account = new AccountPanel(api);
    feed.login(() => api.login());
    await account.start();
  } else {
    byId('account-id').textContent = 'no demo credential: market data only (the demo gives its key to this machine\'s browser only)';
    byId('ticket').querySelectorAll('input, select, button').forEach((e) => { (e as HTMLInputElement).disabled = true; });
  }
  book.onPick = (price, side) => account?.ticket(state.selected, price, side);

  // The most traded series first: the demo market trades the two nearest months of each product.
  select(state.series.find((s) => s.product === 'TKF')?.symbol ?? state.series[0]!.symbol);
  await loadIndices();
  setupHedge();
  setInterval(() => void loadIndices().then(computeHedge), indicesRefreshMs);
  document.body.dataset.ready = 'true';
}

main().catch((error: Error) => {
  byId('connection').textContent = `failed: ${error.message}`;
  byId('connection').className = 'error';
  throw error;
});
