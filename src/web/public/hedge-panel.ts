// The hedge calculator's form, result table and chart (hedged vs. unhedged cost under index moves, as SVG).
// The arithmetic is hedge.ts; this file gathers its inputs from the catalogue, the tickers and the indices.

import { formatUnits } from './decimal.js';
import { planHedge, type HedgePlan, type HedgeSide, type SeriesQuote } from './hedge.js';
import { byId, h, money, state } from './state.js';

export const scenarioSteps = 20;

function value(name: string): string {
  return (byId('hedge').querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLSelectElement).value;
}

/** The series of a product from the month after this one, nearest first: "the next K months". */
function monthsAhead(productCode: string, now = new Date()): SeriesQuote[] {
  const thisMonth = now.toISOString().slice(0, 7);
  return state.series.filter((s) => s.product === productCode && s.contractMonth > thisMonth && s.phase !== 'expired')
    .sort((a, b) => a.contractMonth.localeCompare(b.contractMonth))
    .map((s) => {
      const t = state.tickers.get(s.symbol);
      return { symbol: s.symbol, contractMonth: s.contractMonth, bestBid: t?.bestBid ?? null, bestAsk: t?.bestAsk ?? null, last: t?.last ?? null, previousSettlement: s.previousSettlement };
    });
}

export function setupHedge(): void {
  const select = byId('hedge').querySelector('[name="product"]') as HTMLSelectElement;
  select.replaceChildren(...[...state.products.values()].map((p) => h('option', { value: p.code }, `${p.code} · ${p.name}`)));
  byId('hedge').addEventListener('input', () => computeHedge());
  byId('hedge').addEventListener('submit', (event) => { event.preventDefault(); computeHedge(); });
  computeHedge();
}

export function computeHedge(): void {
  const product = state.products.get(value('product'))!;
  const side = value('side') as HedgeSide;
  byId('hedge-unit').textContent = `${product.contractUnit.unit} per month`;
  const index = state.indices.get(product.underlyingIndex);
  const series = monthsAhead(product.code);
  const indexLevel = index?.level ?? series[0]?.previousSettlement ?? null;
  const indexNote = index?.level ? `${product.underlyingIndex} ${index.level} (${index.date})` : `index not fixed yet: the front series' previous settlement ${indexLevel ?? '—'} stands in`;
  const result = byId('hedge-result');
  const movePct = value('move');
  const moveBpsMax = /^\d{1,2}(\.\d{1,2})?$/.test(movePct) ? Math.round(Number(movePct) * 100) : -1;
  const plan = indexLevel === null ? { ok: false as const, field: 'index', message: 'no index level and no settlement price yet' } : planHedge({
    side, quantityPerMonth: value('quantity'), months: Number(value('months')), contractUnit: product.contractUnit.quantity,
    series, indexLevel, minorScale: state.minorScale, moveBpsMax, scenarioSteps,
  });
  if (!plan.ok) {
    result.replaceChildren(h('p', { class: 'error', id: 'hedge-error', 'data-field': plan.field }, plan.message));
    byId('hedge-chart').replaceChildren();
    return;
  }
  renderPlan(plan.plan, product.currency, product.contractUnit.unit, product.contractUnit.description, side, indexNote);
  byId('hedge-chart').replaceChildren(chart(plan.plan, product.currency));
}

