// Checks a signed request, in this order: headers present, key known and live, timestamp within the window,
// signature correct, signature not used before, rate limit, permission. Every refusal is an ApiError whose
// message says what to fix; none reveals a secret. The signature is recorded only once it verified, so that
// garbage cannot fill the replay guard.

import { Reason } from '../../core/reasons.js';
import { ApiError } from '../errors.js';
import { signatureRememberMs, signaturesRememberedMax, timestampSkewMsMax } from '../limits.js';
import type { Permission } from './permissions.js';
import { RateLimiter, type RateLimit } from './rate-limiter.js';
import { ReplayGuard } from './replay-guard.js';
import { headerKey, headerSignature, headerTimestamp, sign, signatureMatches } from './signature.js';
import type { AuthStore } from './store.js';

export interface Principal {
  readonly apiKey: string;
  readonly accountId: number;
  readonly permissions: readonly Permission[];
}

export interface SignedRequest {
  readonly method: string;
  readonly pathWithQuery: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export class Authenticator implements RateCharger {
  private readonly replay = new ReplayGuard(signatureRememberMs, signaturesRememberedMax);
  private readonly rate: RateLimiter;
  /** The operator's keys have their own, larger buckets: opening a hundred accounts is not abuse. */
  private readonly operatorRate: RateLimiter;

  constructor(private readonly store: AuthStore, private readonly clockMs: () => number, rateLimit: RateLimit, operatorRateLimit: RateLimit) {
    this.rate = new RateLimiter(rateLimit);
    this.operatorRate = new RateLimiter(operatorRateLimit);
  }

  /** required: any one of these permissions lets the request through. */
  authenticate(request: SignedRequest, required: readonly Permission[]): Principal {
    const apiKey = header(request, headerKey);
    const timestamp = header(request, headerTimestamp);
    const signature = header(request, headerSignature);
    const record = this.store.apiKey(apiKey);
    if (!record) throw new ApiError(401, Reason.unauthorised, `API key ${apiKey} is not known`, headerKey);
    if (record.revokedMs !== null) throw new ApiError(401, Reason.unauthorised, `API key ${apiKey} was revoked`, headerKey);
    const nowMs = this.clockMs();
    if (!/^\d{1,16}$/.test(timestamp)) throw new ApiError(401, Reason.staleTimestamp, `${headerTimestamp} must be Unix milliseconds, got "${timestamp}"`, headerTimestamp);
    const skewMs = Number(timestamp) - nowMs;
    if (Math.abs(skewMs) > timestampSkewMsMax) {
      throw new ApiError(401, Reason.staleTimestamp, `${headerTimestamp} is ${skewMs} ms from the server clock; at most ${timestampSkewMsMax} ms either way is accepted`, headerTimestamp);
    }
    const expected = sign(record.secret, timestamp, request.method, request.pathWithQuery, request.body);
    if (!signatureMatches(expected, signature)) {
      throw new ApiError(401, Reason.badSignature, 'signature does not match: lowercase hex HMAC-SHA256 of timestamp + METHOD + pathWithQuery + body, keyed by the API secret', headerSignature);
    }
    const verdict = this.replay.check(signature, nowMs);
    if (verdict === 'replayed') throw new ApiError(401, Reason.replayedSignature, 'this signature was already used: sign every request afresh', headerSignature);
    if (verdict === 'full') throw new ApiError(429, Reason.rateLimited, 'the server is remembering too many recent signatures; retry shortly', undefined, { 'retry-after': '1' });
    this.charge({ apiKey, accountId: record.accountId, permissions: record.permissions });
    if (!required.some((p) => record.permissions.includes(p))) {
      throw new ApiError(403, Reason.forbidden, `API key ${apiKey} lacks the ${required.join(' or ')} permission this route needs`);
    }
    return { apiKey, accountId: record.accountId, permissions: record.permissions };
  }

  /** Takes one token from the key's bucket; 429 with Retry-After when it is empty. */
  charge(principal: Principal): void {
    const bucket = principal.permissions.includes('operator') ? this.operatorRate : this.rate;
    const rate = bucket.take(principal.apiKey, this.clockMs());
    if (!rate.ok) throw new ApiError(429, Reason.rateLimited, `rate limit of API key ${principal.apiKey} reached; retry in ${rate.retryAfterSec} s`, undefined, { 'retry-after': String(rate.retryAfterSec) });
  }
}

/** Kept apart so that messages on an authenticated WebSocket pay from the same bucket as REST requests. */
export interface RateCharger {
  charge(principal: Principal): void;
}

function header(request: SignedRequest, name: string): string {
  const value = request.headers[name];
  if (typeof value !== 'string' || value.length === 0) throw new ApiError(401, Reason.unauthorised, `header ${name} is required on this route`, name);
  return value;
}
