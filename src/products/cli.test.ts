import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultCatalogue } from './catalogue.js';
import { exitBadArgument, runProducts, runSeries } from './cli.js';

const catalogue = defaultCatalogue();
function capture(): { lines: string[]; print: (line: string) => void } {
  const lines: string[] = [];
  return { lines, print: (line) => lines.push(line) };
}

test('products prints a table of the four products with tick, limit and margin', () => {
  const out = capture();
  assert.equal(runProducts(catalogue, false, out.print), 0);
  assert.equal(out.lines.length, 2 + 4);
  assert.match(out.lines[0]!, /^code\s+name\s+index/);
  const tkc = out.lines.find((l) => l.startsWith('TKC '))!;
  assert.match(tkc, /TTI-CHINA-CNY .* 0\.01 +CNY 100 +1-500 +8% +10% +500\/3000 +3\/8 +21:00-23:00 09:00-11:30 13:30-15:00 Asia\/Shanghai +CN$/);
});

test('products --json prints every field, bigints as strings', () => {
  const out = capture();
  runProducts(catalogue, true, out.print);
  const products = JSON.parse(out.lines.join('\n')) as Record<string, unknown>[];
  assert.deepEqual(products.map((p) => p['code']), ['TKF', 'TKE', 'TKC', 'GPH']);
  assert.equal(products[0]!['tickValueMinor'], '1000');
  assert.equal((products[3]!['margin'] as Record<string, number>)['initialMarginBps'], 1500);
});

test('series lists the date\'s series with first and last trading days; --product filters', () => {
  const out = capture();
  assert.equal(runSeries(catalogue, { date: '2027-03-15', product: 'TKF' }, out.print, assert.fail), 0);
  assert.equal(out.lines[0], 'series listed on 2027-03-15:');
  assert.equal(out.lines.length, 3 + 12);
  assert.match(out.lines[3]!, /^TKFH27 +TKF-2027-03 +2026-04-01 +2027-03-31 +2027-04-01 +front$/);
  const json = capture();
  runSeries(catalogue, { date: '2027-03-31', json: true }, json.print, assert.fail);
  const series = JSON.parse(json.lines.join('\n')) as { symbol: string; expiringToday: boolean }[];
  assert.equal(series.length, 48);
  assert.deepEqual(series.filter((s) => s.expiringToday).map((s) => s.symbol), ['TKFH27', 'TKEH27', 'TKCH27', 'GPHH27']);
});

test('series refuses bad dates, unknown products and dates beyond the calendars with exit code 2', () => {
  for (const [options, message] of [
    [{ date: '2027-02-30' }, /--date must be a real calendar date as YYYY-MM-DD, got "2027-02-30"/],
    [{ date: '15/03/2027' }, /--date must be a real calendar date/],
    [{ date: '2027-03-15', product: 'XXX' }, /--product "XXX" is not in the catalogue \(known: TKF, TKE, TKC, GPH\)/],
    [{ date: '2029-06-01' }, /--date 2029-06-01: .*outside the US holiday calendar/],
  ] as const) {
    const errors = capture();
    assert.equal(runSeries(catalogue, options, assert.fail, errors.print), exitBadArgument);
    assert.match(errors.lines.join('\n'), message);
  }
});

test('the tokex command runs series end to end and exits 2 on a bad date', () => {
  const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
  const ok = spawnSync(process.execPath, ['--import', 'tsx', main, 'series', '--date', '2027-03-15'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^TKFH27 +TKF-2027-03 +2026-04-01 +2027-03-31/m);
  assert.match(ok.stdout, /^GPHG28 /m);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', main, 'series', '--date', '2027-3-15'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /error: --date must be a real calendar date/);
});
