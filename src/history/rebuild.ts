// `tokex rebuild`: the history file made again from the journal alone. A fresh replica replays every record
// and records every outcome into a new file beside the old one, which replaces it only when complete: a
// rebuild that fails leaves the previous history untouched.

import { existsSync, renameSync, rmSync } from 'node:fs';
import type { SessionMode } from '../exchange/exchange.js';
import type { Catalogue } from '../products/catalogue.js';
import { lockDataDir } from '../server/lock.js';
import { rebuildProgressRecords } from './limits.js';
import type { RowCounts } from './projector.js';
import { HistoryRecorder } from './recorder.js';
import { historyFile, openHistoryReadOnly, readMeta } from './schema.js';

export interface RebuildOptions {
  readonly dataDir: string;
  readonly catalogue: Catalogue;
  /** The mode the journal was written in; default: the one the old history file recorded, else always-open. */
  readonly sessions?: SessionMode;
  readonly progress?: (seq: number, records: number) => void;
  /** Taken by the caller already (a process that owns the directory); else rebuild takes DIR/LOCK itself. */
  readonly locked?: boolean;
}

export interface RebuildReport {
  readonly file: string;
  readonly lastSeq: number;
  readonly sessions: SessionMode;
  readonly counts: RowCounts;
  readonly seconds: number;
}

export function rebuildHistory(options: RebuildOptions): RebuildReport {
  const started = performance.now();
  const unlock = options.locked ? () => {} : lockDataDir(options.dataDir);
  try {
    const file = historyFile(options.dataDir);
    const sessions = options.sessions ?? recordedSessions(file) ?? 'always-open';
    const temporary = `${file}.rebuild`;
    removeDb(temporary);
    const recorder = HistoryRecorder.open({ dataDir: options.dataDir, catalogue: options.catalogue, sessions, file: temporary, onError: () => {} });
    let lastProgress = 0;
    try {
      recorder.catchUp(Number.MAX_SAFE_INTEGER, (seq, records) => {
        if (records - lastProgress < rebuildProgressRecords) return;
        lastProgress = records;
        options.progress?.(seq, records);
      });
    } catch (error) {
      recorder.close();
      removeDb(temporary);
      throw error;
    }
    const report = { file, lastSeq: recorder.lastSeq, sessions, counts: { ...recorder.counts } };
    recorder.close();
    removeDb(file);
    renameSync(temporary, file);
    return { ...report, seconds: (performance.now() - started) / 1000 };
  } finally {
    unlock();
  }
}

function recordedSessions(file: string): SessionMode | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const db = openHistoryReadOnly(file);
    try {
      const { sessions } = readMeta(db);
      return sessions === 'real' || sessions === 'always-open' ? sessions : undefined;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
