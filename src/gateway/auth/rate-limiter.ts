// Per-key token buckets: each request takes one token; tokens come back at ratePerSec up to burst. A refused
// request is told how many whole seconds until a token is there (the Retry-After header).

import { assert } from '../../core/assert.js';
import { rateBucketIdleMs } from '../limits.js';

export interface RateLimit {
  readonly burst: number;
  readonly ratePerSec: number;
}

interface Bucket {
  tokens: number;
  lastMs: number;
}

export type RateVerdict = { readonly ok: true } | { readonly ok: false; readonly retryAfterSec: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweepMs = 0;

  constructor(private readonly limit: RateLimit) {
    assert(limit.burst >= 1 && limit.ratePerSec > 0, `rate limit must allow something: ${JSON.stringify(limit)}`);
    assert((limit.burst / limit.ratePerSec) * 1000 <= rateBucketIdleMs, 'an idle bucket must be full again before it is forgotten');
  }

  take(key: string, nowMs: number): RateVerdict {
    this.sweep(nowMs);
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, lastMs: nowMs };
    const elapsedMs = Math.max(0, nowMs - bucket.lastMs);
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (elapsedMs * this.limit.ratePerSec) / 1000);
    bucket.lastMs = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.ratePerSec)) };
  }

  /** A bucket idle long enough is full again, so forgetting it changes nothing. */
  private sweep(nowMs: number): void {
    if (nowMs - this.sweepMs < rateBucketIdleMs) return;
    this.sweepMs = nowMs;
    for (const [key, bucket] of this.buckets) if (nowMs - bucket.lastMs >= rateBucketIdleMs) this.buckets.delete(key);
  }
}
