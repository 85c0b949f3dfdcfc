// `tokex snapshot --data-dir DIR`: an operator takes a snapshot of a stopped exchange's data directory (the
// journal is replayed, the whole state written at its last seq), e.g. before an upgrade or to shorten the
// next start. A running `tokex serve` takes its own every snapshotEveryCommandsDefault commands.

import type { Command } from 'commander';
import { defaultCatalogue } from '../products/catalogue.js';
import { ExchangeService } from './exchange-service.js';

export function register(program: Command): void {
  program
    .command('snapshot')
    .description('replay a data directory and write a snapshot of the whole exchange at its last sequence number')
    .requiredOption('--data-dir <dir>', 'the data directory (its server must be stopped: one process owns it)')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: { dataDir: string; json?: boolean }) => {
      const result = await takeSnapshot(options.dataDir);
      if (typeof result === 'string') {
        process.stderr.write(`tokex snapshot: ${result}\n`);
        process.exitCode = 2;
        return;
      }
      if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(`snapshot at seq ${result.seq}: ${result.file} (${result.bytes} bytes); start-up replayed ${result.replayed} commands after snapshot ${result.fromSnapshotSeq} in ${result.replaySeconds.toFixed(2)} s; state hash ${result.stateHash}\n`);
    });
}

export async function takeSnapshot(dataDir: string): Promise<{ seq: number; file: string; bytes: number; stateHash: string; replayed: number; fromSnapshotSeq: number; replaySeconds: number } | string> {
  let service: ExchangeService;
  try {
    service = await ExchangeService.open({ dataDir, catalogue: defaultCatalogue(), sessions: 'always-open', clock: () => Date.now() * 1000, snapshotEveryCommands: 0 });
  } catch (error) {
    return `cannot open ${dataDir}: ${(error as Error).message}`;
  }
  try {
    if (service.exchange.seq === 0) return `nothing to snapshot in ${dataDir}: the journal is empty`;
    const written = await service.snapshot();
    return {
      ...written, stateHash: service.exchange.stateHash(), replayed: service.recovery.commandsReplayed,
      fromSnapshotSeq: service.recovery.snapshotSeq, replaySeconds: service.recovery.seconds,
    };
  } finally {
    await service.close();
  }
}
