// The cluster acceptance test (issue 6): three nats-server processes with JetStream on loopback, two gateways,
// a primary and a standby engine as real `tokex cluster` processes, and a client load of orders through both
// gateways. The primary is SIGKILLed under load, then the node leading the command stream; trading goes on,
// and at the end every acknowledged order is in the state exactly once, and the surviving engine's state hash equals a
// fresh replay of the log. Waits are generous (a loaded 2-core machine); nothing asserts on timing.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalogue } from '../products/catalogue.js';
import { CommandLog } from './command-log.js';
import { connectLog, ensureStreams, retrying, type LogConnection } from './connection.js';
import type { EngineStatus } from './engine-node.js';
import { replayGroup } from './replay.js';
import { parseGroup, statusSubject } from './subjects.js';
import { Child, childrenTails, killAllChildren } from './testing/child.js';
import { killPrimaryThenStreamLeader } from './testing/failover.js';
import { Load, postCommand } from './testing/load.js';
import { NatsCluster } from './testing/nats-cluster.js';

const startMs = 60_000;
const progressMs = 45_000;
const acksPerPhase = 100;

let cluster: NatsCluster | undefined;
let connection: LogConnection | undefined;
after(async () => {
  killAllChildren();
  await connection?.nc.close().catch(() => undefined);
  cluster?.stop();
});

const testStartMs = Date.now();
const phase = (what: string): void => console.log(`cluster test +${((Date.now() - testStartMs) / 1000).toFixed(1)} s: ${what}`);

async function until(what: string, timeoutMs: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(check).catch(() => false))) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** On failure, what every process said last: the engines' roles and takeovers, consumer re-creations, the servers' elections. */
function printTails(): void {
  console.log(childrenTails(80));
  for (const node of cluster?.nodes ?? []) console.log(`--- nats ${node.name}${node.process ? '' : ' (killed)'}:\n${node.log.split('\n').filter((l) => !l.includes('Error trying to connect to route')).slice(-25).join('\n')}`);
}

test('primary and a NATS node killed under load: no acknowledged order lost or applied twice', { timeout: 240_000 }, async () => {
  try {
    await run();
  } catch (error) {
    phase('failed; the processes\' last lines follow');
    printTails();
    throw error;
  }
});

async function run(): Promise<void> {
  cluster = await NatsCluster.start(3);
  connection = await connectLog(cluster.url.split(','), 'tokex-cluster-test', startMs);
  await ensureStreams(connection, 3, startMs);
  const log = new CommandLog(connection);
  const group = parseGroup(defaultCatalogue(), '');
  assert.ok(group.ok);
  const groupName = group.group.name;

  const engineArgs = (nodeId: string) => ['cluster', 'engine', '--log', cluster!.url, '--node-id', nodeId, '--sessions', 'always-open'];
  const primary = new Child('engine a', engineArgs('a'));
  await primary.waitFor((l) => l['event'] === 'answering', startMs, 'primary answering');
  const standby = new Child('engine b', engineArgs('b'));
  await standby.waitFor((l) => l['event'] === 'started', startMs, 'standby started');
  const engines = [{ nodeId: 'a', child: primary }, { nodeId: 'b', child: standby }];
  let survivor = engines[1]!;
  const statusOf = async (nodeId: string): Promise<EngineStatus> => (await connection!.nc.request(statusSubject(groupName, nodeId), '', { timeout: 2_000 })).json<EngineStatus>();
  const gateways = ['g1', 'g2'].map((id) => new Child(`gateway ${id}`, ['cluster', 'gateway', '--log', cluster!.url, '--port', '0', '--gateway-id', id]));
  const ports = await Promise.all(gateways.map(async (g) => (await g.waitFor((l) => l['event'] === 'listening', startMs, 'listening'))['port'] as number));

  // An exchange to trade on: accounts with cash, and the March 2026 series listed at 5.000.
  const accountIds: number[] = [];
  for (let i = 0; i < 6; i++) {
    const created = await postCommand(ports[i % 2]!, { command: { type: 'createAccount', name: `trader ${i}`, accountType: 'speculator' } });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const accountId = ((created.json['outcome'] as { result: { accountId: number } }).result).accountId;
    accountIds.push(accountId);
    const deposit = await postCommand(ports[0]!, { command: { type: 'deposit', accountId, currency: 'USD', amountMinor: '1000000000000' } });
    assert.equal(deposit.status, 200, JSON.stringify(deposit.json));
  }
  const listed = await postCommand(ports[1]!, { command: { type: 'listSeries', isoDate: '2026-03-02', referenceTicksByProduct: { TKF: 5000, TKE: 5000, TKC: 5000, GPH: 5000 } } });
  assert.equal(listed.status, 200, JSON.stringify(listed.json));
  assert.ok(((listed.json['outcome'] as { result: { listed: string[] } }).result.listed).includes('TKFH26'));

  phase('exchange set up, load starts');
  const load = new Load({ ports, workersPerGateway: 3, accountIds, symbol: 'TKFH26', priceTicksMid: 5000, seed: 2027 });
  load.start();
  try {
    await until(`${acksPerPhase} acknowledged orders`, progressMs, () => load.acks.length >= acksPerPhase);

    const survivorId = await killPrimaryThenStreamLeader({
      connection, cluster, groupName, engines, acks: () => load.acks.length, acksPerStep: acksPerPhase, until, phase, progressMs,
    });
    survivor = engines.find((e) => e.nodeId === survivorId)!;
  } finally {
    await load.stop();
  }
  phase(`${load.acks.length} acknowledged; load stopped`);

  // The surviving engine, now primary, has applied the whole log; a fresh replay of the log gives the same state.
  const lastSeq = await retrying('last sequence', progressMs, () => log.lastSeq(groupName));
  let status: EngineStatus | undefined;
  await until('the new primary at the end of the log', progressMs, async () => {
    status = await statusOf(survivor.nodeId);
    return status.lastAppliedSeq === lastSeq;
  });
  assert.equal(status!.role, 'primary');
  phase(`engine ${survivor.nodeId} at the end of the log; replaying`);
  const clientOrderIdsInLog = new Map<string, number>();
  const replay = await replayGroup(log, groupName, { catalogue: defaultCatalogue(), sessions: 'always-open' }, lastSeq, (entry) => {
    if (entry.command.type === 'newOrder') clientOrderIdsInLog.set(entry.command.clientOrderId, (clientOrderIdsInLog.get(entry.command.clientOrderId) ?? 0) + 1);
  });
  assert.equal(replay.lastSeq, lastSeq);
  assert.equal(replay.exchange.stateHash(), status!.stateHash, 'the surviving engine\'s state equals a fresh replay of the log');

  const duplicates = [...clientOrderIdsInLog].filter(([, count]) => count > 1);
  assert.deepEqual(duplicates, [], 'no command is in the log twice');
  for (const ack of load.acks) {
    assert.equal(clientOrderIdsInLog.get(ack.clientOrderId), 1, `acknowledged ${ack.clientOrderId} is in the log once`);
    if (ack.orderId === undefined) continue;
    const order = replay.exchange.orders.get(ack.orderId);
    assert.equal(order?.clientOrderId, ack.clientOrderId, `order ${ack.orderId} is ${ack.clientOrderId}`);
  }
  const accepted = load.acks.filter((a) => !a.rejected).length;
  console.log(`cluster test: ${load.acks.length} acknowledged (${accepted} accepted), ${load.failures} failed requests, log ${lastSeq} commands, state ${status!.stateHash}`);
  assert.ok(accepted > 0, 'orders were accepted, not only refused');
}
