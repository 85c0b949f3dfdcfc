// `tokex cluster engine` and `tokex cluster gateway`: the processes of a JetStream-backed deployment
// (docs/cluster.md). Both print one JSON object per line on stdout (started, role changes, listening port),
// which operators' log shippers and the cluster test read.

import { hostname } from 'node:os';
import type { Command } from 'commander';
import { defaultCatalogue } from '../products/catalogue.js';
import type { SessionMode } from '../exchange/exchange.js';
import { parseLogUrl } from './connection.js';
import { EngineNode } from './engine-node.js';
import { GatewayClient } from './gateway-client.js';
import { startGatewayHttp } from './gateway-http.js';
import { streamReplicasMax } from './limits.js';
import { groupCatalogue, parseGroup, type ProductGroup } from './subjects.js';

/** Exit code for a bad argument (as the products CLI: 2 is the Unix usage convention). */
export const exitBadArgument = 2;

const report = (event: Record<string, unknown>): void => { process.stdout.write(`${JSON.stringify(event)}\n`); };

export function register(program: Command): void {
  const cluster = program.command('cluster').description('run the exchange on a NATS JetStream cluster (docs/cluster.md)');
  cluster
    .command('engine')
    .description('an engine process for one product group: primary or hot standby, decided by a lease')
    .requiredOption('--log <urls>', 'the JetStream servers: nats://host:port[,nats://host:port...]')
    .requiredOption('--node-id <id>', 'this engine\'s name, unique in its group (letters, digits, _ and -)')
    .option('--group <codes>', 'the products this engine trades, e.g. TKF,TKC (default: every product)', '')
    .option('--sessions <mode>', 'real (trading hours) or always-open; the same on every engine of a group', 'real')
    .option('--replicas <n>', 'replicas of the streams, when this process creates them', '3')
    .action(async (options: { log: string; nodeId: string; group: string; sessions: string; replicas: string }) => {
      const parsed = parseCommon(options.log, options.replicas, [options.group]);
      if (typeof parsed === 'string' || (options.sessions !== 'real' && options.sessions !== 'always-open')) {
        console.error(typeof parsed === 'string' ? parsed : `--sessions: real or always-open, got ${options.sessions}`);
        process.exitCode = exitBadArgument;
        return;
      }
      const group = parsed.groups[0]!;
      const node = await EngineNode.start({
        servers: parsed.servers, group, nodeId: options.nodeId, replicas: parsed.replicas, report,
        exchange: { catalogue: groupCatalogue(defaultCatalogue(), group), sessions: options.sessions as SessionMode },
      });
      stopOnSignal(() => node.stop());
      await node.failed.catch((error: Error) => {
        report({ event: 'fatal', nodeId: options.nodeId, message: error.message });
        process.exit(1);
      });
    });
  cluster
    .command('gateway')
    .description('a gateway: takes commands over HTTP (POST /commands), appends them to the log, answers with the outcome')
    .requiredOption('--log <urls>', 'the JetStream servers: nats://host:port[,nats://host:port...]')
    .requiredOption('--port <port>', 'HTTP port on 127.0.0.1 (0: any free port, printed on stdout)')
    .option('--host <host>', 'HTTP address to listen on', '127.0.0.1')
    .option('--gateway-id <id>', 'this gateway\'s name (letters, digits, _ and -)', `gw-${hostname().replace(/[^A-Za-z0-9_-]/g, '')}-${process.pid}`)
    .option('--group <codes...>', 'the engine groups, e.g. --group TKF,TKC TKE,GPH (default: one group of every product)')
    .option('--replicas <n>', 'replicas of the streams, when this process creates them', '3')
    .action(async (options: { log: string; port: string; host: string; gatewayId: string; group?: string[]; replicas: string }) => {
      const parsed = parseCommon(options.log, options.replicas, options.group ?? ['']);
      const port = Number(options.port);
      if (typeof parsed === 'string' || !Number.isInteger(port) || port < 0 || port > 65_535) {
        console.error(typeof parsed === 'string' ? parsed : `--port: 0..65535, got ${options.port}`);
        process.exitCode = exitBadArgument;
        return;
      }
      const client = await GatewayClient.connect({ servers: parsed.servers, gatewayId: options.gatewayId, groups: parsed.groups, replicas: parsed.replicas, report });
      const server = await startGatewayHttp(client, port, options.host);
      const address = server.address();
      report({ event: 'listening', gatewayId: options.gatewayId, port: typeof address === 'object' && address ? address.port : port, groups: parsed.groups.map((g) => g.name) });
      stopOnSignal(async () => { server.close(); await client.close(); });
    });
}

function parseCommon(log: string, replicasText: string, groupTexts: readonly string[]): { servers: string[]; replicas: number; groups: ProductGroup[] } | string {
  let servers: string[];
  try {
    servers = parseLogUrl(log);
  } catch (error) {
    return (error as Error).message;
  }
  const replicas = Number(replicasText);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > streamReplicasMax) return `--replicas: 1..${streamReplicasMax}, got ${replicasText}`;
  const groups: ProductGroup[] = [];
  for (const text of groupTexts) {
    const group = parseGroup(defaultCatalogue(), text);
    if (!group.ok) return `--${group.message}`;
    if (groups.some((g) => g.productCodes.some((code) => group.group.productCodes.includes(code)))) return `--group: a product is in two groups (${text})`;
    groups.push(group.group);
  }
  return { servers, replicas, groups };
}

function stopOnSignal(stop: () => Promise<void>): void {
  const handler = (): void => { void stop().finally(() => process.exit(0)); };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
