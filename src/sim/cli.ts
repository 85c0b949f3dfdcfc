// `tokex demo`: the quick start's first command lands here. Without --serve, one run in the terminal; with
// --serve, the live demo market behind the web terminal (live.ts), until Ctrl-C.

import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { parseIsoDate } from '../products/iso-date.js';
import { runDemo } from './demo.js';
import { startLive, turnsPerSecMax } from './live.js';

export const serveDataDirDefault = './.tokex-demo';
export const servePortDefault = 8080;
export const serveTurnsPerSecDefault = 20;

interface DemoCliOptions {
  date?: string; steps: string; seed: string; tradesShown: string; dataDir?: string;
  serve?: boolean; port?: string; host: string; rate?: string;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the exchange on a demo market: contracts, listing, agents trading, end-of-day settlement; with --serve, the live market and web terminal')
    .option('--date <YYYY-MM-DD>', 'trading date (default: today, UTC)')
    .option('--steps <n>', 'agent turns to run', '3000')
    .option('--seed <n>', 'seed of the simulated market (same seed, same market)', '42')
    .option('--trades-shown <n>', 'trades printed one by one', '15')
    .option('--data-dir <dir>', `journal the session here (default: in memory; with --serve ${serveDataDirDefault})`)
    .option('--serve', 'run the live demo market: REST/WebSocket API and the web terminal, agents trading until Ctrl-C')
    .option('--port <n>', `with --serve: HTTP port (default ${servePortDefault}; 0 picks a free one)`)
    .option('--host <addr>', 'with --serve: address to listen on', '127.0.0.1')
    .option('--rate <n>', `with --serve: agent turns per second (default ${serveTurnsPerSecDefault})`)
    .action(async (options: DemoCliOptions) => {
      if (options.serve) return serveLive(options);
      const date = options.date ?? new Date().toISOString().slice(0, 10);
      const steps = Number(options.steps);
      const seed = Number(options.seed);
      const tradesShown = Number(options.tradesShown);
      const onlyWithServe = options.port !== undefined ? '--port' : options.rate !== undefined ? '--rate' : undefined;
      const bad = onlyWithServe ? `${onlyWithServe} needs --serve`
        : parseIsoDate(date) === undefined ? `--date must be a calendar date YYYY-MM-DD, got "${date}"`
        : !Number.isSafeInteger(steps) || steps < 1 || steps > 10_000_000 ? `--steps must be an integer 1..10000000, got "${options.steps}"`
        : !Number.isSafeInteger(seed) || seed < 0 ? `--seed must be a non-negative integer, got "${options.seed}"`
        : !Number.isSafeInteger(tradesShown) || tradesShown < 0 ? `--trades-shown must be a non-negative integer, got "${options.tradesShown}"` : undefined;
      if (bad) return fail(bad);
      if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
      const tty = process.stderr.isTTY === true;
      await runDemo(
        { date, steps, seed, tradesShown, ...(options.dataDir ? { dataDir: options.dataDir } : {}) },
        (line) => process.stdout.write(`${line}\n`),
        (text) => {
          if (tty) process.stderr.write(`\r\x1b[2K${text}`);
          else if (text !== '') process.stderr.write(`${text}\n`);
        },
      );
    });
}

async function serveLive(options: DemoCliOptions): Promise<void> {
  const port = Number(options.port ?? servePortDefault);
  const turnsPerSec = Number(options.rate ?? serveTurnsPerSecDefault);
  const seed = Number(options.seed);
  const bad = options.date !== undefined ? '--date is for the one-shot demo; the live demo trades today (wall clock)'
    : !Number.isSafeInteger(port) || port < 0 || port > 65_535 ? `--port must be an integer 0..65535, got "${options.port}"`
    : !Number.isFinite(turnsPerSec) || turnsPerSec <= 0 || turnsPerSec > turnsPerSecMax ? `--rate must be a number of turns per second in (0, ${turnsPerSecMax}], got "${options.rate}"`
    : !Number.isSafeInteger(seed) || seed < 0 ? `--seed must be a non-negative integer, got "${options.seed}"` : undefined;
  if (bad) return fail(bad);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const live = await startLive({ port, host: options.host, dataDir: options.dataDir ?? serveDataDirDefault, turnsPerSec, seed }, say);
  say('');
  say(`tokex demo market is live. Open the trading terminal: ${live.url}/`);
  say(`API ${live.url}/v1 (docs ${live.url}/docs). Ctrl-C stops it; a restart on the same --data-dir carries on.`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping (finishing the current turn, closing the journal)…`);
    live.stop().then(() => {
      say(`stopped: ${live.stats().turns} turns, ${live.stats().trades} trades this run, last seq ${live.stats().seq}`);
      process.exit(0);
    }, (error: Error) => {
      process.stderr.write(`tokex demo: stopping failed: ${error.message}\n`);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function fail(message: string): void {
  process.stderr.write(`tokex demo: ${message}\n`);
  process.exitCode = 2;
}