function renderPlan(plan: HedgePlan, currency: string, unit: string, contract: string, side: HedgeSide, indexNote: string): void {
  const verb = side === 'buy' ? 'buy' : 'sell';
  const cost = side === 'buy' ? 'cost' : 'revenue';
  const residual = formatUnits(plan.residualPerMonth.units, plan.residualPerMonth.scale);
  byId('hedge-result').replaceChildren(
    h('p', {}, h('strong', {}, `${verb} `, h('span', { id: 'hedge-lots-per-month' }, String(plan.lotsPerMonth)), ` lots a month`),
      ` (${contract} each) — `, h('span', { id: 'hedge-lots-total' }, String(plan.lotsTotal)), ` lots in all; covers ${formatUnits(plan.coverBps, 2)}% of the quantity`,
      residual === '0' ? '' : `, ${residual} ${unit} a month left unhedged`, '.'),
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, 'month'), h('th', {}, 'series'), h('th', {}, 'lots'), h('th', {}, `futures price`), h('th', {}, `locked ${cost} (${currency})`), h('th', {}, `at today's index (${currency})`))),
      h('tbody', { id: 'hedge-months' }, ...plan.months.map((m) => h('tr', { 'data-symbol': m.symbol },
        h('td', {}, m.contractMonth), h('td', { class: 'sym' }, m.symbol), h('td', { class: 'num' }, String(m.lots)),
        h('td', { class: 'num', title: m.priceSource }, `${m.price} (${m.priceSource})`), h('td', { class: 'num' }, money(m.lockedMinor)), h('td', { class: 'num' }, money(m.atIndexMinor))))),
      h('tfoot', {}, h('tr', {}, h('td', { colspan: 4 }, 'total'), h('td', { class: 'num', id: 'hedge-locked-total' }, money(plan.lockedTotalMinor)), h('td', { class: 'num' }, money(plan.atIndexTotalMinor))))),
    h('p', { class: 'muted' }, `Index: ${indexNote}. Hedged ${cost} at today's index (futures locked + remainder at index): ${money(plan.hedgedAtIndexTotalMinor)} ${currency}. `,
      'Assumes each month settles at today\'s index moved by the scenario; fees and margin funding left out.'));
}

/** Hedged vs. unhedged cost over the index moves: two lines on an SVG, labelled at the ends. */
function chart(plan: HedgePlan, currency: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const width = 540, height = 200, pad = { l: 110, r: 16, t: 12, b: 28 };
  const all = plan.scenarios.flatMap((s) => [s.hedgedMinor, s.unhedgedMinor]);
  const min = Number(all.reduce((a, b) => (b < a ? b : a))), max = Number(all.reduce((a, b) => (b > a ? b : a)));
  const moves = plan.scenarios.map((s) => s.moveBps);
  const x = (bps: number) => pad.l + ((bps - moves[0]!) / Math.max(1, moves.at(-1)! - moves[0]!)) * (width - pad.l - pad.r);
  const y = (minor: bigint) => pad.t + (max === min ? 0.5 : (max - Number(minor)) / (max - min)) * (height - pad.t - pad.b);
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'hedge-svg');
  const add = (tag: string, attrs: Record<string, string | number>, text?: string) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
  };
  const line = (pick: (s: HedgePlan['scenarios'][number]) => bigint, color: string, name: string) => {
    add('polyline', { points: plan.scenarios.map((s) => `${x(s.moveBps)},${y(pick(s))}`).join(' '), fill: 'none', stroke: color, 'stroke-width': 2, 'data-line': name });
    const last = plan.scenarios.at(-1)!;
    add('text', { x: x(last.moveBps) - 4, y: y(pick(last)) - 6, fill: color, 'text-anchor': 'end', 'font-size': 11 }, name);
  };
  add('line', { x1: pad.l, x2: width - pad.r, y1: height - pad.b, y2: height - pad.b, stroke: '#2a3442' });
  for (const s of [plan.scenarios[0]!, plan.scenarios[Math.floor(plan.scenarios.length / 2)]!, plan.scenarios.at(-1)!]) {
    add('text', { x: x(s.moveBps), y: height - 10, fill: '#9aa4b2', 'text-anchor': 'middle', 'font-size': 11 }, `${s.moveBps > 0 ? '+' : ''}${s.moveBps / 100}%`);
  }
  for (const v of [BigInt(Math.round(min)), BigInt(Math.round(max))]) {
    add('text', { x: pad.l - 6, y: y(v) + 4, fill: '#9aa4b2', 'text-anchor': 'end', 'font-size': 11 }, `${money(v)}`);
  }
  add('text', { x: 4, y: pad.t + 10, fill: '#9aa4b2', 'font-size': 11 }, currency);
  line((s) => s.unhedgedMinor, '#ef5350', 'unhedged');
  line((s) => s.hedgedMinor, '#26a69a', 'hedged');
  return svg;
}
