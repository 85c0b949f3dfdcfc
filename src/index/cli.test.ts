// The acceptance round trip through the real command (two spawns: the machine is shared), then the rest of
// the store-backed operations in process on the same temporary data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { textChart, svgChart } from './chart.js';
import { explainFixing } from './explain.js';
import { indexByName } from './indices.js';
import { fixIndex, loadReferenceData, notFixable, restateIndex, settleMonth, verifyFixing } from './service.js';
import { FixingStore } from './store.js';

const root = new URL('../..', import.meta.url).pathname;

function tokex(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'index', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('CLI: fix --json then verify reproduces exactly; then tamper, restate, show, settle on the same store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-index-'));
  try {
    const fixed = tokex('fix', '--date', '2026-11-20', '--index', 'TTI-FRONTIER-USD', '--json', '--data-dir', dir);
    assert.equal(fixed.code, 0, fixed.err);
    const view = JSON.parse(fixed.out.trim()) as { index: string; date: string; level: string; unit: string; constituents: { family: string; price: string }[] };
    assert.equal(view.index, 'TTI-FRONTIER-USD');
    assert.equal(view.date, '2026-11-20');
    assert.equal(view.unit, 'USD per million blended tokens');
    assert.match(view.level, /^\d+\.\d{9}$/);
    // the base fixing's level is the equal-weighted mean of the constituent prices it lists (rounded half up)
    const sum = view.constituents.reduce((s, c) => s + BigInt(c.price.replace('.', '')), 0n);
    const n = BigInt(view.constituents.length);
    assert.equal(BigInt(view.level.replace('.', '')), (2n * sum + n) / (2n * n));

    const verified = tokex('verify', 'TTI-FRONTIER-USD', '--date', '2026-11-20', '--data-dir', dir);
    assert.equal(verified.code, 0, verified.err);
    assert.match(verified.out, /REPRODUCED exactly: stored level (\S+), recomputed \1/);

    // Tamper with one stored intermediate value: verify must notice.
    const db = new Database(join(dir, 'index.sqlite'));
    const row = db.prepare('SELECT record FROM fixings WHERE version = 1').get() as { record: string };
    db.prepare('UPDATE fixings SET record = ? WHERE version = 1').run(row.record.replace(/"basketAverageNano":"(\d)/, '"basketAverageNano":"9$1'));
    db.close();
    const store = new FixingStore(dir);
    try {
      const tampered = verifyFixing(store, 'TTI-FRONTIER-USD', '2026-11-20');
      assert.ok(typeof tampered !== 'string' && !tampered.reproduced);

      const def = indexByName('TTI-FRONTIER-USD')!;
      const reference = await loadReferenceData();
      const now = (): string => '2026-11-20T21:00:00Z';
      const restated = restateIndex(store, reference, def, '2026-11-20', 'test correction', { now });
      assert.ok(restated.ok);
      assert.equal(restated.value.version, 2);
      assert.deepEqual(restated.value.restatement, { reason: 'test correction', supersedesVersion: 1 });
      assert.equal(store.versions('TTI-FRONTIER-USD', '2026-11-20').length, 2); // the old version stays
      const again = verifyFixing(store, 'TTI-FRONTIER-USD', '2026-11-20');
      assert.ok(typeof again !== 'string' && again.reproduced && again.storedLevel === view.level);

      assert.match(explainFixing(restated.value), /RESTATEMENT of version 1: test correction[\s\S]*Step 5\. level = A \/ D/);
      const points = store.range('TTI-FRONTIER-USD', '2026-11-01', '2026-11-30').map((r) => ({ date: r.date, levelNano: r.result.levelNano, flag: '' }));
      assert.match(textChart(points), /^2026-11-20 +\d+\.\d{9} +█/);
      assert.match(svgChart('x', 'y', points), /^<svg /);

      // Fixing order: an earlier date after a later one is refused; weekends are not fixed.
      const earlier = fixIndex(store, reference, def, '2026-11-19', { now });
      assert.ok(!earlier.ok && /date order/.test(earlier.message));
      assert.match(notFixable(def, '2026-11-21')!, /not a US business day/);

      // One fixing in November, none before it: the thin-month rule cannot fill the first days → no price.
      const settled = settleMonth(store, def, 2026, 11, '0.001');
      assert.ok(!settled.ok && /operator determines/.test(settled.message));
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
