// The timer that expires GTD orders on time: it submits an expireDue command when, and only when, the exchange
// says some GTD order is due (Exchange.gtdExpiryNextMicros), never two at once. One of these runs wherever an
// exchange takes commands: the service, the gateway's in-memory service, each cluster gateway.

import type { Exchange } from '../exchange/exchange.js';

export interface GtdSweepOptions {
  readonly exchange: Pick<Exchange, 'gtdExpiryNextMicros'>;
  /** The sequencer's clock, microseconds since the epoch. */
  readonly clockMicros: () => number;
  /** Submits the sweep; dueMicros names the due time (the cluster keys its shared command by it). */
  readonly submit: (dueMicros: number) => Promise<unknown>;
  readonly everyMs: number;
}

/** Starts the timer (unref'd: it never keeps a process alive); returns what stops it. */
export function startGtdSweep(options: GtdSweepOptions): () => void {
  let pending = false;
  const timer = setInterval(() => {
    const dueMicros = options.exchange.gtdExpiryNextMicros();
    if (pending || dueMicros > options.clockMicros()) return;
    pending = true;
    options.submit(dueMicros).catch(() => {}).finally(() => (pending = false));
  }, options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
