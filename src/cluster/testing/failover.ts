// The two failures the cluster tests inflict under load, shared by cluster.test.ts and serve-log.test.ts:
// SIGKILL the engine that is primary now (under load the lease may already have moved from a to b: a starved
// process misses its renewals, and killing the standby would test nothing), then the NATS node leading the
// command stream. Each step waits until trading has gone on by `acksPerStep` more acknowledgements.

import assert from 'node:assert/strict';
import type { LogConnection } from '../connection.js';
import type { EngineStatus } from '../engine-node.js';
import { commandStream, statusSubject } from '../subjects.js';
import type { Child } from './child.js';
import type { NatsCluster } from './nats-cluster.js';

export interface FailoverSteps {
  readonly connection: LogConnection;
  readonly cluster: NatsCluster;
  readonly groupName: string;
  readonly engines: readonly { readonly nodeId: string; readonly child: Child }[];
  readonly acks: () => number;
  readonly acksPerStep: number;
  readonly until: (what: string, timeoutMs: number, check: () => boolean | Promise<boolean>) => Promise<void>;
  readonly phase: (what: string) => void;
  readonly progressMs: number;
}

/** Returns the node id of the engine that survived (and is primary at the end). */
export async function killPrimaryThenStreamLeader(steps: FailoverSteps): Promise<string> {
  const { connection, cluster, engines, acks, acksPerStep, until, phase, progressMs } = steps;
  const statusOf = async (nodeId: string): Promise<EngineStatus> =>
    (await connection.nc.request(statusSubject(steps.groupName, nodeId), '', { timeout: 2_000 })).json<EngineStatus>();
  const roles = await Promise.all(engines.map(async (engine) => (await statusOf(engine.nodeId)).role));
  const victimEngine = engines[roles.indexOf('primary')];
  assert.ok(victimEngine, `one engine is primary: ${roles.join(', ')}`);
  const survivor = engines.find((e) => e !== victimEngine)!;
  phase(`${acks()} acknowledged; SIGKILL the primary, engine ${victimEngine.nodeId}`);
  victimEngine.child.kill('SIGKILL');
  const acksAtPrimaryKill = acks();
  await until(`engine ${survivor.nodeId} taking over`, progressMs, async () => (await statusOf(survivor.nodeId)).role === 'primary');
  await until('trading after the primary died', progressMs, () => acks() >= acksAtPrimaryKill + acksPerStep);

  const leader = (await connection.jsm.streams.info(commandStream)).cluster?.leader;
  const victim = cluster.nodes.find((n) => n.name === leader);
  assert.ok(victim, `stream leader ${leader} is one of ours`);
  phase(`${acks()} acknowledged; kill NATS node ${victim.name} (command stream leader)`);
  cluster.kill(victim);
  const acksAtNodeKill = acks();
  await until('trading after a NATS node died', progressMs, () => acks() >= acksAtNodeKill + acksPerStep);
  return survivor.nodeId;
}
