// A fresh replay of a group's log into a new Exchange, independent of any engine process: the check that a
// running engine's state is exactly the log's (compare state hashes at the same sequence), and the way an
// operator rebuilds a group's state from the cluster.

import { Exchange, type ExchangeOptions } from '../exchange/exchange.js';
import type { CommandLog } from './command-log.js';
import type { LogEntry } from './envelope.js';

export interface Replay {
  readonly exchange: Exchange;
  readonly lastSeq: number;
  readonly entries: number;
}

/** Applies the group's commands 1..untilSeq (default: the log's end now); observe sees each entry first. */
export async function replayGroup(log: CommandLog, group: string, options: ExchangeOptions, untilSeq?: number, observe?: (entry: LogEntry) => void): Promise<Replay> {
  const targetSeq = untilSeq ?? await log.lastSeq(group);
  const exchange = new Exchange(options);
  let lastSeq = 0;
  let entries = 0;
  if (targetSeq === 0) return { exchange, lastSeq, entries };
  let reached!: () => void;
  const done = new Promise<void>((resolve) => { reached = resolve; });
  const follower = await log.follow(group, 0, (entry) => {
    if (entry.logSeq > targetSeq) return;
    observe?.(entry);
    exchange.submit(entry.command, entry.tsMicros);
    lastSeq = entry.logSeq;
    entries++;
    if (lastSeq === targetSeq) reached();
  });
  await Promise.race([done, follower.done]);
  await follower.stop();
  return { exchange, lastSeq, entries };
}
