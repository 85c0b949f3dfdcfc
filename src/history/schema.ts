// The tables of DIR/history.sqlite. Everything here is derived from the journal, so the file is a cache: a
// schema change bumps historySchemaVersion and the file is rebuilt (`tokex rebuild`), never migrated.
// Integers only: prices in ticks (plus the decimal string a person reads), quantities in lots, money in minor
// units (SQLite INTEGER is 64-bit; amounts are bound and read as bigint).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { historySchemaVersion } from './limits.js';

export type Db = Database.Database;

export function historyFile(dataDir: string): string {
  return join(dataDir, 'history.sqlite');
}

const ddl = `
CREATE TABLE IF NOT EXISTS meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  schema_version INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  last_ts_micros INTEGER NOT NULL,
  sessions TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
  account_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  account_type TEXT NOT NULL,
  created_seq INTEGER NOT NULL,
  created_ts_micros INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
  order_id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  client_order_id TEXT NOT NULL,
  side TEXT NOT NULL,
  order_type TEXT NOT NULL,
  time_in_force TEXT NOT NULL,
  price_ticks INTEGER NOT NULL,
  price TEXT NOT NULL,
  stop_price_ticks INTEGER NOT NULL,
  qty_lots INTEGER NOT NULL,
  filled_lots INTEGER NOT NULL,
  filled_notional_ticks INTEGER NOT NULL,
  status TEXT NOT NULL,
  reason_code INTEGER NOT NULL,
  created_seq INTEGER NOT NULL,
  created_ts_micros INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL,
  updated_ts_micros INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_by_account ON orders (account_id, order_id);
CREATE INDEX IF NOT EXISTS orders_by_symbol ON orders (symbol, order_id);
CREATE TABLE IF NOT EXISTS order_events (
  order_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  event_no INTEGER NOT NULL,
  ts_micros INTEGER NOT NULL,
  kind TEXT NOT NULL,
  price_ticks INTEGER NOT NULL,
  qty_lots INTEGER NOT NULL,
  leaves_lots INTEGER,
  reason_code INTEGER NOT NULL,
  trade_id INTEGER NOT NULL,
  PRIMARY KEY (order_id, seq, event_no)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS trades (
  symbol TEXT NOT NULL,
  trade_id INTEGER NOT NULL,
  price_ticks INTEGER NOT NULL,
  price TEXT NOT NULL,
  qty_lots INTEGER NOT NULL,
  aggressor_side TEXT NOT NULL,
  ts_micros INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (symbol, trade_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS trades_by_seq ON trades (seq);
CREATE TABLE IF NOT EXISTS fills (
  symbol TEXT NOT NULL,
  trade_id INTEGER NOT NULL,
  liquidity TEXT NOT NULL CHECK (liquidity IN ('maker', 'taker')),
  order_id INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  side TEXT NOT NULL,
  price_ticks INTEGER NOT NULL,
  price TEXT NOT NULL,
  qty_lots INTEGER NOT NULL,
  fee_minor INTEGER NOT NULL,
  fee TEXT NOT NULL,
  currency TEXT NOT NULL,
  ts_micros INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (symbol, trade_id, liquidity)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fills_by_account ON fills (account_id, seq);
CREATE TABLE IF NOT EXISTS settlement_prices (
  seq INTEGER NOT NULL,
  iso_date TEXT NOT NULL,
  symbol TEXT NOT NULL,
  price_ticks INTEGER NOT NULL,
  price TEXT NOT NULL,
  previous_ticks INTEGER NOT NULL,
  method TEXT NOT NULL,
  locked_at_limit INTEGER NOT NULL,
  next_limit_down_ticks INTEGER NOT NULL,
  next_limit_up_ticks INTEGER NOT NULL,
  ts_micros INTEGER NOT NULL,
  PRIMARY KEY (seq, symbol)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS settlement_prices_by_symbol ON settlement_prices (symbol, iso_date);
CREATE INDEX IF NOT EXISTS settlement_prices_by_date ON settlement_prices (iso_date, symbol);
CREATE TABLE IF NOT EXISTS final_settlements (
  symbol TEXT PRIMARY KEY,
  price_ticks INTEGER NOT NULL,
  price TEXT NOT NULL,
  positions_closed INTEGER NOT NULL,
  paid_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  ts_micros INTEGER NOT NULL,
  seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_entries (
  entry_id INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL,
  ts_micros INTEGER NOT NULL,
  kind TEXT NOT NULL,
  currency TEXT NOT NULL,
  ref TEXT NOT NULL,
  reverses INTEGER
);
CREATE TABLE IF NOT EXISTS ledger_legs (
  entry_id INTEGER NOT NULL,
  leg_no INTEGER NOT NULL,
  ledger_account_id INTEGER NOT NULL,
  account_kind TEXT NOT NULL,
  owner_id INTEGER NOT NULL,
  currency TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  PRIMARY KEY (entry_id, leg_no)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ledger_legs_by_owner ON ledger_legs (account_kind, owner_id, entry_id);
`;

export interface Meta {
  readonly lastSeq: number;
  readonly lastTsMicros: number;
  readonly sessions: string;
}

/** Opens (creating) the history file for writing: WAL, so readers (the API, `tokex history`) never wait. */
export function openHistoryDb(file: string, sessions: string): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // The journal is the durable record; this file is rebuilt from it, so a lost last transaction costs
    // nothing but a catch-up. NORMAL skips the fsync per commit.
    db.pragma('synchronous = NORMAL');
    const version = tableExists(db, 'meta') ? (db.prepare('SELECT schema_version AS v FROM meta WHERE id = 1').get() as { v: number } | undefined)?.v : undefined;
    if (version !== undefined && version !== historySchemaVersion) {
      throw new Error(`${file} has history schema ${version}, this build writes ${historySchemaVersion}: run tokex rebuild`);
    }
    db.exec(ddl);
    db.prepare('INSERT OR IGNORE INTO meta (id, schema_version, last_seq, last_ts_micros, sessions) VALUES (1, ?, 0, 0, ?)').run(historySchemaVersion, sessions);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens an existing history file read-only (queries), or says why it cannot be. */
export function openHistoryReadOnly(file: string): Db {
  if (!existsSync(file)) throw new Error(`${file} does not exist: run tokex rebuild --data-dir (or tokex serve with history) first`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const version = tableExists(db, 'meta') ? (db.prepare('SELECT schema_version AS v FROM meta WHERE id = 1').get() as { v: number } | undefined)?.v : undefined;
  if (version !== historySchemaVersion) {
    db.close();
    throw new Error(`${file} has history schema ${version ?? 'none'}, this build reads ${historySchemaVersion}: run tokex rebuild`);
  }
  return db;
}

export function readMeta(db: Db): Meta {
  const row = db.prepare('SELECT last_seq AS lastSeq, last_ts_micros AS lastTsMicros, sessions FROM meta WHERE id = 1').get() as Meta | undefined;
  return row ?? { lastSeq: 0, lastTsMicros: 0, sessions: '' };
}

function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
