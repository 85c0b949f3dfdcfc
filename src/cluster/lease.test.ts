// The lease protocol against a real (single-node) JetStream, with each node's clock driven by hand.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectLog, ensureStreams, type LogConnection } from './connection.js';
import { Lease } from './lease.js';
import { leaseMs, leaseSelfFenceMs } from './limits.js';
import { leaseSubject } from './subjects.js';
import { NatsCluster } from './testing/nats-cluster.js';

let server: NatsCluster;
let connection: LogConnection;
before(async () => {
  server = await NatsCluster.start(1);
  connection = await connectLog([server.url], 'tokex-lease-test');
  await ensureStreams(connection, 1);
});
after(async () => {
  await connection?.nc.close();
  server?.stop();
});

function node(group: string, nodeId: string) {
  const clock = { nowMs: 0 };
  const changes: boolean[] = [];
  const lease = new Lease(connection, { group, nodeId, clock: () => clock.nowMs, onChange: (holding) => changes.push(holding) });
  return { lease, clock, changes };
}

test('one holder; a standby takes over only after the revision stood still for leaseMs; the old holder then loses', async () => {
  const a = node('G1', 'a');
  const b = node('G1', 'b');
  await a.lease.tick();
  assert.equal(a.lease.holding, true);
  await b.lease.tick();
  assert.equal(b.lease.holding, false, 'the lease is held');

  // a renews: b sees a new revision each time and never takes over, however long it watches.
  for (let i = 1; i <= 5; i++) {
    a.clock.nowMs += 1_000;
    b.clock.nowMs += leaseMs;
    await a.lease.tick();
    await b.lease.tick();
    assert.equal(b.lease.holding, false, `renewal ${i}`);
  }

  // a stops renewing (a pause, a partition): b takes over once the same revision is leaseMs old on b's clock.
  b.clock.nowMs += leaseMs - 1;
  await b.lease.tick();
  assert.equal(b.lease.holding, false, 'not before leaseMs');
  b.clock.nowMs += 1;
  await b.lease.tick();
  assert.equal(b.lease.holding, true);

  // a comes back and tries to renew: the compare-and-set fails, so it steps down.
  await assert.rejects(a.lease.tick());
  assert.equal(a.lease.holding, false);
  assert.deepEqual(a.changes, [true, false]);
  assert.deepEqual(b.changes, [true]);
});

test('of two standbys racing for a free lease exactly one wins', async () => {
  const nodes = ['x', 'y', 'z'].map((id) => node('G2', id));
  await Promise.all(nodes.map((n) => n.lease.tick()));
  assert.equal(nodes.filter((n) => n.lease.holding).length, 1);
});

test('stop() frees the lease so a standby takes it at once', async () => {
  const a = node('G3', 'a');
  const b = node('G3', 'b');
  await a.lease.tick();
  await b.lease.tick();
  await a.lease.stop();
  assert.equal(a.lease.holding, false);
  await b.lease.tick();
  assert.equal(b.lease.holding, true, 'no leaseMs wait after a clean handover');
});

test('a holder that lost its lease to its own stored write takes it back at once; a restarted node with the same id waits leaseMs', async () => {
  const a = node('G5', 'a');
  await a.lease.tick();
  // a's renewal was stored but its acknowledgement lost (a leader election): the bucket names a at a revision a does not know.
  await connection.js.publish(leaseSubject('G5'), JSON.stringify({ holder: 'a' }));
  await assert.rejects(a.lease.tick(), 'the renewal on the old revision fails');
  assert.equal(a.lease.holding, false);
  await a.lease.tick();
  assert.equal(a.lease.holding, true, 'taken back without waiting leaseMs: nobody else wrote since');
  assert.deepEqual(a.changes, [true, false, true]);

  // A new process for node a (a restart, replaying the log) did not write that lease: it waits like any standby.
  const restarted = node('G5', 'a');
  await restarted.lease.tick();
  assert.equal(restarted.lease.holding, false);
  restarted.clock.nowMs += leaseMs;
  await restarted.lease.tick();
  assert.equal(restarted.lease.holding, true, 'after leaseMs without renewal');
});

test('a holder that cannot renew fences itself after leaseSelfFenceMs', async () => {
  const a = node('G4', 'a');
  await a.lease.tick();
  server.kill(server.nodes[0]!);
  a.clock.nowMs += leaseSelfFenceMs - 1;
  await assert.rejects(a.lease.tick());
  assert.equal(a.lease.holding, true, 'one failed renewal is tolerated');
  a.clock.nowMs += 1;
  await assert.rejects(a.lease.tick());
  assert.equal(a.lease.holding, false);
});
