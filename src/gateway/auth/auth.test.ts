import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Authenticator } from './authenticator.js';
import { RateLimiter } from './rate-limiter.js';
import { ReplayGuard } from './replay-guard.js';
import { SecretBox, hashPassword, verifyPassword } from './secret-box.js';
import { sign, signatureMatches } from './signature.js';
import { AuthStore } from './store.js';
import { ApiError } from '../errors.js';

test('signature: lowercase hex HMAC-SHA256 of timestamp + METHOD + pathWithQuery + body', () => {
  const expected = createHmac('sha256', 'secret').update('1700000000000POST/v1/orders?x=1{"a":1}').digest('hex');
  assert.equal(sign('secret', '1700000000000', 'post', '/v1/orders?x=1', '{"a":1}'), expected);
  assert.ok(signatureMatches(expected, expected));
  assert.ok(!signatureMatches(expected, expected.toUpperCase()), 'uppercase hex is not the scheme');
  assert.ok(!signatureMatches(expected, expected.slice(0, 63)));
});

test('replay guard: a signature is refused while remembered, forgotten after the window, bounded', () => {
  const guard = new ReplayGuard(10_000, 3);
  assert.equal(guard.check('a', 0), 'fresh');
  assert.equal(guard.check('a', 9_999), 'replayed');
  assert.equal(guard.check('b', 1), 'fresh');
  assert.equal(guard.check('c', 2), 'fresh');
  assert.equal(guard.check('d', 3), 'full', 'bounded: asks to retry rather than forget a live signature');
  assert.equal(guard.check('d', 10_000), 'fresh', 'a expired at 10 000 and made room');
  assert.equal(guard.check('a', 10_001), 'fresh');
});

test('rate limiter: burst then refill at the rate; Retry-After is whole seconds until a token', () => {
  const limiter = new RateLimiter({ burst: 3, ratePerSec: 2 });
  assert.deepEqual([0, 0, 0].map(() => limiter.take('k', 0).ok), [true, true, true]);
  assert.deepEqual(limiter.take('k', 0), { ok: false, retryAfterSec: 1 });
  assert.equal(limiter.take('k', 500).ok, true, 'half a second brings one token back');
  assert.equal(limiter.take('k', 500).ok, false);
  assert.equal(limiter.take('other', 500).ok, true, 'buckets are per key');
});

test('rate limiter property: over any request pattern, allowed ≤ burst + rate × elapsed', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }), (gapsMs) => {
    const limiter = new RateLimiter({ burst: 5, ratePerSec: 10 });
    let now = 0;
    let allowed = 0;
    for (const gap of gapsMs) {
      now += gap;
      if (limiter.take('k', now).ok) allowed++;
    }
    return allowed <= 5 + Math.floor((now * 10) / 1000);
  }));
});

test('secret box: sealed secrets open only with the same key and the same key id', () => {
  const box = SecretBox.inMemory();
  const sealed = box.seal('s3cret', 'tk_1');
  assert.equal(box.open(sealed, 'tk_1'), 's3cret');
  assert.ok(!sealed.toString('latin1').includes('s3cret'), 'not stored in the clear');
  assert.throws(() => box.open(sealed, 'tk_2'), 'bound to its key id');
  assert.throws(() => SecretBox.inMemory().open(sealed, 'tk_1'), 'another master key cannot open it');
});

test('passwords: scrypt hashes verify the right password only', () => {
  const stored = hashPassword('pa55word');
  assert.match(stored, /^scrypt\$\d+\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
  assert.ok(verifyPassword('pa55word', stored));
  assert.ok(!verifyPassword('pa55wore', stored));
});

test('auth store: keys survive a reopen with the same auth.key, revocation persists, FIX logins verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-auth-'));
  try {
    const dbPath = join(dir, 'auth.sqlite');
    const store = AuthStore.open(dbPath, SecretBox.openFile(join(dir, 'auth.key')), () => 1000);
    const kept = store.createApiKey(7, ['read', 'trade']);
    const gone = store.createApiKey(7, ['read']);
    assert.ok(store.revokeApiKey(gone.apiKey));
    assert.ok(!store.revokeApiKey(gone.apiKey), 'twice is refused');
    const fix = store.createFixLogin(7);
    store.close();
    assert.equal(statSync(join(dir, 'auth.key')).mode & 0o777, 0o600);
    assert.equal(statSync(dbPath).mode & 0o777, 0o600);

    const reopened = AuthStore.open(dbPath, SecretBox.openFile(join(dir, 'auth.key')), () => 2000);
    assert.equal(reopened.apiKey(kept.apiKey)?.secret, kept.apiSecret);
    assert.deepEqual(reopened.apiKey(kept.apiKey)?.permissions, ['read', 'trade']);
    assert.equal(reopened.apiKey(gone.apiKey)?.revokedMs, 1000);
    assert.deepEqual(reopened.verifyFixLogin(fix.senderCompId, fix.password), { ok: true, accountId: 7 });
    const wrong = reopened.verifyFixLogin(fix.senderCompId, fix.password + 'x');
    const unknown = reopened.verifyFixLogin('TKX999', fix.password);
    assert.equal(wrong.ok, false);
    assert.deepEqual(wrong, unknown, 'an unknown id and a wrong password get the same answer');
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('authenticator: checks run in order and the signature is remembered only once it verified', () => {
  let now = 1_000_000;
  const store = AuthStore.open(':memory:', SecretBox.inMemory(), () => now);
  const key = store.createApiKey(1, ['read']);
  const auth = new Authenticator(store, () => now, { burst: 10, ratePerSec: 10 }, { burst: 10, ratePerSec: 10 });
  const request = (timestamp: number, secret = key.apiSecret) => ({
    method: 'GET', pathWithQuery: '/v1/balances', body: '',
    headers: { 'x-tokex-key': key.apiKey, 'x-tokex-timestamp': String(timestamp), 'x-tokex-signature': sign(secret, String(timestamp), 'GET', '/v1/balances', '') },
  });
  const codeOf = (f: () => unknown) => { try { f(); return 0; } catch (e) { return (e as ApiError).code; } };
  assert.equal(codeOf(() => auth.authenticate(request(now, 'x'.repeat(64)), ['read'])), 4006);
  assert.equal(codeOf(() => auth.authenticate(request(now), ['read'])), 0, 'a bad attempt did not burn the good signature');
  assert.equal(codeOf(() => auth.authenticate(request(now), ['read'])), 4008);
  assert.equal(codeOf(() => auth.authenticate(request(now - 5_001), ['read'])), 4007);
  assert.equal(codeOf(() => auth.authenticate(request(now - 5_000), ['read'])), 0, 'exactly 5 s is inside the window');
  assert.equal(codeOf(() => auth.authenticate(request(now + 1), ['trade'])), 4004);
  now += 20_000;
  assert.equal(codeOf(() => auth.authenticate(request(now - 20_000 + 0), ['read'])), 4007, 'an old signature is refused by its timestamp once forgotten');
  store.close();
});
