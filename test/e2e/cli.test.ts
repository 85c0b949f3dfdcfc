// The command line against a real `tokex serve` process: first start writes operator.json (0600), accounts
// are created, listed and funded through the server, a key revoked, and bad arguments exit 2. Both serve and
// the client commands run from the gateway's own entry (tokex-gateway.ts): src/cli/main.ts loads every part.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokexClient } from '../../src/gateway/client.js';

const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'tokex-cli-'));
let server: ChildProcess;
let serverErr = '';

/** The gateway's commands alone (tokex-gateway.ts): the full src/cli/main.ts loads every part, seconds per run. */
function tokex(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/tokex-gateway.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking: independent commands run side by side. */
function tokexAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/tokex-gateway.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += String(chunk); });
    child.stderr.on('data', (chunk) => { stderr += String(chunk); });
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

before(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/tokex-gateway.ts', 'serve', '--port', '0', '--fix-port', '0', '--data-dir', dataDir, '--sessions', 'always-open', '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    server.stderr!.on('data', (chunk) => {
      serverErr += String(chunk);
      if (serverErr.includes('operator credential')) resolve();
    });
    server.once('exit', (code) => reject(new Error(`serve exited ${code}: ${serverErr}`)));
  });
});

after(async () => {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  assert.equal(await exited, 0, 'serve stops cleanly on SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

test('first start creates operator.json, auth.key and auth.sqlite readable by the owner only, and says where', () => {
  assert.match(serverErr, new RegExp(`operator credential created: ${join(dataDir, 'operator.json')}`));
  assert.match(serverErr, /FIX 4\.4 acceptor on 127\.0\.0\.1:\d+/);
  for (const file of ['operator.json', 'auth.key', 'auth.sqlite']) assert.equal(statSync(join(dataDir, file)).mode & 0o777, 0o600, file);
  const operator = JSON.parse(readFileSync(join(dataDir, 'operator.json'), 'utf8'));
  assert.match(operator.apiKey, /^tk_[0-9a-f]{24}$/);
  assert.match(operator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('account create / list / deposit and key revoke through the running server', async () => {
  const created = tokex('account', 'create', '--name', 'alice', '--type', 'market-maker', '--deposit', '1000000:USD', '--deposit', '250000.50:CNY', '--data-dir', dataDir, '--json');
  assert.equal(created.status, 0, created.stderr);
  const account = JSON.parse(created.stdout);
  assert.deepEqual(Object.keys(account).sort(), ['account', 'apiKey', 'apiSecret', 'fixPassword', 'fixSenderCompId']);

  const listed = tokex('account', 'list', '--data-dir', dataDir, '--json');
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(JSON.parse(listed.stdout).accounts.map((a: any) => [a.account, a.name, a.type]), [[account.account, 'alice', 'market-maker']]);

  const deposited = tokex('account', 'deposit', '--account', String(account.account), '--amount', '0.50:USD', '--data-dir', dataDir, '--json');
  assert.equal(deposited.status, 0, deposited.stderr);
  assert.deepEqual(JSON.parse(deposited.stdout), { account: account.account, currency: 'USD', cash: '1000000.50' });

  const url = JSON.parse(readFileSync(join(dataDir, 'operator.json'), 'utf8')).url;
  const client = new TokexClient(url, { apiKey: account.apiKey, apiSecret: account.apiSecret });
  const balances = await client.get('/v1/balances');
  assert.deepEqual(balances.balances.map((b: any) => [b.currency, b.cash]), [['USD', '1000000.50'], ['CNY', '250000.50']]);

  const revoked = tokex('key', 'revoke', '--key', account.apiKey, '--data-dir', dataDir, '--json');
  assert.equal(revoked.status, 0, revoked.stderr);
  assert.equal((await client.request('GET', '/v1/balances')).status, 401);
  const again = tokex('key', 'revoke', '--key', account.apiKey, '--data-dir', dataDir);
  assert.equal(again.status, 1, 'the server refuses a second revocation');
  assert.match(again.stderr, /already revoked/);
});

test('bad arguments exit 2 with a message naming the option', async () => {
  const [badType, badDeposit, noServer] = await Promise.all([
    tokexAsync('account', 'create', '--name', 'x', '--type', 'trader', '--data-dir', dataDir),
    tokexAsync('account', 'create', '--name', 'x', '--type', 'hedger', '--deposit', '100 USD', '--data-dir', dataDir),
    tokexAsync('account', 'list', '--data-dir', join(dataDir, 'nowhere')),
  ]);
  assert.equal(badType.status, 2);
  assert.match(badType.stderr, /--type must be one of hedger, market-maker, speculator/);
  assert.equal(badDeposit.status, 2);
  assert.match(badDeposit.stderr, /--deposit must be AMOUNT:CURRENCY/);
  assert.equal(noServer.status, 2);
  assert.match(noServer.stderr, /no operator credential/);
});
