// Remembers the signatures used in the last signatureRememberMs, so that a captured request cannot be sent
// again while its timestamp would still pass. Entries are kept in arrival order with an expiry of arrival +
// signatureRememberMs, so expiry order equals insertion order and purging only ever looks at the front.

import { assert } from '../../core/assert.js';

export type ReplayVerdict = 'fresh' | 'replayed' | 'full';

export class ReplayGuard {
  private readonly expiryBySignature = new Map<string, number>();

  constructor(private readonly rememberMs: number, private readonly entriesMax: number) {
    assert(rememberMs > 0 && entriesMax > 0, 'replay guard limits must be positive');
  }

  /** Records the signature if it was not seen; 'full' when the bound is reached even after purging. */
  check(signature: string, nowMs: number): ReplayVerdict {
    this.purge(nowMs);
    if (this.expiryBySignature.has(signature)) return 'replayed';
    if (this.expiryBySignature.size >= this.entriesMax) return 'full';
    this.expiryBySignature.set(signature, nowMs + this.rememberMs);
    return 'fresh';
  }

  get size(): number {
    return this.expiryBySignature.size;
  }

  private purge(nowMs: number): void {
    for (const [signature, expiryMs] of this.expiryBySignature) {
      if (expiryMs > nowMs) break;
      this.expiryBySignature.delete(signature);
    }
  }
}
