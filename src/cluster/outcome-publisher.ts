// A primary's outgoing answers: published to the outcome stream with a message id per log sequence (so a
// re-publish after a takeover is stored once), up to outcomesInFlightMax at a time, each retried through
// leader elections until its deadline. Waiting ones are bounded; past the bound the oldest is dropped and
// its gateway finds nothing and times out (the command itself is safe in the log).

import type { CommandLog } from './command-log.js';
import { outcomesInFlightMax, outcomesKeptMax, requestDeadlineMs } from './limits.js';
import type { KeptOutcome } from './outcome-ring.js';

export class OutcomePublisher {
  private readonly waiting: KeptOutcome[] = [];
  private inFlight = 0;
  private idle: (() => void)[] = [];
  dropped = 0;
  published = 0;

  constructor(private readonly log: CommandLog, private readonly group: string, private readonly report: (line: string) => void) {}

  enqueue(kept: KeptOutcome): void {
    if (this.waiting.length >= outcomesKeptMax) {
      this.waiting.shift();
      this.dropped++;
    }
    this.waiting.push(kept);
    this.pump();
  }

  /** Resolves when nothing is waiting or in flight. */
  async drained(): Promise<void> {
    if (this.inFlight === 0 && this.waiting.length === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < outcomesInFlightMax && this.waiting.length > 0) {
      const kept = this.waiting.shift()!;
      this.inFlight++;
      this.log.publishOutcome(this.group, kept.entry, kept.outcome, Date.now() + requestDeadlineMs)
        .then(() => { this.published++; })
        .catch((error: Error) => { this.dropped++; this.report(`outcome of ${kept.entry.logSeq} not published: ${error.message}`); })
        .finally(() => {
          this.inFlight--;
          this.pump();
          if (this.inFlight === 0 && this.waiting.length === 0) for (const resolve of this.idle.splice(0)) resolve();
        });
    }
  }
}
