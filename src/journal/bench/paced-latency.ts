// Append-to-durable latency at a fixed offered rate, the journal's two ways of writing compared in the same
// run: into zero fill kept ahead of the records (what the writer does) and appending (zeroFillAheadBytes 0).
// Rounds alternate the two on fresh journals, so drift of a shared disk falls on both. Each append waits
// for its batch's durable write, and at worst for the one in flight before it, as an order's answer does.

import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Histogram } from 'hdr-histogram-js';
import { RecordType } from '../record-types.js';
import { JournalWriter } from '../writer.js';

export interface PacedFigures {
  readonly p50Micros: number;
  readonly p99Micros: number;
  readonly p999Micros: number;
  readonly appends: number;
}

const latencyMicrosHighest = 10_000_000;

/** Appends ratePerSec records (payloadBytes each) for seconds on a fresh journal under root; latencies into histogram. */
async function pacedRound(root: string, zeroFillAheadBytes: number, ratePerSec: number, seconds: number, payloadBytes: number, histogram: Histogram): Promise<number> {
  const dir = mkdtempSync(join(root, 'paced-'));
  const writer = JournalWriter.open(dir, { zeroFillAheadBytes });
  const payload = new Uint8Array(payloadBytes).fill(7);
  const total = Math.round(ratePerSec * seconds);
  let seq = 0;
  let done = 0;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * ratePerSec) + 1);
      while (seq < due) {
        const sentMs = performance.now();
        seq += 1;
        writer.append(RecordType.engineCommand, seq, seq, payload).then(() => {
          histogram.recordValue(Math.min(latencyMicrosHighest, Math.max(1, Math.round((performance.now() - sentMs) * 1000))));
          if (++done === total) resolve();
        }, reject);
      }
      if (seq < total) setTimeout(tick, 1);
    };
    tick();
  });
  await writer.close();
  rmSync(dir, { recursive: true, force: true });
  return total;
}

/** Alternating rounds of the two ways; figures per way. */
export async function pacedLatency(root: string, options: { ratePerSec: number; seconds: number; rounds: number; payloadBytes: number; zeroFillAheadBytes: number }): Promise<{ zeroFill: PacedFigures; appending: PacedFigures }> {
  const ways = [options.zeroFillAheadBytes, 0];
  const histograms = ways.map(() => build({ lowestDiscernibleValue: 1, highestTrackableValue: latencyMicrosHighest, numberOfSignificantValueDigits: 3 }));
  const appends = [0, 0];
  for (let round = 0; round < options.rounds; round++) {
    // Which way goes first alternates too.
    for (const w of round % 2 === 0 ? [0, 1] : [1, 0]) {
      appends[w]! += await pacedRound(root, ways[w]!, options.ratePerSec, options.seconds, options.payloadBytes, histograms[w]!);
    }
  }
  const figures = (w: number): PacedFigures => ({
    p50Micros: histograms[w]!.getValueAtPercentile(50), p99Micros: histograms[w]!.getValueAtPercentile(99),
    p999Micros: histograms[w]!.getValueAtPercentile(99.9), appends: appends[w]!,
  });
  const result = { zeroFill: figures(0), appending: figures(1) };
  for (const h of histograms) h.destroy();
  return result;
}
