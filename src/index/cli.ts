// `tokex index …`: fix, restate, show, explain, verify and settle the benchmark indices. Reading and
// printing only; the work is in service.ts and the core files.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { svgChart, textChart } from './chart.js';
import { explainFixing } from './explain.js';
import { publicView, type FixingRecord } from './fixing.js';
import { indexByName, indexDefinitions, type IndexDefinition } from './indices.js';
import { nanoToDecimal } from './price.js';
import { fixIndex, fixingDays, loadReferenceData, restateIndex, settleMonth, verifyFixing, type FixOutcome } from './service.js';
import { FixingStore } from './store.js';
import { ticksToDecimal } from '../core/decimal.js';

const defaultDataDir = './.tokex';
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const help = `
Indices: ${indexDefinitions.map((d) => d.name).join(', ')}.
Fixings are stored with every input and intermediate value in DIR/index.sqlite (--data-dir, default ${defaultDataDir});
a correction is a new version (restate), never an edit. Fix dates in date order: each fixing links to the one before.
Exit codes: 0 done, 1 verify found a difference or no fixing could be made, 2 bad arguments.`;

export function register(program: Command): void {
  const index = program.command('index').description('benchmark indices: fix, restate, show, explain, verify, settle').addHelpText('after', help);

  index.command('fix')
    .description('compute, store and print the fixing of each index (or --index NAME) for a date or a range of dates')
    .option('--date <YYYY-MM-DD>', 'fixing date')
    .option('--from <YYYY-MM-DD>', 'first date of a range (with --to): fixes every business day in order')
    .option('--to <YYYY-MM-DD>', 'last date of a range')
    .option('--index <NAME>', 'one index only')
    .option('--fx-rate <CNY-per-USD>', 'operator USD/CNY fixing for CNY indices (default: the shipped reference rate)')
    .option('--json', 'one JSON object per fixing, one per line')
    .option('--data-dir <dir>', 'data directory', defaultDataDir)
    .action(async (o: { date?: string; from?: string; to?: string; index?: string; fxRate?: string; json?: boolean; dataDir: string }) => {
      const defs = pickIndices(o.index);
      if (typeof defs === 'string') return fail(defs);
      const single = o.date !== undefined;
      if (single === (o.from !== undefined || o.to !== undefined) || (!single && (o.from === undefined || o.to === undefined))) {
        return fail('give either --date D or both --from D and --to D');
      }
      for (const date of [o.date, o.from, o.to]) if (date !== undefined && !isoDate.test(date)) return fail(`dates are YYYY-MM-DD, got "${date}"`);
      const reference = await loadReferenceData();
      const store = new FixingStore(o.dataDir);
      try {
        let failures = 0;
        for (const def of defs) {
          const dates = single ? [o.date!] : fixingDays(def, o.from!, o.to!);
          for (const date of dates) {
            const outcome = fixIndex(store, reference, def, date, { fxRate: o.fxRate, now: () => new Date().toISOString() });
            if (!report(outcome, o.json === true, !single)) failures += 1;
          }
        }
        if (failures > 0) process.exitCode = 1;
      } finally {
        store.close();
      }
    });

  index.command('restate')
    .description('correct a fixing: compute it again from the current sources and store it as a new version with the reason')
    .argument('<NAME>', 'index name')
    .requiredOption('--date <YYYY-MM-DD>', 'fixing date')
    .requiredOption('--reason <text>', 'why the fixing is restated (kept with it)')
    .option('--fx-rate <CNY-per-USD>', 'operator USD/CNY fixing for CNY indices')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory', defaultDataDir)
    .action(async (name: string, o: { date: string; reason: string; fxRate?: string; json?: boolean; dataDir: string }) => {
      const def = indexByName(name);
      if (!def) return fail(unknownIndex(name));
      const reference = await loadReferenceData();
      const store = new FixingStore(o.dataDir);
      try {
        const later = store.laterThan(name, o.date);
        const outcome = restateIndex(store, reference, def, o.date, o.reason, { fxRate: o.fxRate, now: () => new Date().toISOString() });
        if (!report(outcome, o.json === true, false)) process.exitCode = 1;
        else if (later && !o.json) process.stdout.write(`note: fixings after ${o.date} (up to ${later}) still link to the earlier version; restate them in turn if the correction carries forward\n`);
      } finally {
        store.close();
      }
    });

  index.command('show')
    .description('print the history of an index with a chart, or write the chart as SVG')
    .argument('<NAME>', 'index name')
    .requiredOption('--from <YYYY-MM-DD>', 'first date')
    .requiredOption('--to <YYYY-MM-DD>', 'last date')
    .option('--svg <file>', 'write an SVG chart to this file')
    .option('--data-dir <dir>', 'data directory', defaultDataDir)
    .action((name: string, o: { from: string; to: string; svg?: string; dataDir: string }) => {
      const def = indexByName(name);
      if (!def) return fail(unknownIndex(name));
      const store = new FixingStore(o.dataDir);
      try {
        const records = store.range(name, o.from, o.to);
        const points = records.map((r) => ({ date: r.date, levelNano: r.result.levelNano, flag: [r.version > 1 ? `v${r.version}` : '', ...r.result.flags.filter((f) => f.startsWith('fallback') || f === 'divisor relinked')].filter(Boolean).join(' ') }));
        const levels = points.map((p) => p.levelNano).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const scale = levels.length ? `; bars run from ${nanoToDecimal(levels[0]!)} (one cell) to ${nanoToDecimal(levels[levels.length - 1]!)} (full width)` : '';
        process.stdout.write(`${name} (${def.unit}), ${records.length} fixings ${o.from}..${o.to}${scale}\n${textChart(points)}\n`);
        if (o.svg) {
          writeFileSync(o.svg, svgChart(name, def.unit, points));
          process.stdout.write(`SVG chart written to ${o.svg}\n`);
        }
      } finally {
        store.close();
      }
    });

  index.command('explain')
    .description('print every input and step of a fixing, so it can be recomputed by hand')
    .argument('<NAME>', 'index name')
    .requiredOption('--date <YYYY-MM-DD>', 'fixing date')
    .option('--version <n>', 'a stored version (default: the latest)')
    .option('--data-dir <dir>', 'data directory', defaultDataDir)
    .action((name: string, o: { date: string; version?: string; dataDir: string }) => {
      const store = new FixingStore(o.dataDir);
      try {
        const record = o.version === undefined ? store.latest(name, o.date) : store.version(name, o.date, Number(o.version));
        if (!record) return fail(`${name} has no stored fixing for ${o.date}${o.version ? ` version ${o.version}` : ''} (run tokex index fix first)`, 1);
        process.stdout.write(explainFixing(record) + '\n');
      } finally {
        store.close();
      }
    });

  index.command('verify')
    .description('recompute a stored fixing from its stored inputs and say whether it reproduces exactly')
    .argument('<NAME>', 'index name')
    .requiredOption('--date <YYYY-MM-DD>', 'fixing date')
    .option('--version <n>', 'a stored version (default: the latest)')
    .option('--data-dir <dir>', 'data directory', defaultDataDir)
    .action((name: string, o: { date: string; version?: string; dataDir: string }) => {
      const store = new FixingStore(o.dataDir);
      try {
        const v = verifyFixing(store, name, o.date, o.version === undefined ? undefined : Number(o.version));
        if (typeof v === 'string') return fail(v, 1);
        process.stdout.write(`${name} ${o.date}: ${v.reproduced ? 'REPRODUCED exactly' : 'DOES NOT REPRODUCE'}: stored level ${v.storedLevel}, recomputed ${v.recomputedLevel ?? '-'}; ${v.detail}\n`);
        if (!v.reproduced) process.exitCode = 1;
      } finally {
        store.close();
      }
    });

  index.command('settle')
    .description('final settlement price of a contract month: the mean of the month\'s fixings, rounded to the tick')
    .argument('<NAME>', 'index name')
    .requiredOption('--month <YYYY-MM>', 'contract month')
    .requiredOption('--tick <size>', 'the contract\'s tick size, e.g. 0.001')
    .option('--data-dir <dir>', 'data directory', defaultDataDir)
    .action((name: string, o: { month: string; tick: string; dataDir: string }) => {
      const def = indexByName(name);
      if (!def) return fail(unknownIndex(name));
      const match = /^(\d{4})-(\d{2})$/.exec(o.month);
      if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) return fail(`--month is YYYY-MM, got "${o.month}"`);
      const store = new FixingStore(o.dataDir);
      try {
        const outcome = settleMonth(store, def, Number(match[1]), Number(match[2]), o.tick);
        if (!outcome.ok) return fail(outcome.message, 1);
        const s = outcome.settlement;
        for (const f of s.used) process.stdout.write(`  ${f.date}  ${nanoToDecimal(f.levelNano)}${f.filledFrom ? `  (filled from ${f.filledFrom})` : ''}\n`);
        if (s.missingDays.length) process.stdout.write(`  missing: ${s.missingDays.join(', ')}\n`);
        process.stdout.write(`${name} ${o.month}: mean of ${s.count} = ${nanoToDecimal(s.sumNano)} / ${s.count}; final settlement price ${ticksToDecimal(s.priceTicks, o.tick)} (${s.priceTicks} ticks of ${o.tick}, ${s.method})\n`);
      } finally {
        store.close();
      }
    });
}

