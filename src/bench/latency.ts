// Per-command latency of the tokex engine, in its own pass so the timer calls do not slow the throughput
// figure. Every command is timed (process.hrtime.bigint() before and after, the event drain included), the
// nanoseconds go into an HDR histogram; the timer's own cost (~tens of ns) is measured and reported beside
// the figures, not subtracted.

import { build } from 'hdr-histogram-js';
import type { StreamColumns } from './stream-format.js';
import { applyRecord, newBenchEngine } from './tokex-replay.js';

/** One command slower than 10 s is a hang, not a latency. */
const latencyNanosHighest = 10_000_000_000;

export interface LatencyFigures {
  p50Micros: number;
  p99Micros: number;
  p999Micros: number;
  maxMicros: number;
  meanMicros: number;
  samples: number;
  timerOverheadNanos: number;
}

export function measureLatency(s: StreamColumns): LatencyFigures {
  const histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: latencyNanosHighest, numberOfSignificantValueDigits: 3 });
  const { engine, events, tally } = newBenchEngine();
  const n = s.header.count;
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    applyRecord(engine, s, i);
    tally.add(events);
    const nanos = Number(process.hrtime.bigint() - t0);
    histogram.recordValue(nanos < latencyNanosHighest ? nanos : latencyNanosHighest);
  }
  const micros = (nanos: number): number => Math.round(nanos) / 1000;
  const figures: LatencyFigures = {
    p50Micros: micros(histogram.getValueAtPercentile(50)),
    p99Micros: micros(histogram.getValueAtPercentile(99)),
    p999Micros: micros(histogram.getValueAtPercentile(99.9)),
    maxMicros: micros(histogram.maxValue),
    meanMicros: micros(histogram.mean),
    samples: histogram.totalCount,
    timerOverheadNanos: timerOverheadNanos(),
  };
  histogram.destroy();
  return figures;
}

/** Median of back-to-back hrtime.bigint() pairs: what the timing itself adds to each sample. */
export function timerOverheadNanos(): number {
  const samples = new Float64Array(100_001);
  for (let k = 0; k < samples.length; k++) {
    const t0 = process.hrtime.bigint();
    samples[k] = Number(process.hrtime.bigint() - t0);
  }
  samples.sort();
  return samples[samples.length >> 1]!;
}
