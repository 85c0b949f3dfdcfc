// `tokex index explain`: every input and every step of a fixing, in the order of the calculation, with the
// numbers a person needs to recompute it by hand (all prices in the index currency unless marked).

import { unitsToDecimal } from '../core/decimal.js';
import type { FixingRecord, GpuFixingRecord, TokenFixingRecord } from './fixing.js';
import { nanoToDecimal as d } from './price.js';
import { outlierMadMultiple, outlierMadScaleE4 } from './token-index.js';

export function explainFixing(record: FixingRecord): string {
  const lines = [
    `${record.index} fixing for ${record.date}, version ${record.version} (method ${record.methodVersion}), recorded ${record.recordedAt}`,
    `unit: ${record.unit}; all values exact, kept to 9 decimals; each division rounds half away from zero`,
  ];
  if (record.restatement) lines.push(`RESTATEMENT of version ${record.restatement.supersedesVersion}: ${record.restatement.reason}`);
  lines.push(...(record.kind === 'token' ? explainToken(record) : explainGpu(record)));
  lines.push(`flags: ${record.result.flags.length ? record.result.flags.join('; ') : 'none'}`);
  return lines.join('\n');
}

function explainToken(record: TokenFixingRecord): string[] {
  const { inputs, result } = record;
  const out: string[] = [];
  out.push(`constituent list: review effective ${inputs.review.effective} — ${inputs.review.reason}`);
  if (inputs.fx) out.push(`FX: USD/CNY ${inputs.fx.rate} (${inputs.fx.source}); a USD blend × rate = CNY blend`);
  out.push(inputs.previous
    ? `previous fixing: ${inputs.previous.date} v${inputs.previous.version}, level ${d(inputs.previous.levelNano)}, divisor ${d(inputs.previous.divisor.numeratorNano)} / ${d(inputs.previous.divisor.denominatorNano)}`
    : 'previous fixing: none (this is the base fixing, divisor 1)');
  out.push('', 'Step 1-3. per constituent: blend = (3 × input + output) / 4 per provider model; provider price = median of its models;');
  out.push(`          constituent = median over providers; with ≥ 3 providers, |p − median| > ${outlierMadMultiple} × ${Number(outlierMadScaleE4) / 10000} × MAD is an outlier`);
  for (const c of result.constituents) {
    out.push('', `  ${c.family} (weight ${c.weight}): ${c.status}${c.priceNano !== undefined ? ' ' + d(c.priceNano) : ''}${c.status === 'carried' ? ` (carried, day ${c.carriedCount})` : ''}`);
    for (const p of c.providers) {
      for (const m of p.models) {
        const fx = m.currency !== inputs.currency ? ` → ${d(m.blendNano)} ${inputs.currency}` : '';
        out.push(`    ${p.provider} ${m.modelId}: input ${d(m.inputNanoPerMtok)} output ${d(m.outputNanoPerMtok)} ${m.currency} → blend ${d(m.blendSourceNano)}${fx}  [${m.source}]`);
      }
      out.push(`      provider price ${d(p.priceNano)}, |p − median| ${d(p.deviationNano)}${p.outlier ? '  OUTLIER, set aside' : ''}`);
    }
    if (c.medianAllNano !== undefined) out.push(`    median of all ${c.providers.length} providers ${d(c.medianAllNano)}`);
    if (c.madNano !== undefined) out.push(`    MAD ${d(c.madNano)}, outlier threshold 3 × 1.4826 × MAD = ${unitsToDecimal(c.outlierThresholdE4Nano!, 13)}`);
  }
  out.push('', `Step 4. basket average A = Σ w·p / Σ w over ${result.basket.length} constituents:`);
  out.push(`  (${result.basket.map((b) => `${b.weight}×${d(b.priceNano)}`).join(' + ')}) / ${result.weightSum} = ${d(result.basketAverageNano)}`);
  if (result.link) {
    out.push('', 'Step 5a. the basket changed: relink so the level does not jump');
    out.push(`  old basket at today's prices: (${result.link.oldBasket.map((b) => `${b.weight}×${d(b.priceNano)}`).join(' + ')}) / ${result.link.oldBasket.reduce((s, b) => s + b.weight, 0)} = ${d(result.link.oldBasketAverageNano)}`);
    out.push(`  old level = ${d(result.link.oldBasketAverageNano)} × ${d(inputs.previous!.divisor.denominatorNano)} / ${d(inputs.previous!.divisor.numeratorNano)} = ${d(result.link.oldLevelNano)}`);
    out.push(`  new divisor D = A / old level = ${d(result.divisor.numeratorNano)} / ${d(result.divisor.denominatorNano)}`);
  }
  out.push('', `Step 5. level = A / D = A × ${d(result.divisor.denominatorNano)} / ${d(result.divisor.numeratorNano)} (divisor ${result.divisorRule})`);
  out.push(`  = ${d(result.levelNano)} ${record.unit}`);
  return out;
}

function explainGpu(record: GpuFixingRecord): string[] {
  const { inputs, result } = record;
  const out = [`inputs: ${inputs.quotes.length} quotes from ${result.contributors} contributors for ${inputs.gpu}`, '',
    'Step 1. quotes by price; 10% of the total quantity trimmed from each end (quantities in GPU-hours):'];
  for (const l of result.lines) {
    out.push(`  ${d(l.priceNanoPerGpuHour)}  ${String(l.qtyGpuHours).padStart(9)} h  kept ${(Number(l.keptTenths) / 10).toString().padStart(9)} h  ${l.contributor} (${l.term})`);
  }
  out.push(`  trimmed at each end: ${Number(result.trimEachEndTenths) / 10} h`);
  out.push('', `Step 2. quantity-weighted mean of the rest: Σ kept·price / Σ kept = ${d(result.keptWeightedSumNano / 10n)} / ${Number(result.keptTenths) / 10}`);
  if (result.method === 'trimmed-mean') {
    out.push(`  = ${d(result.levelNano)} ${record.unit}`);
    return out;
  }
  const fb = result.fallback!;
  out.push('', `Step 3. FALLBACK: ${result.contributors} contributors is fewer than the minimum; previous fixing ${inputs.previous!.date} level ${d(inputs.previous!.levelNano)}`);
  out.push('  moved by the change of the quotes present in both, weighted by the previous quantities:');
  for (const l of fb.lines) out.push(`    ${l.contributor} (${l.term}): ${d(l.previousPriceNano)} → ${d(l.todayPriceNano)} × ${l.previousQtyGpuHours} h`);
  out.push(`  level = ${d(inputs.previous!.levelNano)} × ${d(fb.todayValueNano)} / ${d(fb.previousValueNano)} = ${d(result.levelNano)} ${record.unit}`);
  return out;
}