function report(outcome: FixOutcome, json: boolean, quietExisting: boolean): boolean {
  if (!outcome.ok) {
    process.stderr.write(`tokex index: ${outcome.message}\n`);
    return false;
  }
  const record = outcome.value;
  if (json) {
    process.stdout.write(JSON.stringify(publicView(record)) + '\n');
    return true;
  }
  if (outcome.existing && quietExisting) {
    process.stdout.write(`${record.index} ${record.date} v${record.version}: ${nanoToDecimal(record.result.levelNano)} (already fixed)\n`);
    return true;
  }
  process.stdout.write(summary(record) + (outcome.existing ? '  (already fixed; a correction is `tokex index restate`)\n' : '\n'));
  return true;
}

function summary(record: FixingRecord): string {
  const head = `${record.index} ${record.date} v${record.version}: ${nanoToDecimal(record.result.levelNano)} ${record.unit}` +
    (record.result.flags.length ? `  [${record.result.flags.join('; ')}]` : '');
  if (record.kind === 'token') {
    const rows = record.result.constituents.map((c) => `  ${c.family.padEnd(20)} w${c.weight}  ${c.status.padEnd(7)} ${c.priceNano === undefined ? '-'.padStart(14) : nanoToDecimal(c.priceNano).padStart(14)}  ` +
      `${c.providers.length} providers${c.providers.some((p) => p.outlier) ? ` (outliers: ${c.providers.filter((p) => p.outlier).map((p) => p.provider).join(', ')})` : ''}`);
    return [head, ...rows].join('\n');
  }
  const rows = record.result.lines.map((l) => `  ${l.contributor.padEnd(22)} ${l.term.padEnd(10)} ${nanoToDecimal(l.priceNanoPerGpuHour)}  ${String(l.qtyGpuHours).padStart(8)} h  kept ${Number(l.keptTenths) / 10} h`);
  return [`${head}  (${record.result.method}, ${record.result.contributors} contributors)`, ...rows].join('\n');
}

function pickIndices(name: string | undefined): readonly IndexDefinition[] | string {
  if (name === undefined) return indexDefinitions;
  const def = indexByName(name);
  return def ? [def] : unknownIndex(name);
}

function unknownIndex(name: string): string {
  return `unknown index "${name}" (known: ${indexDefinitions.map((d) => d.name).join(', ')})`;
}

function fail(message: string, code = 2): void {
  process.stderr.write(`tokex index: ${message}\n`);
  process.exitCode = code;
}
