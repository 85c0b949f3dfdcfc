// API keys and FIX logins, in DIR/auth.sqlite (better-sqlite3). Secrets are sealed by SecretBox (why: see
// secret-box.ts); FIX passwords are scrypt hashes. Keys are also held in memory, so verifying a request
// touches no disk; revocation writes through to both.

import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { assert } from '../../core/assert.js';
import { keysPerAccountMax } from '../limits.js';
import { isPermission, type Permission } from './permissions.js';
import { hashPassword, verifyPassword, type SecretBox } from './secret-box.js';

export interface ApiKeyRecord {
  readonly apiKey: string;
  readonly accountId: number;
  readonly permissions: readonly Permission[];
  readonly secret: string;
  readonly createdMs: number;
  revokedMs: number | null;
}

export interface IssuedKey {
  readonly apiKey: string;
  readonly apiSecret: string;
}

export type FixLoginResult = { readonly ok: true; readonly accountId: number } | { readonly ok: false; readonly message: string };

const schema = `
CREATE TABLE IF NOT EXISTS api_keys (
  api_key TEXT PRIMARY KEY, account_id INTEGER NOT NULL, permissions TEXT NOT NULL,
  secret_sealed BLOB NOT NULL, created_ms INTEGER NOT NULL, revoked_ms INTEGER);
CREATE TABLE IF NOT EXISTS fix_logins (
  sender_comp_id TEXT PRIMARY KEY, account_id INTEGER NOT NULL, password_hash TEXT NOT NULL, created_ms INTEGER NOT NULL);
`;

interface KeyRow { api_key: string; account_id: number; permissions: string; secret_sealed: Buffer; created_ms: number; revoked_ms: number | null }
interface FixRow { sender_comp_id: string; account_id: number; password_hash: string }

export class AuthStore {
  private readonly keys = new Map<string, ApiKeyRecord>();

  private constructor(private readonly db: Database.Database, private readonly box: SecretBox, private readonly clockMs: () => number) {
    db.exec(schema);
    for (const row of db.prepare('SELECT * FROM api_keys').all() as KeyRow[]) this.keys.set(row.api_key, this.fromRow(row));
  }

  /**
   * path ':memory:' for tests. Files are created owner-only (umask 077 while opening). Rollback-journal mode,
   * not WAL: writes are rare (a key issued or revoked) and no long-lived -wal/-shm files sit beside it.
   */
  static open(path: string, box: SecretBox, clockMs: () => number): AuthStore {
    const umaskBefore = process.umask(0o077);
    try {
      const db = new Database(path);
      db.pragma('journal_mode = DELETE');
      db.pragma('synchronous = FULL');
      return new AuthStore(db, box, clockMs);
    } finally {
      process.umask(umaskBefore);
    }
  }

  createApiKey(accountId: number, granted: readonly Permission[]): IssuedKey {
    assert(Number.isSafeInteger(accountId) && accountId >= 0, `account id ${accountId}`);
    assert(granted.length > 0 && granted.every(isPermission), `permissions ${granted.join(',')}`);
    assert(this.keysOf(accountId).filter((k) => k.revokedMs === null).length < keysPerAccountMax, `account ${accountId} has ${keysPerAccountMax} live keys`);
    const apiKey = 'tk_' + randomBytes(12).toString('hex');
    const apiSecret = randomBytes(32).toString('hex');
    const createdMs = this.clockMs();
    this.db.prepare('INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, NULL)')
      .run(apiKey, accountId, granted.join(','), this.box.seal(apiSecret, apiKey), createdMs);
    this.keys.set(apiKey, { apiKey, accountId, permissions: [...granted], secret: apiSecret, createdMs, revokedMs: null });
    return { apiKey, apiSecret };
  }

  apiKey(apiKey: string): ApiKeyRecord | undefined {
    return this.keys.get(apiKey);
  }

  keysOf(accountId: number): ApiKeyRecord[] {
    return [...this.keys.values()].filter((k) => k.accountId === accountId);
  }

  /** False when the key is unknown or already revoked. */
  revokeApiKey(apiKey: string): boolean {
    const record = this.keys.get(apiKey);
    if (!record || record.revokedMs !== null) return false;
    const revokedMs = this.clockMs();
    this.db.prepare('UPDATE api_keys SET revoked_ms = ? WHERE api_key = ?').run(revokedMs, apiKey);
    record.revokedMs = revokedMs;
    return true;
  }

  /** Issues (or re-issues, replacing the password) the account's FIX login. */
  createFixLogin(accountId: number): { senderCompId: string; password: string } {
    assert(Number.isSafeInteger(accountId) && accountId > 0, `account id ${accountId}`);
    const senderCompId = `TKX${accountId}`;
    const password = randomBytes(18).toString('base64url');
    this.db.prepare('INSERT OR REPLACE INTO fix_logins VALUES (?, ?, ?, ?)').run(senderCompId, accountId, hashPassword(password), this.clockMs());
    return { senderCompId, password };
  }

  /** For the FIX gateway's Logon: SenderCompID (49) and Password (554). */
  verifyFixLogin(senderCompId: string, password: string): FixLoginResult {
    const row = this.db.prepare('SELECT * FROM fix_logins WHERE sender_comp_id = ?').get(senderCompId) as FixRow | undefined;
    // The same answer for an unknown id and a wrong password: which ids exist is not disclosed.
    if (!row || !verifyPassword(password, row.password_hash)) return { ok: false, message: 'unknown SenderCompID or wrong password' };
    return { ok: true, accountId: row.account_id };
  }

  close(): void {
    this.db.close();
  }

  private fromRow(row: KeyRow): ApiKeyRecord {
    const granted = row.permissions.split(',');
    assert(granted.every(isPermission), `stored permissions of ${row.api_key}: ${row.permissions}`);
    return {
      apiKey: row.api_key, accountId: row.account_id, permissions: granted as Permission[],
      secret: this.box.open(row.secret_sealed, row.api_key), createdMs: row.created_ms, revokedMs: row.revoked_ms,
    };
  }
}
