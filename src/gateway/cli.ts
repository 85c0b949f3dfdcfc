// `tokex serve`, `tokex account create|list|deposit`, `tokex key revoke`. The account and key commands are
// HTTP clients of the running server, signed with DIR/operator.json; with --json they print one JSON object.
// Exit codes: 0 done, 1 the server refused (its error printed), 2 bad arguments or no server to talk to.

import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { ApiResponseError, TokexClient } from './client.js';
import { operatorFilePath, readOperatorCredential } from './operator-credential.js';

const accountTypes = ['hedger', 'market-maker', 'speculator'];

class UsageError extends Error {}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseDeposit(text: string): { currency: string; amount: string } {
  const match = /^([0-9]+(?:\.[0-9]+)?):(USD|CNY)$/.exec(text);
  if (!match) throw new UsageError(`--deposit must be AMOUNT:CURRENCY like 1000000:USD (USD or CNY), got "${text}"`);
  return { amount: match[1]!, currency: match[2]! };
}

function operatorClient(options: { dataDir: string; url?: string }): TokexClient {
  if (!existsSync(operatorFilePath(options.dataDir))) throw new UsageError(`no operator credential at ${operatorFilePath(options.dataDir)}: start \`tokex serve --data-dir ${options.dataDir}\` first`);
  const credential = readOperatorCredential(options.dataDir);
  return new TokexClient(options.url ?? credential.url ?? 'http://127.0.0.1:8080', credential);
}

async function run(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof ApiResponseError) {
      process.stderr.write(`tokex: refused (HTTP ${error.response.status}): ${JSON.stringify(error.response.body)}\n`);
      process.exitCode = 1;
    } else if (error instanceof UsageError) {
      process.stderr.write(`tokex: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof TypeError && /fetch failed/.test(error.message)) {
      process.stderr.write(`tokex: cannot reach the server (${(error.cause as Error | undefined)?.message ?? error.message}); is \`tokex serve\` running?\n`);
      process.exitCode = 2;
    } else {
      throw error;
    }
  }
}

