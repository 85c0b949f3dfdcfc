// A throwaway three-node nats-server cluster with JetStream on loopback, for tests and local demos. Not used in
// production (docs/cluster.md has the real configuration). Each node gets free ports and its own temporary
// store directory; stop() SIGKILLs whatever is still running and removes the directories.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const natsServerBinary = process.env['TOKEX_NATS_SERVER'] ?? 'nats-server';

export interface NatsNode {
  readonly name: string;
  readonly clientPort: number;
  readonly clusterPort: number;
  readonly storeDir: string;
  process: ChildProcess | undefined;
  /** The server's stderr, kept for the failure message of a test. */
  log: string;
}

const logCharsMax = 20_000;

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class NatsCluster {
  private constructor(readonly nodes: NatsNode[], private readonly rootDir: string) {}

  static async start(nodeCount = 3): Promise<NatsCluster> {
    const rootDir = mkdtempSync(join(tmpdir(), 'tokex-nats-'));
    const nodes: NatsNode[] = [];
    for (let i = 0; i < nodeCount; i++) {
      nodes.push({ name: `n${i + 1}`, clientPort: await freePort(), clusterPort: await freePort(), storeDir: join(rootDir, `n${i + 1}`), process: undefined, log: '' });
    }
    const cluster = new NatsCluster(nodes, rootDir);
    for (const node of nodes) cluster.startNode(node);
    return cluster;
  }

  /** nats://127.0.0.1:p1,nats://127.0.0.1:p2,... : the form `--log` takes. */
  get url(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.clientPort}`).join(',');
  }

  startNode(node: NatsNode): void {
    const routes = this.nodes.filter((n) => n !== node).map((n) => `nats://127.0.0.1:${n.clusterPort}`).join(',');
    // A single node runs JetStream without clustering (replicas 1), for tests of one mechanism.
    const clustering = this.nodes.length === 1 ? [] : ['--cluster_name', 'tokex', '--cluster', `nats://127.0.0.1:${node.clusterPort}`, '--routes', routes];
    const child = spawn(natsServerBinary, [
      '-a', '127.0.0.1', '-p', String(node.clientPort), '-n', node.name, '-js', '-sd', node.storeDir, ...clustering,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => { node.log = (node.log + chunk).slice(-logCharsMax); });
    node.process = child;
  }

  kill(node: NatsNode): void {
    node.process?.kill('SIGKILL');
    node.process = undefined;
  }

  stop(): void {
    for (const node of this.nodes) this.kill(node);
    rmSync(this.rootDir, { recursive: true, force: true });
  }
}
