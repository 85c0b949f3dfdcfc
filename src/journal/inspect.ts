// What the operator commands report, as plain data: verify (every record's CRC and seq order, the tail, the
// snapshots) and stats (records by type, bytes, seq and time ranges, segments). Read-only: nothing here
// truncates or rewrites, even a torn tail (the server does that when it starts).

import { existsSync, readFileSync } from 'node:fs';
import { JournalCorruptError } from './errors.js';
import { journalDir, snapshotDir } from './paths.js';
import { openJournal, type JournalInfo } from './reader.js';
import { recordTypeName } from './record-types.js';
import type { TornTail } from './scan.js';
import { checkSnapshotBytes, listSnapshots } from './snapshot-store.js';

export interface Corruption {
  readonly file: string;
  readonly offset: number;
  readonly reason: string;
}

export interface SnapshotCheck {
  readonly seq: number;
  readonly file: string;
  readonly bytes: number;
  /** null when valid. */
  readonly fault: string | null;
}

export interface VerifyReport {
  readonly dir: string;
  readonly ok: boolean;
  readonly segments: number;
  readonly records: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly tail: TornTail | null;
  readonly corruption: Corruption | null;
  readonly snapshots: readonly SnapshotCheck[];
}

export interface TypeStats {
  readonly type: number;
  readonly name: string;
  readonly records: number;
  readonly payloadBytes: number;
}

export interface StatsReport {
  readonly dir: string;
  readonly records: number;
  readonly bytes: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstTsMicros: number;
  readonly lastTsMicros: number;
  readonly byType: readonly TypeStats[];
  readonly segments: readonly { file: string; bytes: number; zeroFillBytes: number; records: number; firstSeq: number; lastSeq: number }[];
  readonly tail: TornTail | null;
}

export function verifyDataDir(dataDir: string): VerifyReport {
  const dir = journalDir(dataDir);
  const snapshots = checkSnapshots(dataDir);
  const empty = { dir, segments: 0, records: 0, firstSeq: 0, lastSeq: 0, tail: null, snapshots };
  if (!existsSync(dir)) return { ...empty, ok: false, corruption: { file: dir, offset: 0, reason: 'no journal directory' } };
  try {
    const info = openJournal(dir);
    // A hole in the last batch stops the server's start (reader.ts), so verify fails on it too.
    const ok = info.tail === null || info.tail.intactRecordsAfter === 0;
    return { dir, ok, segments: info.segments.length, records: info.records, firstSeq: firstSeq(info), lastSeq: info.lastSeq, tail: info.tail, corruption: null, snapshots };
  } catch (error) {
    if (!(error instanceof JournalCorruptError)) throw error;
    return { ...empty, ok: false, corruption: { file: error.file, offset: error.offset, reason: error.reason } };
  }
}

/** Throws JournalCorruptError on corruption (the CLI reports it like verify does). */
export function statsOfDataDir(dataDir: string): StatsReport {
  const dir = journalDir(dataDir);
  const byType = new Map<number, { records: number; payloadBytes: number }>();
  const info = openJournal(dir, {
    visit: (type, _seq, _tsMicros, payload) => {
      const entry = byType.get(type) ?? { records: 0, payloadBytes: 0 };
      entry.records += 1;
      entry.payloadBytes += payload.length;
      byType.set(type, entry);
    },
  });
  const withRecords = info.segments.filter((segment) => segment.records > 0);
  return {
    dir,
    records: info.records,
    bytes: info.segments.reduce((sum, segment) => sum + segment.bytes, 0),
    firstSeq: firstSeq(info),
    lastSeq: info.lastSeq,
    firstTsMicros: withRecords[0]?.firstTsMicros ?? 0,
    lastTsMicros: info.lastTsMicros,
    byType: [...byType].sort(([a], [b]) => a - b).map(([type, entry]) => ({ type, name: recordTypeName(type), ...entry })),
    segments: info.segments.map(({ file, bytes, zeroFillBytes, records, firstSeq: first, lastSeq }) => ({ file, bytes, zeroFillBytes, records, firstSeq: first, lastSeq })),
    tail: info.tail,
  };
}

function firstSeq(info: JournalInfo): number {
  return info.segments.find((segment) => segment.records > 0)?.firstSeq ?? 0;
}

function checkSnapshots(dataDir: string): SnapshotCheck[] {
  return listSnapshots(snapshotDir(dataDir)).map(({ seq, file }) => {
    const bytes = readFileSync(file);
    return { seq, file, bytes: bytes.length, fault: checkSnapshotBytes(bytes, seq) };
  });
}
