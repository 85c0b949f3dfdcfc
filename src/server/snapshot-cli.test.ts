import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runDemo } from '../sim/demo.js';
import { takeSnapshot } from './snapshot-cli.js';

const tokex = join(import.meta.dirname, '..', '..', 'bin', 'tokex.mjs');

test('tokex snapshot writes the state at the last seq; the next start replays nothing and has the same hash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-snapshot-'));
  try {
    assert.match(await takeSnapshot(dir) as string, /nothing to snapshot/);
    const { stateHash } = await runDemo({ date: '2026-11-25', steps: 200, seed: 5, tradesShown: 0, dataDir: dir }, () => {}, () => {});
    const cli = spawnSync(process.execPath, [tokex, 'snapshot', '--data-dir', dir, '--json'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    const first = JSON.parse(cli.stdout);
    assert.equal(first.stateHash, stateHash);
    assert.ok(first.replayed > 100 && first.fromSnapshotSeq === 0);
    const second = await takeSnapshot(dir);
    assert.ok(typeof second !== 'string');
    assert.equal(second.fromSnapshotSeq, first.seq);
    assert.equal(second.replayed, 0);
    assert.equal(second.stateHash, stateHash);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
