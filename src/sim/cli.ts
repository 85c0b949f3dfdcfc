// `tokex demo`: the quick start's first command lands here.

import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { runDemo } from './demo.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the exchange on a demo market: contracts, listing, agents trading, end-of-day settlement')
    .option('--date <YYYY-MM-DD>', 'trading date (default: today, UTC)')
    .option('--steps <n>', 'agent turns to run', '3000')
    .option('--seed <n>', 'seed of the simulated market (same seed, same market)', '42')
    .option('--trades-shown <n>', 'trades printed one by one', '15')
    .option('--data-dir <dir>', 'journal the session here (default: in memory)')
    .action(async (options: { date?: string; steps: string; seed: string; tradesShown: string; dataDir?: string }) => {
      const date = options.date ?? new Date().toISOString().slice(0, 10);
      const steps = Number(options.steps);
      const seed = Number(options.seed);
      const tradesShown = Number(options.tradesShown);
      const bad = !/^\d{4}-\d{2}-\d{2}$/.test(date) ? `--date must be YYYY-MM-DD, got "${date}"`
        : !Number.isSafeInteger(steps) || steps < 1 || steps > 10_000_000 ? `--steps must be an integer 1..10000000, got "${options.steps}"`
        : !Number.isSafeInteger(seed) || seed < 0 ? `--seed must be a non-negative integer, got "${options.seed}"`
        : !Number.isSafeInteger(tradesShown) || tradesShown < 0 ? `--trades-shown must be a non-negative integer, got "${options.tradesShown}"` : undefined;
      if (bad) {
        process.stderr.write(`tokex demo: ${bad}\n`);
        process.exitCode = 2;
        return;
      }
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
