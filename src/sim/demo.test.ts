import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultCatalogue } from '../products/catalogue.js';
import { ExchangeService } from '../server/exchange-service.js';
import { sparkline } from './chart.js';
import { runDemo } from './demo.js';

test('the demo trades every product, settles the day, and the same seed gives the same market', async () => {
  const lines: string[] = [];
  const first = await runDemo({ date: '2026-11-25', steps: 600, seed: 7, tradesShown: 5 }, (l) => lines.push(l), () => {});
  const again = await runDemo({ date: '2026-11-25', steps: 600, seed: 7, tradesShown: 5 }, () => {}, () => {});
  const other = await runDemo({ date: '2026-11-25', steps: 600, seed: 8, tradesShown: 5 }, () => {}, () => {});
  assert.ok(first.trades > 20, `${first.trades} trades`);
  assert.equal(again.stateHash, first.stateHash);
  assert.notEqual(other.stateHash, first.stateHash);
  const text = lines.join('\n');
  for (const code of ['TKF', 'TKE', 'TKC', 'GPH']) assert.match(text, new RegExp(`${code}[A-Z]\\d\\d +trades +[1-9]`), `${code} traded`);
  assert.match(text, /settles at \d+\.\d+ \((vwap|mid|index|previous)\)/);
  assert.equal(lines.filter((l) => / lots @ /.test(l)).length, 5);
});

test('with a data directory the demo journals its session, and a restart replays it to the same hash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-demo-'));
  try {
    const { stateHash } = await runDemo({ date: '2026-11-25', steps: 300, seed: 3, tradesShown: 0, dataDir: dir }, () => {}, () => {});
    const service = await ExchangeService.open({ dataDir: dir, catalogue: defaultCatalogue(), sessions: 'always-open', clock: () => 0 });
    assert.equal(service.exchange.stateHash(), stateHash);
    await service.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sparkline scales between low and high, one block per bucket', () => {
  assert.equal(sparkline([1, 2, 3, 4, 5, 6, 7, 8]), '▁▂▃▄▅▆▇█');
  assert.equal(sparkline([5, 5, 5]), '▄▄▄');
  assert.equal(sparkline([]), '');
  assert.equal(sparkline([1, 1, 8, 8], 2), '▁█');
});
