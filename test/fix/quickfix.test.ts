// A FIX client that is not ours: QuickFIX/C++ (Debian's libquickfix-dev) logs on to the gateway, sends a
// NewOrderSingle, replaces and cancels it, and prints each ExecutionReport; the gateway runs over the fake
// application from src/gateway/fix/testing.ts. Skipped locally when the headers or g++ are missing; in CI
// (CI set) a missing toolchain is a failure, never a skip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFixServer } from '../../src/gateway/fix/fix-server.js';
import { MemoryStoreFactory } from '../../src/gateway/fix/store.js';
import { FakeApplication, realClock } from '../../src/gateway/fix/testing.js';

const run = promisify(execFile);
const here = new URL('.', import.meta.url).pathname;
const source = join(here, 'quickfix-client.cpp');
const headers = '/usr/include/quickfix/Application.h';

function toolchainMissing(): string | undefined {
  if (!existsSync(headers)) return `QuickFIX headers not found (${headers}); apt-get install -y libquickfix-dev g++`;
  return undefined;
}

/** Compiles the client once per source version (the binary is cached in the temp folder by content hash). */
async function build(): Promise<string> {
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const binary = join(tmpdir(), `tokex-quickfix-client-${hash}`);
  if (!existsSync(binary)) {
    // C++11: QuickFIX 1.15 headers use dynamic exception specifications, which C++17 removed.
    await run('g++', ['-std=c++11', '-O1', '-o', binary + '.tmp', source, '-lquickfix', '-lpthread']);
    await run('mv', [binary + '.tmp', binary]);
  }
  return binary;
}

const missing = toolchainMissing();
if (missing && process.env.CI) throw new Error(`CI must have the QuickFIX toolchain: ${missing}`);

test('QuickFIX/C++ logs on, sends, replaces and cancels an order, and gets the expected ExecutionReports', { skip: missing, timeout: 120_000 }, async () => {
  const binary = await build();
  const application = new FakeApplication({ QFCLIENT: { password: 'qf-secret', accountId: 7 } });
  const server = await startFixServer({ port: 0, application, store: new MemoryStoreFactory(), clock: realClock });
  const dir = mkdtempSync(join(tmpdir(), 'tokex-quickfix-'));
  try {
    const config = readFileSync(join(here, 'quickfix-client.cfg'), 'latin1')
      .replace(/^SocketConnectPort=.*$/m, `SocketConnectPort=${server.port}`)
      .replace(/^FileStorePath=.*$/m, `FileStorePath=${join(dir, 'store')}`);
    writeFileSync(join(dir, 'client.cfg'), config);
    const { stdout } = await run(binary, [join(dir, 'client.cfg'), 'qf-secret', 'TKFH27'], { timeout: 60_000 }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`quickfix-client failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    const lines = stdout.trim().split('\n');
    const execs = lines.filter((l) => l.startsWith('EXEC '));
    assert.deepEqual(lines[0], 'LOGON', stdout);
    assert.deepEqual(execs, [
      'EXEC clOrdId=qf-1 origClOrdId=- orderId=O1 execType=0 ordStatus=0 orderQty=3 leavesQty=3 cumQty=0 price=5.125',
      'EXEC clOrdId=qf-2 origClOrdId=qf-1 orderId=O1 execType=5 ordStatus=0 orderQty=2 leavesQty=2 cumQty=0 price=5.25',
      'EXEC clOrdId=qf-3 origClOrdId=qf-2 orderId=O1 execType=4 ordStatus=4 orderQty=2 leavesQty=0 cumQty=0 price=5.25',
    ], stdout);
    assert.equal(lines.at(-1), 'LOGOUT', stdout);
    assert.ok(!lines.some((l) => l.startsWith('REJECT') || l.includes('REJECT')), stdout);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
