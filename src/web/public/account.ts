// The demo trader's side: the order ticket (signed POST /v1/orders), open orders with cancel, positions with
// P&L per series, balances, and an equity chart. Kept live by the account's WebSocket pushes; balances are
// also polled so the equity line moves with prices between the account's own trades.

import type * as Charts from 'lightweight-charts';
import { ApiFailure, type SignedApi } from './api.js';
import { themedChart } from './chart-panel.js';
import { dec, sub, toScale } from './decimal.js';
import { pnlBySeries, type Fill } from './pnl.js';
import { byId, h, money, productOf, state } from './state.js';

declare const LightweightCharts: typeof Charts;

interface Order { orderId: number; symbol: string; side: string; type: string; price: string | null; qty: number; filledQty: number; status: string }
interface Position { symbol: string; qty: number; markPrice: string | null }
interface Balance { currency: string; cash: string; equity: string; available: string }

export const fillsLoaded = 1000;
export const balancesPollMs = 5_000;
const openStatuses = new Set(['new', 'partially_filled']);

export class AccountPanel {
  private readonly orders = new Map<number, Order>();
  private positions: Position[] = [];
  private readonly fills: Fill[] = [];
  private equity: Charts.ISeriesApi<'Line'> | undefined;
  private lastEquityTime = 0;

  constructor(private readonly api: SignedApi) {}

  async start(): Promise<void> {
    byId('account-id').textContent = `demo trader · account ${this.api.credential.accountId}`;
    this.equity = themedChart(byId('equity-chart'), 140).addSeries(LightweightCharts.LineSeries, { color: '#4da3ff', lineWidth: 2, priceFormat: { type: 'price', precision: 2, minMove: 0.01 } });
    byId('ticket').addEventListener('submit', (event) => { event.preventDefault(); void this.placeOrder(); });
    byId<HTMLSelectElement>('ticket-type').addEventListener('change', () => this.ticketMode());
    this.ticketMode();
    const [orders, positions, fills] = await Promise.all([
      this.api.request<{ orders: Order[] }>('GET', '/v1/orders?status=open'),
      this.api.request<{ positions: Position[] }>('GET', '/v1/positions'),
      this.api.request<{ fills: Fill[] }>('GET', `/v1/fills?limit=${fillsLoaded}`),
    ]);
    for (const order of orders.orders) this.orders.set(order.orderId, order);
    this.positions = positions.positions;
    this.fills.push(...fills.fills.reverse());
    this.renderOrders();
    this.renderPositions();
    await this.pollBalances();
    setInterval(() => void this.pollBalances().catch(() => {}), balancesPollMs);
  }

  /** The ticket's symbol follows the selected series; a click on the ladder fills in price and side. */
  ticket(symbol: string, price?: string, side?: 'buy' | 'sell'): void {
    byId('ticket-symbol').textContent = symbol;
    const product = productOf(symbol);
    byId('ticket-units').textContent = `lots of ${product.contractUnit.description}; price in ${product.quoteUnit}`;
    if (price !== undefined) byId<HTMLInputElement>('ticket-price').value = price;
    if (side !== undefined) byId<HTMLSelectElement>('ticket-side').value = side;
  }

  private ticketMode(): void {
    const market = byId<HTMLSelectElement>('ticket-type').value === 'market';
    byId<HTMLInputElement>('ticket-price').disabled = market;
  }

  private async placeOrder(): Promise<void> {
    const status = byId('ticket-status');
    const type = byId<HTMLSelectElement>('ticket-type').value;
    const qty = Number(byId<HTMLInputElement>('ticket-qty').value);
    const body: Record<string, unknown> = { symbol: state.selected, side: byId<HTMLSelectElement>('ticket-side').value, type, qty };
    if (type === 'limit') body.price = byId<HTMLInputElement>('ticket-price').value.trim();
    else body.timeInForce = 'IOC';
    status.className = 'muted';
    status.textContent = 'sending…';
    try {
      const order = await this.api.request<Order & { fills: Fill[] }>('POST', '/v1/orders', body);
      this.orderUpdate(order);
      status.className = 'ok';
      status.textContent = `order ${order.orderId}: ${order.status.replace('_', ' ')}${order.filledQty > 0 ? `, ${order.filledQty} filled` : ''}`;
    } catch (error) {
      status.className = 'error';
      status.textContent = error instanceof ApiFailure ? `refused: ${error.message}` : String(error);
    }
  }

