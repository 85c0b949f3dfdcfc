// `tokex serve --log` end to end (issue 6, the cluster acceptance with the real REST server): three
// nats-server processes with JetStream on loopback, a primary and a standby `tokex cluster engine`, and TWO
// `tokex serve --log` processes as real children, the second on a copy of the first's credentials. Two accounts
// trade through signed REST requests on different gateways; the primary engine is SIGKILLed under load, then
// the NATS node leading the command stream. Trading goes on, and at the end every acknowledged order (201) is
// in the log once and in both gateways' follower state once, with its status or a later one, and both
// gateways answer GET /v1/orders/{id} alike. Waits are generous; nothing asserts on timing.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokexClient, type Credential } from '../gateway/client.js';
import { ordersPerRequestMax } from '../gateway/limits.js';
import { readOperatorCredential } from '../gateway/operator-credential.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { CommandLog } from './command-log.js';
import { connectLog, ensureStreams, retrying, type LogConnection } from './connection.js';
import { replayGroup } from './replay.js';
import { parseGroup } from './subjects.js';
import { Child, killAllChildren } from './testing/child.js';
import { killPrimaryThenStreamLeader } from './testing/failover.js';
import { NatsCluster } from './testing/nats-cluster.js';
import { RestLoad, requestPatiently, type RestAck } from './testing/rest-load.js';

const startMs = 60_000;
const progressMs = 45_000;
const acksPerPhase = 60;
/** What a gateway's data directory must share with the others: the credentials (docs/cluster.md). */
const credentialFiles = ['auth.sqlite', 'auth.key', 'operator.json'];

