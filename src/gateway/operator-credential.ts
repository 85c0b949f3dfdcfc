// DIR/operator.json: the operator's API key and secret, written once on first start (mode 0600) and read by
// the `tokex account …` and `tokex key …` commands. The secret exists in plain text only in this file (and
// sealed in auth.sqlite); protect DIR accordingly.

import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from '../core/assert.js';
import type { AuthStore } from './auth/store.js';

export interface OperatorCredential {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly url?: string;
}

export function operatorFilePath(dataDir: string): string {
  return join(dataDir, 'operator.json');
}

export function readOperatorCredential(dataDir: string): OperatorCredential {
  const path = operatorFilePath(dataDir);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<OperatorCredential>;
  assert(typeof parsed.apiKey === 'string' && typeof parsed.apiSecret === 'string', `${path} must hold apiKey and apiSecret`);
  return { apiKey: parsed.apiKey, apiSecret: parsed.apiSecret, ...(typeof parsed.url === 'string' ? { url: parsed.url } : {}) };
}

/** Creates the operator key and file on first start; later starts keep it (and refresh the url). */
export function ensureOperatorCredential(dataDir: string, store: AuthStore, url: string): { credential: OperatorCredential; path: string; created: boolean } {
  const path = operatorFilePath(dataDir);
  if (existsSync(path)) {
    const existing = readOperatorCredential(dataDir);
    const record = store.apiKey(existing.apiKey);
    assert(record !== undefined && record.permissions.includes('operator'), `${path} names a key that auth.sqlite does not hold as an operator key`);
    const credential = { apiKey: existing.apiKey, apiSecret: existing.apiSecret, url };
    writeFileSync(path, JSON.stringify(credential, null, 2) + '\n', { mode: 0o600 });
    chmodSync(path, 0o600);
    return { credential, path, created: false };
  }
  const key = store.createApiKey(0, ['operator', 'read']);
  const credential = { apiKey: key.apiKey, apiSecret: key.apiSecret, url };
  writeFileSync(path, JSON.stringify(credential, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { credential, path, created: true };
}