  private async cancel(orderId: number): Promise<void> {
    try {
      this.orderUpdate(await this.api.request<Order>('DELETE', `/v1/orders/${orderId}`));
    } catch (error) {
      byId('ticket-status').className = 'error';
      byId('ticket-status').textContent = error instanceof ApiFailure ? `cancel refused: ${error.message}` : String(error);
    }
  }

  orderUpdate(order: Order): void {
    if (openStatuses.has(order.status)) this.orders.set(order.orderId, order);
    else this.orders.delete(order.orderId);
    this.renderOrders();
  }

  fill(fill: Fill): void {
    this.fills.push(fill);
    this.renderPositions();
  }

  positionsUpdate(positions: Position[]): void {
    this.positions = positions;
    this.renderPositions();
  }

  balancesUpdate(balances: Balance[]): void {
    byId('balances-body').replaceChildren(...balances.map((b) => {
      const deposit = this.api.credential.deposits[b.currency];
      const pnl = deposit === undefined ? null : sub(dec(b.equity), dec(deposit));
      const pnlMinor = pnl === null ? null : toScale(pnl, state.minorScale);
      return h('tr', { 'data-currency': b.currency }, h('td', {}, b.currency), h('td', { class: 'num' }, b.equity), h('td', { class: 'num' }, b.available),
        h('td', { class: `num ${pnlMinor === null ? '' : pnlMinor >= 0n ? 'up' : 'down'}` }, pnlMinor === null ? '—' : money(pnlMinor)));
    }));
    const usd = balances.find((b) => b.currency === 'USD');
    if (usd && this.equity) {
      const time = Math.max(this.lastEquityTime, Math.floor(Date.now() / 1000));
      this.lastEquityTime = time;
      this.equity.update({ time: time as Charts.UTCTimestamp, value: Number(usd.equity) });
    }
  }

  refreshPnl(): void {
    this.renderPositions();
  }

  private async pollBalances(): Promise<void> {
    this.balancesUpdate((await this.api.request<{ balances: Balance[] }>('GET', '/v1/balances')).balances);
  }

  private renderOrders(): void {
    const rows = [...this.orders.values()].sort((a, b) => b.orderId - a.orderId).map((o) => h('tr', { 'data-order-id': o.orderId },
      h('td', {}, o.orderId), h('td', { class: 'sym' }, o.symbol), h('td', { class: o.side === 'buy' ? 'up' : 'down' }, o.side),
      h('td', { class: 'num' }, o.price ?? 'market'), h('td', { class: 'num' }, `${o.filledQty}/${o.qty}`),
      h('td', {}, h('button', { class: 'cancel', type: 'button', onclick: () => void this.cancel(o.orderId) }, 'cancel'))));
    byId('orders-body').replaceChildren(...(rows.length > 0 ? rows : [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'no open orders'))]));
  }

  private renderPositions(): void {
    const pnl = new Map(pnlBySeries(this.fills, (s) => state.tickers.get(s)?.last ?? null, (s) => productOf(s).contractUnit.quantity, state.minorScale).map((p) => [p.symbol, p]));
    const rows = this.positions.map((p) => {
      const line = pnl.get(p.symbol);
      // Fills are kept by the server since its start: if they do not add up to the position, the split is unknown.
      const known = line !== undefined && line.positionLots === p.qty && line.pnlMinor !== undefined;
      const product = productOf(p.symbol);
      return h('tr', { 'data-symbol': p.symbol }, h('td', { class: 'sym' }, p.symbol), h('td', { class: `num ${p.qty > 0 ? 'up' : 'down'}` }, p.qty),
        h('td', { class: 'num' }, state.tickers.get(p.symbol)?.last ?? p.markPrice ?? '—'),
        h('td', { class: `num ${known && line.pnlMinor! < 0n ? 'down' : 'up'}` }, known ? `${money(line.pnlMinor!)} ${product.currency}` : '—'));
    });
    byId('positions-body').replaceChildren(...(rows.length > 0 ? rows : [h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'no positions'))]));
  }
}
