import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultCatalogue } from '../products/catalogue.js';
import { rebuildHistory } from './rebuild.js';
import { HistoryRecorder } from './recorder.js';
import { historyFile, openHistoryReadOnly, readMeta } from './schema.js';
import { dumpTables, openService } from './testing/session.js';

const child = new URL('./testing/crash-child.ts', import.meta.url).pathname;

function recordedSeq(dir: string): number {
  if (!existsSync(historyFile(dir))) return 0;
  try {
    const db = openHistoryReadOnly(historyFile(dir));
    try {
      return readMeta(db).lastSeq;
    } finally {
      db.close();
    }
  } catch {
    return 0; // created but not yet initialised
  }
}

test('a process killed with SIGKILL while recording resumes on restart: every seq recorded exactly once, same rows as a rebuild', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-history-crash-'));
  try {
    const process_ = spawn(process.execPath, ['--import', 'tsx', child, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => process_.on('exit', () => resolve()));
    // Kill once a few transactions are committed: the child is then mid-burst, mid-transaction or in between.
    while (recordedSeq(dir) < 1500 && process_.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    assert.equal(process_.exitCode, null, `the child died on its own: ${stderr}`);
    process_.kill('SIGKILL');
    await exited;
    const recordedBeforeRestart = recordedSeq(dir);

    const service = await openService(dir, Date.UTC(2026, 10, 25, 20, 0) * 1000);
    const recorder = HistoryRecorder.attach(service, { dataDir: dir });
    await recorder.flush();
    assert.ok(recordedBeforeRestart >= 1500 && recordedBeforeRestart <= service.exchange.seq, `recorded ${recordedBeforeRestart} of ${service.exchange.seq}`);
    assert.equal(recorder.lastSeq, service.exchange.seq);
    t.diagnostic(`killed with history at seq ${recordedBeforeRestart}, journal at ${service.exchange.seq}; caught up on restart`);
    const live = dumpTables(recorder.db);
    recorder.close();
    await service.close();

    rebuildHistory({ dataDir: dir, catalogue: defaultCatalogue() });
    const db = openHistoryReadOnly(historyFile(dir));
    try {
      assert.deepEqual(dumpTables(db), live);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
