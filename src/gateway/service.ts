// The seam to the exchange: what the gateway needs from src/server/exchange-service.ts (the lead's
// ExchangeService: the Exchange plus its journal). memoryService is the same contract without a journal, for
// tests and for parts of the gateway that must not wait on the disk.

import { demoReferenceTicks } from '../exchange/reference-prices.js';
import { Exchange, type SessionMode } from '../exchange/exchange.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import type { Outcome } from '../exchange/outcome.js';
import type { FixingStore } from '../index/store.js';
import type { Catalogue } from '../products/catalogue.js';
import { gtdSweepEveryMsDefault } from '../server/exchange-service.js';
import { startGtdSweep } from '../server/gtd-sweep.js';

export interface ExchangeServiceLike {
  /** Read-only use: queries for the API. Commands go through submit. */
  readonly exchange: Exchange;
  /** Resolves once the command is durable (or at once if refused). */
  submit(command: ExchangeCommand): Promise<Outcome>;
  /**
   * submit with a callback instead of a promise (order entry's hot path): done runs once the command is durable,
   * after the outcome listeners; done(undefined, error) if it failed. Optional: submitThen falls back to submit.
   */
  submitWith?(command: ExchangeCommand, done: (outcome: Outcome | undefined, error: Error | undefined) => void): void;
  /** Every sequenced outcome, in order; returns the unsubscribe function. */
  onOutcome(listener: (command: ExchangeCommand, outcome: Outcome) => void): () => void;
  close(): Promise<void>;
  /** The data directory's index fixings (DIR/index.sqlite), read by the index routes; absent in memory. */
  readonly fixings?: FixingStore | undefined;
  /** Writes a snapshot of the state now (needs a data directory); the operator's snapshot route calls it. */
  snapshot?(): Promise<{ seq: number; file: string; bytes: number }>;
}

/** An exchange without a journal, with today's series listed at the catalogue's demo reference prices. */
export function memoryService(options: { catalogue: Catalogue; sessions: SessionMode; clockMicros: () => number; fixings?: FixingStore }): ExchangeServiceLike {
  const exchange = new Exchange({ catalogue: options.catalogue, sessions: options.sessions });
  const listeners = new Set<(command: ExchangeCommand, outcome: Outcome) => void>();
  const submitNow = (command: ExchangeCommand): Outcome => {
    const outcome = exchange.submit(command, options.clockMicros());
    if (outcome.seq > 0) for (const listener of listeners) listener(command, outcome);
    return outcome;
  };
  const isoDate = new Date(Math.floor(options.clockMicros() / 1000)).toISOString().slice(0, 10);
  submitNow({ type: 'listSeries', isoDate, referenceTicksByProduct: demoReferenceTicks(options.catalogue) });
  const stopGtdSweep = startGtdSweep({ exchange, clockMicros: options.clockMicros, everyMs: gtdSweepEveryMsDefault, submit: async () => submitNow({ type: 'expireDue' }) });
  return {
    exchange,
    submit: async (command) => submitNow(command),
    onOutcome: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => stopGtdSweep(),
    ...(options.fixings ? { fixings: options.fixings } : {}),
  };
}