function print(json: boolean, value: unknown, human: string): void {
  process.stdout.write(json ? JSON.stringify(value) + '\n' : human + '\n');
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the exchange: REST API (and FIX), journal and state under --data-dir')
    .option('--port <port>', 'HTTP port', '8080')
    .option('--fix-port <port>', 'FIX 4.4 acceptor port', '9878')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .requiredOption('--data-dir <dir>', 'journal, auth.sqlite, auth.key and operator.json live here')
    .option('--sessions <mode>', 'real (catalogue trading hours) or always-open (continuous, for demos and tests)', 'real')
    .option('--log-level <level>', 'pino log level', 'info')
    .option('--log <urls>', 'sequence on the JetStream command log nats://host:port[,…] instead of the local journal (docs/cluster.md)')
    .option('--group <codes>', 'with --log: the product group whose engines this gateway fronts, e.g. TKF,TKE (default: every product)', '')
    .option('--gateway-id <id>', 'with --log: this gateway\'s unique name (letters, digits, _ and -)')
    .option('--replicas <n>', 'with --log: replicas of the streams, when this process creates them', '3')
    .action(async (options: { port: string; fixPort: string; host: string; dataDir: string; sessions: string; logLevel: string; log?: string; group: string; gatewayId?: string; replicas: string }) => {
      await run(async () => {
        if (options.sessions !== 'real' && options.sessions !== 'always-open') throw new UsageError(`--sessions must be real or always-open, got "${options.sessions}"`);
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${options.port}"`);
        const say = (line: string) => process.stderr.write(`tokex: ${line}\n`);
        // Imported here, so that the client commands do not load the server (Fastify, the exchange) to start.
        const { serve } = await import('./serve.js');
        const fixPort = Number(options.fixPort);
        if (!Number.isInteger(fixPort) || fixPort < 0 || fixPort > 65535) throw new UsageError(`--fix-port must be a port number, got "${options.fixPort}"`);
        let log: { url: string; group: string; gatewayId: string; replicas: number } | undefined;
        if (options.log !== undefined) {
          const { checkLogOptions, defaultGatewayId } = await import('../cluster/serve-log.js');
          log = { url: options.log, group: options.group, gatewayId: options.gatewayId ?? defaultGatewayId(hostname(), process.pid), replicas: Number(options.replicas) };
          const problem = checkLogOptions({ log: log.url, group: log.group, gatewayId: log.gatewayId, replicas: log.replicas });
          if (typeof problem === 'string') throw new UsageError(problem);
        }
        const serving = await serve({ port, fixPort, host: options.host, dataDir: options.dataDir, sessions: options.sessions, logLevel: options.logLevel, ...(log ? { log } : {}) }, say);
        const stop = () => {
          say('stopping: closing connections, flushing the journal');
          serving.stop().then(() => process.exit(0), (error: Error) => { say(`stop failed: ${error.message}`); process.exit(1); });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  const account = program.command('account').description('accounts on the running server (operator credential from --data-dir)');
  account
    .command('create')
    .description('open an account, fund it, and print its API key and secret and FIX login')
    .requiredOption('--name <name>', 'account owner name')
    .requiredOption('--type <type>', accountTypes.join('|'))
    .option('--deposit <amount:currency>', 'initial cash, e.g. 1000000:USD (repeatable)', collect, [])
    .requiredOption('--data-dir <dir>', 'the server\'s data directory (for operator.json)')
    .option('--url <url>', 'server URL (default: the one in operator.json)')
    .option('--json', 'print JSON')
    .action(async (options: { name: string; type: string; deposit: string[]; dataDir: string; url?: string; json?: boolean }) => {
      await run(async () => {
        if (!accountTypes.includes(options.type)) throw new UsageError(`--type must be one of ${accountTypes.join(', ')}, got "${options.type}"`);
        const deposits = options.deposit.map(parseDeposit);
        const created = await operatorClient(options).post('/v1/accounts', { name: options.name, type: options.type, deposits });
        print(options.json === true, created, [
          `account ${created.account} created`, `apiKey ${created.apiKey}`, `apiSecret ${created.apiSecret}`,
          `fixSenderCompId ${created.fixSenderCompId}`, `fixPassword ${created.fixPassword}`, '(the secret and password are shown once; keep them)',
        ].join('\n'));
      });
    });
  account
    .command('list')
    .description('list every account')
    .requiredOption('--data-dir <dir>', 'the server\'s data directory (for operator.json)')
    .option('--url <url>', 'server URL')
    .option('--json', 'print JSON')
    .action(async (options: { dataDir: string; url?: string; json?: boolean }) => {
      await run(async () => {
        const listed = await operatorClient(options).get('/v1/accounts');
        const lines = (listed.accounts as { account: number; name: string; type: string; status: string; apiKeys: { revoked: boolean }[] }[])
          .map((a) => `${a.account}\t${a.name}\t${a.type}\t${a.status}\tkeys ${a.apiKeys.filter((k) => !k.revoked).length}`);
        print(options.json === true, listed, lines.length > 0 ? lines.join('\n') : 'no accounts');
      });
    });
  account
    .command('deposit')
    .description('add cash to an account')
    .requiredOption('--account <id>', 'account id')
    .requiredOption('--amount <amount:currency>', 'e.g. 50000:USD')
    .requiredOption('--data-dir <dir>', 'the server\'s data directory (for operator.json)')
    .option('--url <url>', 'server URL')
    .option('--json', 'print JSON')
    .action(async (options: { account: string; amount: string; dataDir: string; url?: string; json?: boolean }) => {
      await run(async () => {
        if (!/^[1-9][0-9]{0,9}$/.test(options.account)) throw new UsageError(`--account must be an account id, got "${options.account}"`);
        const cash = parseDeposit(options.amount);
        const result = await operatorClient(options).post(`/v1/accounts/${options.account}/deposits`, cash);
        print(options.json === true, result, `account ${result.account}: ${result.currency} cash now ${result.cash}`);
      });
    });

  program
    .command('key')
    .description('API keys on the running server')
    .command('revoke')
    .description('revoke an API key: its requests are refused from now on')
    .requiredOption('--key <apiKey>', 'the key to revoke (tk_…)')
    .requiredOption('--data-dir <dir>', 'the server\'s data directory (for operator.json)')
    .option('--url <url>', 'server URL')
    .option('--json', 'print JSON')
    .action(async (options: { key: string; dataDir: string; url?: string; json?: boolean }) => {
      await run(async () => {
        const result = await operatorClient(options).delete(`/v1/keys/${encodeURIComponent(options.key)}`);
        print(options.json === true, result, `key ${result.apiKey} revoked`);
      });
    });
}
