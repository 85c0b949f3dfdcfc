// The outcomes an engine computed most recently, primary or not. A standby keeps them so that, when it takes
// over, it can answer the commands its dead primary applied (in the standby's identical state) but did not
// answer. Bounded: the oldest are forgotten; their gateways look them up in the outcome stream or time out.

import { assert } from '../core/assert.js';
import type { Outcome } from '../exchange/outcome.js';
import type { LogEntry } from './envelope.js';

export interface KeptOutcome {
  readonly entry: Pick<LogEntry, 'logSeq' | 'gatewayId' | 'requestId'>;
  readonly outcome: Outcome;
}

export class OutcomeRing {
  private readonly slots: (KeptOutcome | undefined)[];
  private count = 0;
  private next = 0;

  constructor(readonly capacity: number) {
    assert(Number.isSafeInteger(capacity) && capacity > 0, `capacity ${capacity}`);
    this.slots = new Array<KeptOutcome | undefined>(capacity);
  }

  push(kept: KeptOutcome): void {
    const newest = this.newest();
    assert(newest === undefined || kept.entry.logSeq > newest.entry.logSeq, `outcome ${kept.entry.logSeq} after ${newest?.entry.logSeq}`);
    this.slots[this.next] = kept;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** The log sequence of the oldest outcome still kept (undefined when empty). */
  oldestSeq(): number | undefined {
    return this.count === 0 ? undefined : this.at(0).entry.logSeq;
  }

  /** Kept outcomes with logSeq > afterSeq, oldest first. */
  after(afterSeq: number): KeptOutcome[] {
    const list: KeptOutcome[] = [];
    for (let i = 0; i < this.count; i++) {
      const kept = this.at(i);
      if (kept.entry.logSeq > afterSeq) list.push(kept);
    }
    return list;
  }

  private newest(): KeptOutcome | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1);
  }

  private at(index: number): KeptOutcome {
    return this.slots[(this.next - this.count + index + this.capacity) % this.capacity]!;
  }
}
