// API secrets at rest. HMAC verification needs the secret itself, so it cannot be hashed like a password; it
// is encrypted instead (AES-256-GCM) with a master key kept in its own file, DIR/auth.key (mode 0600). A copy
// of auth.sqlite alone reveals no secret. FIX passwords are only ever compared, so they are hashed (scrypt).

import { createCipheriv, createDecipheriv, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { assert } from '../../core/assert.js';

const masterKeyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;
const scryptKeyBytes = 32;
const scryptSaltBytes = 16;
/** scrypt cost: 2^14 takes ~30 ms, paid once per FIX logon, not per message. */
const scryptCost = 1 << 14;

export class SecretBox {
  private constructor(private readonly key: Buffer) {
    assert(key.length === masterKeyBytes, 'master key must be 32 bytes');
  }

  /** Reads the master key from path, creating it (0600) on first use. */
  static openFile(path: string): SecretBox {
    if (!existsSync(path)) writeFileSync(path, randomBytes(masterKeyBytes).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    const hex = readFileSync(path, 'utf8').trim();
    assert(/^[0-9a-f]{64}$/.test(hex), `${path} does not hold a 32-byte hex key`);
    return new SecretBox(Buffer.from(hex, 'hex'));
  }

  static inMemory(): SecretBox {
    return new SecretBox(randomBytes(masterKeyBytes));
  }

  seal(plain: string, context: string): Buffer {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    // The key id is bound in as associated data: a sealed secret moved to another key's row fails to open.
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, context: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(sealed.subarray(ivBytes, ivBytes + tagBytes));
    return Buffer.concat([decipher.update(sealed.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
  }
}

export function hashPassword(password: string): string {
  const salt = randomBytes(scryptSaltBytes);
  const hash = scryptSync(password, salt, scryptKeyBytes, { N: scryptCost });
  return `scrypt$${scryptCost}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, cost, saltHex, hashHex] = stored.split('$');
  assert(scheme === 'scrypt' && cost !== undefined && saltHex !== undefined && hashHex !== undefined, 'stored password hash is malformed');
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length, { N: Number(cost) });
  return timingSafeEqual(expected, actual);
}
