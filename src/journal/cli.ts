// Operator commands: `tokex journal verify` and `tokex journal stats`. Both only read. `tokex snapshot` needs
// the running server and lives with it; it calls writeSnapshot / loadNewestSnapshot from this folder.

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { JournalCorruptError } from './errors.js';
import { statsOfDataDir, verifyDataDir, type StatsReport, type VerifyReport } from './inspect.js';
import { journalDir } from './paths.js';

export type Print = (line: string) => void;

export function register(program: Command): void {
  const journal = program.command('journal').description('inspect the durable command journal (read-only)');
  journal
    .command('verify')
    .description('check every record (CRC, seq order) and the snapshots; exit 1 on corruption, naming the offset')
    .requiredOption('--data-dir <dir>', 'the server data directory (holds journal/ and snapshots/)')
    .option('--json', 'print one JSON object')
    .action((options: { dataDir: string; json?: boolean }) => {
      process.exitCode = runVerify(options.dataDir, options.json === true, console.log);
    });
  journal
    .command('stats')
    .description('records by type, bytes, seq and time ranges, segments')
    .requiredOption('--data-dir <dir>', 'the server data directory (holds journal/ and snapshots/)')
    .option('--json', 'print one JSON object')
    .action((options: { dataDir: string; json?: boolean }) => {
      process.exitCode = runStats(options.dataDir, options.json === true, console.log);
    });
}

/** Prints the verify report; returns the exit code (1 on corruption or on a tail the server would not repair). */
export function runVerify(dataDir: string, json: boolean, print: Print): number {
  const report = verifyDataDir(dataDir);
  if (json) print(JSON.stringify(report));
  else printVerify(report, print);
  return report.ok ? 0 : 1;
}

function printVerify(report: VerifyReport, print: Print): void {
  if (report.corruption !== null) {
    const { file, offset, reason } = report.corruption;
    print(`CORRUPT ${file} at byte offset ${offset}: ${reason}`);
  } else {
    print(`${report.ok ? 'ok' : 'NOT OK'}: ${report.records} records in ${report.segments} segments, seq ${report.firstSeq}..${report.lastSeq}`);
  }
  if (report.tail !== null) {
    const { file, offset, bytesDropped, reason, intactRecordsAfter } = report.tail;
    if (intactRecordsAfter === 0) {
      print(`torn tail: ${file} at byte offset ${offset}, ${bytesDropped} bytes (${reason}); the server truncates it on start`);
    } else {
      print(`WARNING: hole in the last batch: ${file} at byte offset ${offset} (${reason}), followed by ${intactRecordsAfter} intact records. A power loss can do that; so can damage to a batch already acknowledged. The server refuses to start until it is repaired (repairHoles) after inspection.`);
    }
  }
  for (const snapshot of report.snapshots) {
    print(`snapshot seq ${snapshot.seq}: ${snapshot.fault === null ? 'valid' : `INVALID (${snapshot.fault})`}, ${snapshot.bytes} bytes, ${snapshot.file}`);
  }
}

/** Prints the stats; returns the exit code (1 on corruption). */
export function runStats(dataDir: string, json: boolean, print: Print): number {
  if (!existsSync(journalDir(dataDir))) {
    print(`no journal directory at ${journalDir(dataDir)}`);
    return 1;
  }
  let report: StatsReport;
  try {
    report = statsOfDataDir(dataDir);
  } catch (error) {
    if (!(error instanceof JournalCorruptError)) throw error;
    print(`CORRUPT ${error.file} at byte offset ${error.offset}: ${error.reason}`);
    return 1;
  }
  if (json) {
    print(JSON.stringify(report));
    return 0;
  }
  print(`journal ${report.dir}: ${report.records} records, ${report.bytes} bytes in ${report.segments.length} segments`);
  print(`seq ${report.firstSeq}..${report.lastSeq}`);
  if (report.records > 0) print(`time ${isoOf(report.firstTsMicros)} .. ${isoOf(report.lastTsMicros)}`);
  for (const entry of report.byType) print(`  ${entry.name} (type ${entry.type}): ${entry.records} records, ${entry.payloadBytes} payload bytes`);
  for (const segment of report.segments) {
    const zeroFill = segment.zeroFillBytes > 0 ? ` (${segment.zeroFillBytes} of them zero fill, allocated ahead)` : '';
    print(`  ${segment.file}: ${segment.bytes} bytes${zeroFill}, ${segment.records} records, seq ${segment.firstSeq}..${segment.lastSeq}`);
  }
  if (report.tail !== null) print(`torn tail at byte offset ${report.tail.offset} of ${report.tail.file}: ${report.tail.bytesDropped} bytes`);
  return 0;
}

function isoOf(tsMicros: number): string {
  return new Date(Math.floor(tsMicros / 1000)).toISOString();
}
