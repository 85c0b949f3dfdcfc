// The CLI round trip on a temporary data dir: fix → verify → tamper → verify fails → restate → show → settle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const root = new URL('../..', import.meta.url).pathname;

function tokex(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'index', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('fix → verify reproduces; a tampered record does not; restate adds a version; show and settle read the store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-index-'));
  try {
    const fixed = tokex('fix', '--date', '2026-11-20', '--index', 'TTI-FRONTIER-USD', '--json', '--data-dir', dir);
    assert.equal(fixed.code, 0, fixed.err);
    const view = JSON.parse(fixed.out.trim()) as { index: string; date: string; level: string; unit: string; constituents: { family: string; price: string }[] };
    assert.equal(view.index, 'TTI-FRONTIER-USD');
    assert.equal(view.date, '2026-11-20');
    assert.equal(view.unit, 'USD per million blended tokens');
    assert.match(view.level, /^\d+\.\d{9}$/);
    // the base fixing's level is the equal-weighted mean of the constituent prices it lists
    const sum = view.constituents.reduce((s, c) => s + BigInt(c.price.replace('.', '')), 0n);
    const n = BigInt(view.constituents.length);
    assert.equal(BigInt(view.level.replace('.', '')), (2n * sum + n) / (2n * n));

    const verified = tokex('verify', 'TTI-FRONTIER-USD', '--date', '2026-11-20', '--data-dir', dir);
    assert.equal(verified.code, 0, verified.err);
    assert.match(verified.out, /REPRODUCED exactly: stored level (\S+), recomputed \1/);

    const explained = tokex('explain', 'TTI-FRONTIER-USD', '--date', '2026-11-20', '--data-dir', dir);
    assert.match(explained.out, /Step 5\. level = A \/ D/);
    assert.match(explained.out, /@pydantic\/genai-prices@\d+\.\d+\.\d+/);

    // Tamper with one stored intermediate value: verify must notice.
    const db = new Database(join(dir, 'index.sqlite'));
    const row = db.prepare('SELECT record FROM fixings WHERE version = 1').get() as { record: string };
    db.prepare('UPDATE fixings SET record = ? WHERE version = 1').run(row.record.replace(/"basketAverageNano":"(\d)/, '"basketAverageNano":"9$1'));
    db.close();
    const tampered = tokex('verify', 'TTI-FRONTIER-USD', '--date', '2026-11-20', '--data-dir', dir);
    assert.equal(tampered.code, 1);
    assert.match(tampered.out, /DOES NOT REPRODUCE/);

    const restated = tokex('restate', 'TTI-FRONTIER-USD', '--date', '2026-11-20', '--reason', 'test correction', '--json', '--data-dir', dir);
    assert.equal(restated.code, 0, restated.err);
    const v2 = JSON.parse(restated.out.trim()) as { version: number; level: string; restatement: { reason: string; supersedesVersion: number } };
    assert.equal(v2.version, 2);
    assert.deepEqual(v2.restatement, { reason: 'test correction', supersedesVersion: 1 });
    assert.equal(v2.level, view.level);
    assert.equal(tokex('verify', 'TTI-FRONTIER-USD', '--date', '2026-11-20', '--data-dir', dir).code, 0);

    const svg = join(dir, 'chart.svg');
    const shown = tokex('show', 'TTI-FRONTIER-USD', '--from', '2026-11-01', '--to', '2026-11-30', '--svg', svg, '--data-dir', dir);
    assert.match(shown.out, /2026-11-20 +\d+\.\d{9} +█/);
    assert.match(readFileSync(svg, 'utf8'), /^<svg /);

    // One fixing in November: the thin-month rule fills the other 19 business days from it (no prior fixing
    // before the 20th, so the days before it cannot be filled): no price, operator determines.
    const settled = tokex('settle', 'TTI-FRONTIER-USD', '--month', '2026-11', '--tick', '0.001', '--data-dir', dir);
    assert.equal(settled.code, 1);
    assert.match(settled.err, /operator determines/);

    const weekend = tokex('fix', '--date', '2026-11-21', '--index', 'TTI-FRONTIER-USD', '--data-dir', dir);
    assert.equal(weekend.code, 1);
    assert.match(weekend.err, /not a US business day/);
    assert.equal(tokex('fix', '--date', '2026-11-20', '--index', 'NOPE', '--data-dir', dir).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
