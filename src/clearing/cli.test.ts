import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCatalogue } from '../products/catalogue.js';
import { settle } from './cli.js';
import { demoDay } from './demo.js';
import type { SettlementReport } from './report.js';

test('settle runs the end of day on a state file, writes the report and the settled state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-settle-'));
  try {
    const { house, close } = demoDay(defaultCatalogue(), '2027-03-15', () => 1);
    mkdirSync(join(dir, 'clearing'));
    writeFileSync(join(dir, 'clearing', 'state.json'), JSON.stringify(house.snapshot()));
    writeFileSync(join(dir, 'clearing', 'close-2027-03-15.json'), JSON.stringify(close));
    const out = join(dir, 'reports', 'settlement.json');
    assert.equal(settle({ date: '2027-03-15', dataDir: dir, format: 'json', out }), undefined);
    const report = JSON.parse(readFileSync(out, 'utf8')) as SettlementReport;
    const methods = Object.fromEntries(report.prices.map((p) => [p.symbol, p.method]));
    assert.equal(methods['TKFH27'], 'vwap');
    assert.equal(methods['TKFJ27'], 'index');
    assert.equal(methods['GPHH27'], 'mid');
    assert.equal(methods['TKEH27'], 'previous');
    const lab = report.accounts.find((a) => a.owner === 'ai-lab' && a.currency === 'USD')!;
    // ai-lab bought 20 TKFH27 at 5.010 and sold 5 at 5.040; the window (ts ≥ 150) holds only the 5.040 trade:
    // VM 15 × (5040 − 5010) × 1,000 = 450,000.
    assert.equal(lab.variationMarginMinor, '450000');
    const state = JSON.parse(readFileSync(join(dir, 'clearing', 'state.json'), 'utf8'));
    assert.equal(state.reports.length, 1, 'the settled state, with its report, was written back');
    const csvOut = join(dir, 'settlement.csv');
    assert.equal(settle({ date: '2027-03-16', dataDir: dir, format: 'csv', out: csvOut }), undefined);
    assert.match(readFileSync(csvOut, 'utf8'), /^date,accountId,memberId,owner,currency/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('settle refuses a bad date, a bad format and a missing state file with a message', () => {
  assert.match(settle({ date: '2027-13-45', format: 'json' }) ?? '', /--date must be a calendar date/);
  assert.match(settle({ date: '2027-03-15', format: 'xml' }) ?? '', /--format must be json or csv/);
  assert.match(settle({ date: '2027-03-15', format: 'json', dataDir: '/nonexistent-tokex' }) ?? '', /no clearing state at/);
});
