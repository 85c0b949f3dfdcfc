// Compares what an engine produced from a stream with what the stream's sidecar says a correct
// price-time-priority engine produces. A benchmark prints no speed for an engine that fails this.

import type { StreamExpected } from './stream-generator.js';

/** The measurable outcome of a replay; a peer whose API cannot tell some field leaves it out. */
export type ReplayOutcome = Partial<Record<Exclude<keyof StreamExpected, 'restingOrdersMax'>, number | string>>;

/** One line per field that differs ("tradedLots: expected 10, got 9"); empty when everything measured agrees. */
export function outcomeDiff(expected: StreamExpected, actual: ReplayOutcome): string[] {
  const lines: string[] = [];
  for (const [field, value] of Object.entries(actual)) {
    const want = expected[field as keyof StreamExpected];
    if (String(want) !== String(value)) lines.push(`${field}: expected ${want}, got ${value}`);
  }
  return lines;
}
