// Charts of an index history: a text chart for the terminal (one row per fixing, a bar scaled between the
// lowest and highest level shown) and a small standalone SVG line chart. Pure: text in, text out.

import { nanoToDecimal } from './price.js';

export interface ChartPoint {
  readonly date: string;
  readonly levelNano: bigint;
  readonly flag: string;
}

export const chartBarWidthMax = 50;
const eighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export function textChart(points: readonly ChartPoint[]): string {
  if (points.length === 0) return '(no fixings in range)';
  const { low, high } = bounds(points);
  const span = high - low;
  return points.map((p) => {
    // A bar of at least one cell, so the lowest level is still visible; eighth blocks give finer steps.
    const units = span === 0n ? BigInt(chartBarWidthMax * 8) : 8n + ((p.levelNano - low) * BigInt((chartBarWidthMax - 1) * 8)) / span;
    const bar = '█'.repeat(Number(units / 8n)) + eighths[Number(units % 8n)]!;
    return `${p.date}  ${nanoToDecimal(p.levelNano).padStart(16)}  ${bar.padEnd(chartBarWidthMax)} ${p.flag}`.trimEnd();
  }).join('\n');
}

export function svgChart(title: string, unit: string, points: readonly ChartPoint[]): string {
  const width = 800;
  const height = 320;
  const pad = 60;
  const { low, high } = bounds(points);
  const span = high === low ? 1n : high - low;
  const x = (i: number): number => pad + (points.length <= 1 ? 0 : (i * (width - 2 * pad)) / (points.length - 1));
  const y = (level: bigint): number => height - pad - Number(((level - low) * 1_000_000n) / span) / 1_000_000 * (height - 2 * pad);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.levelNano).toFixed(1)}`).join(' ');
  const dots = points.map((p, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(p.levelNano).toFixed(1)}" r="2.5"><title>${p.date} ${nanoToDecimal(p.levelNano)}${p.flag ? ' ' + escape(p.flag) : ''}</title></circle>`).join('');
  const first = points[0]?.date ?? '';
  const last = points[points.length - 1]?.date ?? '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${pad}" y="24" font-size="15">${escape(title)} (${escape(unit)})</text>
<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#999"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${height - pad}" stroke="#999"/>
<text x="${pad - 6}" y="${pad + 4}" text-anchor="end">${nanoToDecimal(high)}</text>
<text x="${pad - 6}" y="${height - pad + 4}" text-anchor="end">${nanoToDecimal(low)}</text>
<text x="${pad}" y="${height - pad + 20}">${first}</text>
<text x="${width - pad}" y="${height - pad + 20}" text-anchor="end">${last}</text>
<path d="${path}" fill="none" stroke="#1f5fbf" stroke-width="2"/>
<g fill="#1f5fbf">${dots}</g>
</svg>
`;
}

function bounds(points: readonly ChartPoint[]): { low: bigint; high: bigint } {
  let low = points[0]?.levelNano ?? 0n;
  let high = low;
  for (const p of points) {
    if (p.levelNano < low) low = p.levelNano;
    if (p.levelNano > high) high = p.levelNano;
  }
  return { low, high };
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
