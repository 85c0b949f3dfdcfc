// Connecting to the JetStream cluster that carries the command log, and creating its streams (idempotently:
// every engine and gateway may call ensureStreams; the first creates, the others find the same config).

import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  jetstream, jetstreamManager, DiscardPolicy, RetentionPolicy, StorageType,
  type JetStreamClient, type JetStreamManager, type StreamConfig,
} from '@nats-io/jetstream';
import { assert } from '../core/assert.js';
import { duplicateWindowMs, outcomesMaxAgeMs, publishRetryMs, streamReplicasMax } from './limits.js';
import { commandStream, leaseStream, leaseBucket, outcomeStream } from './subjects.js';

export interface LogConnection {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
}

/** `nats://h1:4222,nats://h2:4222` → server list; a bad URL is refused with a message naming it. */
export function parseLogUrl(text: string): string[] {
  const servers = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (servers.length === 0) throw new Error('--log: give at least one nats://host:port');
  for (const server of servers) {
    if (!/^nats:\/\/[^\s/:,]+:\d{1,5}$/.test(server)) throw new Error(`--log: ${JSON.stringify(server)} is not nats://host:port`);
  }
  return servers;
}

const millis = (ms: number): number => ms * 1_000_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects (to any of the servers, reconnecting forever) and waits until JetStream answers: right after a
 * cluster starts, the meta leader is still being elected and JetStream requests time out.
 */
export async function connectLog(servers: readonly string[], name: string, deadlineMs = 60_000): Promise<LogConnection> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    let nc: NatsConnection | undefined;
    try {
      nc = await connect({ servers: [...servers], name, maxReconnectAttempts: -1, reconnectTimeWait: publishRetryMs, pingInterval: 2_000, maxPingOut: 2 });
      const jsm = await jetstreamManager(nc, { timeout: 2_000 });
      return { nc, js: jetstream(nc), jsm };
    } catch (error) {
      await nc?.close().catch(() => undefined);
      if (Date.now() > giveUpAt) throw new Error(`cannot reach JetStream at ${servers.join(',')}: ${(error as Error).message}`);
      await sleep(publishRetryMs * 2);
    }
  }
}

/** Runs a JetStream request again until it succeeds: right after a node dies, requests time out while leaders are elected. */
export async function retrying<T>(what: string, deadlineMs: number, request: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await request();
    } catch (error) {
      if (Date.now() > giveUpAt) throw new Error(`${what}: ${(error as Error).message}`);
      await sleep(publishRetryMs);
    }
  }
}

export function streamConfigs(replicas: number): (Partial<StreamConfig> & { name: string })[] {
  assert(Number.isSafeInteger(replicas) && replicas >= 1 && replicas <= streamReplicasMax, `replicas ${replicas}`);
  return [
    // The log is never trimmed by age or size: it is the exchange. (Snapshots plus purge are future work.)
    { name: commandStream, subjects: ['tokex.cmd.*'], num_replicas: replicas, storage: StorageType.File,
      retention: RetentionPolicy.Limits, discard: DiscardPolicy.New, duplicate_window: millis(duplicateWindowMs) },
    { name: outcomeStream, subjects: ['tokex.out.*.*.*'], num_replicas: replicas, storage: StorageType.File,
      retention: RetentionPolicy.Limits, max_age: millis(outcomesMaxAgeMs), duplicate_window: millis(duplicateWindowMs) },
    // The same layout as a JetStream KV bucket (history 1), so `nats kv get tokex_leases <group>` reads it.
    { name: leaseStream, subjects: [`$KV.${leaseBucket}.>`], num_replicas: replicas, storage: StorageType.File,
      max_msgs_per_subject: 1, allow_rollup_hdrs: true, deny_delete: true, allow_direct: true, discard: DiscardPolicy.New },
  ];
}

/** Creates the three streams if missing, retrying while the cluster elects leaders; waits until each has one. */
export async function ensureStreams(log: LogConnection, replicas: number, deadlineMs = 60_000): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs;
  for (const config of streamConfigs(replicas)) {
    for (;;) {
      try {
        const info = await log.jsm.streams.info(config.name).catch(async (error: Error) => {
          if (!/not found/i.test(error.message)) throw error;
          return await log.jsm.streams.add(config);
        });
        if (replicas === 1 || info.cluster?.leader) break;
      } catch (error) {
        if (Date.now() > giveUpAt) throw new Error(`stream ${config.name} not ready: ${(error as Error).message}`);
      }
      await sleep(publishRetryMs);
    }
  }
}