let cluster: NatsCluster | undefined;
let connection: LogConnection | undefined;
const dataDirs: string[] = [];
after(async () => {
  killAllChildren();
  await connection?.nc.close().catch(() => undefined);
  cluster?.stop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

const testStartMs = Date.now();
const phase = (what: string): void => console.log(`serve --log test +${((Date.now() - testStartMs) / 1000).toFixed(1)} s: ${what}`);

async function until(what: string, timeoutMs: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(check).catch(() => false))) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function startGateway(url: string, id: string, dataDir: string): { child: Child; url: Promise<string> } {
  const child = new Child(`serve ${id}`, ['serve', '--log', url, '--gateway-id', id, '--data-dir', dataDir, '--port', '0', '--fix-port', '0', '--sessions', 'always-open', '--log-level', 'warn']);
  children.push(child);
  return { child, url: child.waitForStderr(/tokex serving on (http:\/\/[^\s]+)/, startMs, 'serving').then((m) => m[1]!) };
}

const terminal = new Set(['filled', 'cancelled', 'rejected']);

const children: Child[] = [];
/** On failure, what the processes said last: the first thing to read when this test breaks. */
function dumpChildren(): void {
  for (const child of children) console.log(`--- ${child.label} (exited: ${child.exited}), stderr tail:\n${child.stderr.slice(-3000)}`);
}

test('two serve --log gateways: primary engine then a NATS node killed under REST load; every 201 is in both followers once', { timeout: 240_000 }, async () => {
  try {
    await scenario();
  } catch (error) {
    dumpChildren();
    throw error;
  }
});

async function scenario(): Promise<void> {
  cluster = await NatsCluster.start(3);
  connection = await connectLog(cluster.url.split(','), 'tokex-serve-log-test', startMs);
  await ensureStreams(connection, 3, startMs);
  const log = new CommandLog(connection);
  const group = parseGroup(defaultCatalogue(), '');
  assert.ok(group.ok);

  const engineArgs = (nodeId: string) => ['cluster', 'engine', '--log', cluster!.url, '--node-id', nodeId, '--sessions', 'always-open'];
  const primary = new Child('engine a', engineArgs('a'));
  children.push(primary);
  await primary.waitFor((l) => l['event'] === 'answering', startMs, 'primary answering');
  const standby = new Child('engine b', engineArgs('b'));
  children.push(standby);
  const dir1 = mkdtempSync(join(tmpdir(), 'tokex-serve-log-1-'));
  const dir2 = mkdtempSync(join(tmpdir(), 'tokex-serve-log-2-'));
  dataDirs.push(dir1, dir2);
  const gateway1 = startGateway(cluster.url, 's1', dir1);
  const url1 = await gateway1.url;
  await standby.waitFor((l) => l['event'] === 'started', startMs, 'standby started');

  // Accounts are opened through gateway 1; gateway 2 starts on a copy of its credentials, as docs/cluster.md says.
  const operator = new TokexClient(url1, readOperatorCredential(dir1));
  const alice = await operator.post<Credential & { account: number }>('/v1/accounts', { name: 'alice', type: 'speculator', deposits: [{ currency: 'USD', amount: '10000000' }] });
  const bob = await operator.post<Credential & { account: number }>('/v1/accounts', { name: 'bob', type: 'speculator', deposits: [{ currency: 'USD', amount: '10000000' }] });
  for (const file of credentialFiles) copyFileSync(join(dir1, file), join(dir2, file));
  const gateway2 = startGateway(cluster.url, 's2', dir2);
  const url2 = await gateway2.url;
  const series = (await new TokexClient(url2, bob).get<{ series: { symbol: string; product: string; phase: string; previousSettlement: string }[] }>('/v1/series')).series;
  const traded = series.find((s) => s.product === 'TKF' && s.phase === 'continuous');
  assert.ok(traded, `a TKF series trading on gateway 2: ${JSON.stringify(series.map((s) => s.symbol))}`);

  phase(`gateways on ${url1} and ${url2}; ${traded.symbol} at ${traded.previousSettlement}; load starts`);
  const load = new RestLoad([
    { name: 'alice', url: url1, credential: alice, firstSide: 0 },
    { name: 'bob', url: url2, credential: bob, firstSide: 1 },
  ], traded.symbol, traded.previousSettlement, 2);
  load.start();
  try {
    await until(`${acksPerPhase} acknowledged orders`, progressMs, () => load.acks.length >= acksPerPhase);
    await killPrimaryThenStreamLeader({
      connection, cluster, groupName: group.group.name, engines: [{ nodeId: 'a', child: primary }, { nodeId: 'b', child: standby }],
      acks: () => load.acks.length, acksPerStep: acksPerPhase, until, phase, progressMs,
    });
  } finally {
    await load.stop();
  }
  phase(`${load.acks.length} acknowledged (refused by status ${JSON.stringify(Object.fromEntries(load.refusals))}, ${load.failures} failed); load stopped`);

  // The log's end, replayed afresh: how many times each clientOrderId entered the log, and the state there.
  const lastSeq = await retrying('last sequence', progressMs, () => log.lastSeq(group.group.name));
  const inLog = new Map<string, number>();
  const replay = await replayGroup(log, group.group.name, { catalogue: defaultCatalogue(), sessions: 'always-open' }, lastSeq, (entry) => {
    if (entry.command.type === 'newOrder') inLog.set(entry.command.clientOrderId, (inLog.get(entry.command.clientOrderId) ?? 0) + 1);
  });
  assert.deepEqual([...inLog].filter(([, count]) => count > 1), [], 'no order is in the log twice');
  for (const url of [url1, url2]) {
    await until(`${url} at exchange seq ${replay.exchange.seq}`, progressMs, async () => ((await (await fetch(`${url}/health`)).json()) as { seq: number }).seq === replay.exchange.seq);
  }
  phase(`both gateways at exchange seq ${replay.exchange.seq} (log seq ${lastSeq}); checking ${load.acks.length} acknowledged orders on each`);

  const credentials: Record<string, Credential> = { alice, bob };
  for (const [trader, credential] of Object.entries(credentials)) {
    const mine = load.acks.filter((a) => a.trader === trader);
    for (const url of [url1, url2]) {
      const { status, body } = await requestPatiently<{ orders: { clientOrderId: string }[] }>(new TokexClient(url, credential), 'GET', `/v1/orders?status=all&limit=${ordersPerRequestMax}`);
      assert.equal(status, 200);
      assert.ok(body.orders.length < ordersPerRequestMax, 'every order of the account fits one page');
      const listed = body.orders.map((o) => o.clientOrderId);
      assert.equal(new Set(listed).size, listed.length, `${trader} on ${url}: no order twice`);
      for (const ack of mine) assert.ok(listed.includes(ack.clientOrderId), `${trader} on ${url}: acknowledged ${ack.clientOrderId} is there`);
    }
  }
  const clients = Object.fromEntries(Object.entries(credentials).map(([trader, credential]) => [trader, [new TokexClient(url1, credential), new TokexClient(url2, credential)]]));
  for (const ack of load.acks) checkAck(ack, inLog, replay.exchange.orders.get(ack.orderId)?.clientOrderId);
  for (const ack of load.acks) {
    const [on1, on2] = await Promise.all(clients[ack.trader]!.map((client) => requestPatiently<{ clientOrderId: string; status: string; filledQty: number }>(client, 'GET', `/v1/orders/${ack.orderId}`)));
    assert.equal(on1!.status, 200, `order ${ack.orderId} on gateway 1`);
    assert.deepEqual(on2, on1, `gateways agree on order ${ack.orderId}`);
    const order = on1!.body;
    assert.equal(order.clientOrderId, ack.clientOrderId);
    if (terminal.has(ack.status)) assert.equal(order.status, ack.status, `${ack.clientOrderId} was acknowledged ${ack.status}`);
    else assert.ok(order.filledQty >= ack.filledQty, `${ack.clientOrderId}: filled ${order.filledQty} after ${ack.filledQty} at its acknowledgement`);
  }
  const filled = load.acks.filter((a) => a.filledQty > 0).length;
  console.log(`serve --log test: ${load.acks.length} acknowledged (${filled} filled on arrival), log ${lastSeq} commands, exchange seq ${replay.exchange.seq}, state ${replay.exchange.stateHash()}`);
  assert.ok(filled > 0, 'the two traders traded with each other');
}

function checkAck(ack: RestAck, inLog: ReadonlyMap<string, number>, clientOrderIdInReplay: string | undefined): void {
  assert.equal(inLog.get(ack.clientOrderId), 1, `acknowledged ${ack.clientOrderId} is in the log once`);
  assert.equal(clientOrderIdInReplay, ack.clientOrderId, `order ${ack.orderId} is ${ack.clientOrderId} in a fresh replay`);
}
