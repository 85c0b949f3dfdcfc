import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokexClient } from '../gateway/client.js';
import { startLive, type LiveDemo } from './live.js';
import { agentsFile, demoTraderFile } from './live-setup.js';

async function until(what: string, condition: () => boolean, limitMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('the live demo trades continuously, serves the demo trader, stops cleanly and carries on after a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tokex-live-'));
  const lines: string[] = [];
  const options = { port: 0, host: '127.0.0.1', dataDir, turnsPerSec: 200, seed: 7, progressEveryMs: 100 };
  let live: LiveDemo | undefined;
  try {
    live = await startLive(options, (line) => lines.push(line));
    const first = live;
    assert.equal(statSync(demoTraderFile(dataDir)).mode & 0o777, 0o600);
    await until('trades', () => first.stats().trades >= 5);
    await until('a progress line', () => lines.some((l) => /… \d+ turns, \d+ trades, seq \d+/.test(l)));
    assert.ok(lines.some((l) => /index fixings: TTI-FRONTIER-USD \d{4}-\d{2}-\d{2}/.test(l)), lines.join('\n'));

    const credential = (await (await fetch(`${live.url}/demo/credential`)).json()) as { accountId: number; apiKey: string; apiSecret: string };
    assert.equal(credential.accountId, live.trader.accountId);
    const trader = new TokexClient(live.url, credential);
    const balances = await trader.get<{ balances: { currency: string; cash: string }[] }>('/v1/balances');
    assert.deepEqual(balances.balances.map((b) => [b.currency, b.cash]), [['USD', '1000000.00'], ['CNY', '1000000.00']]);
    const turnsBefore = live.stats().turns;
    await live.stop();
    await live.stop();
    assert.ok(live.stats().turns >= turnsBefore);
    const seqAtStop = live.stats().seq;
    const firstAgents = JSON.parse(readFileSync(agentsFile(dataDir), 'utf8')) as number[];
    assert.equal(firstAgents.length, 8);
    live = undefined;

    // Restart on the same directory: same trader, the previous agents' quotes cancelled, trading resumes.
    lines.length = 0;
    live = await startLive(options, (line) => lines.push(line));
    const second = live;
    assert.equal(second.trader.accountId, credential.accountId);
    assert.equal(second.trader.apiKey, credential.apiKey);
    assert.ok(second.service.recovery.lastSeq >= seqAtStop);
    assert.ok(lines.some((l) => /demo trader: account \d+ \(kept/.test(l)), lines.join('\n'));
    for (const accountId of firstAgents) assert.deepEqual(second.service.exchange.orders.ofAccount(accountId, true), [], `agent ${accountId} of the first run has no resting order`);
    assert.ok(lines.some((l) => /previous run's agents: \d+ resting orders cancelled/.test(l)), lines.join('\n'));
    await until('trades after the restart', () => second.stats().trades >= 1);
  } finally {
    await live?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
