// Fixing storage (I/O, outside the core): DIR/index.sqlite, one row per fixing version with the whole record
// (inputs and intermediate values) as JSON. Rows are only ever inserted: a restatement is a new version, and
// every version stays. Kept indefinitely (see docs/index-methodology.md, record keeping).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { assert } from '../core/assert.js';
import { fromJson, toJson, type FixingRecord } from './fixing.js';

export const versionsPerFixingMax = 100;
export const rangeRowsMax = 5_000;

export class FixingStore {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'index.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS fixings (
      index_name TEXT NOT NULL, date TEXT NOT NULL, version INTEGER NOT NULL,
      recorded_at TEXT NOT NULL, record TEXT NOT NULL,
      PRIMARY KEY (index_name, date, version))`);
  }

  close(): void {
    this.db.close();
  }

  /** Appends a record; its version must be exactly one more than the latest stored for that index and date. */
  insert(record: FixingRecord): void {
    const latest = this.latest(record.index, record.date);
    assert(record.version === (latest?.version ?? 0) + 1, `${record.index} ${record.date}: version ${record.version} after ${latest?.version ?? 0}`);
    assert(record.version <= versionsPerFixingMax, `more than ${versionsPerFixingMax} versions of one fixing`);
    this.db.prepare('INSERT INTO fixings (index_name, date, version, recorded_at, record) VALUES (?, ?, ?, ?, ?)')
      .run(record.index, record.date, record.version, record.recordedAt, toJson(record));
  }

  /** The stored JSON text of a version, exactly as written (what verify compares against). */
  rawText(index: string, date: string, version: number): string | undefined {
    const row = this.db.prepare('SELECT record FROM fixings WHERE index_name = ? AND date = ? AND version = ?').get(index, date, version) as { record: string } | undefined;
    return row?.record;
  }

  version(index: string, date: string, version: number): FixingRecord | undefined {
    const text = this.rawText(index, date, version);
    return text === undefined ? undefined : fromJson<FixingRecord>(text);
  }

  /** The latest version for a date. */
  latest(index: string, date: string): FixingRecord | undefined {
    const row = this.db.prepare('SELECT record FROM fixings WHERE index_name = ? AND date = ? ORDER BY version DESC LIMIT 1').get(index, date) as { record: string } | undefined;
    return row ? fromJson<FixingRecord>(row.record) : undefined;
  }

  versions(index: string, date: string): FixingRecord[] {
    const rows = this.db.prepare('SELECT record FROM fixings WHERE index_name = ? AND date = ? ORDER BY version').all(index, date) as { record: string }[];
    return rows.map((r) => fromJson<FixingRecord>(r.record));
  }

  /** The latest version of the last fixing strictly before a date: the link for the next fixing. */
  previousBefore(index: string, date: string): FixingRecord | undefined {
    const row = this.db.prepare('SELECT date FROM fixings WHERE index_name = ? AND date < ? ORDER BY date DESC LIMIT 1').get(index, date) as { date: string } | undefined;
    return row ? this.latest(index, row.date) : undefined;
  }

  /** The last fixed date after the given one, if any (fixings are made in date order). */
  laterThan(index: string, date: string): string | undefined {
    const row = this.db.prepare('SELECT date FROM fixings WHERE index_name = ? AND date > ? ORDER BY date DESC LIMIT 1').get(index, date) as { date: string } | undefined;
    return row?.date;
  }

  /** The latest version of each fixing from..to (inclusive), in date order. For clearing: the month's fixings. */
  range(index: string, fromIso: string, toIso: string): FixingRecord[] {
    const rows = this.db.prepare(`SELECT f.record FROM fixings f
      JOIN (SELECT date, MAX(version) AS version FROM fixings WHERE index_name = ? AND date BETWEEN ? AND ? GROUP BY date) m
      ON f.date = m.date AND f.version = m.version WHERE f.index_name = ? ORDER BY f.date LIMIT ?`)
      .all(index, fromIso, toIso, index, rangeRowsMax) as { record: string }[];
    return rows.map((r) => fromJson<FixingRecord>(r.record));
  }
}
