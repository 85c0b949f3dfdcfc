// The engine benchmark (issue 2, item 5): the tokex MatchingEngine and the npm package nodejs-order-book on the
// identical TKXSTRM1 reference stream (seed 42, 1,000,000 commands) in one run. Each engine's results are
// checked against the stream's sidecar BEFORE its speed is printed; a wrong tokex result exits 1.
//
// Usage: npm run bench:engine -- [--json] [--count N] [--seed S] [--reps N] [--peer-reps N]
//   --json       the last line is one JSON object: ordersPerSec, peerOrdersPerSec, ratio, p50Micros,
//                p99Micros, p999Micros, and more
//   --reps       timed tokex repetitions, best counts (default 5); --peer-reps for the peer (default 2, 0 skips it)
// Throughput: orders/s = stream commands (ADD + CANCEL + IOC) / seconds of the replay loop, best of the
// repetitions, each on a fresh engine. tokex gets one untimed (but verified) warm-up replay first so the JIT
// has compiled the hot path before the clock runs; the peer's runs are long enough (~5 s) to warm themselves.
// Latency: a separate pass timing every command (latency.ts).

import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { measureLatency, type LatencyFigures } from './latency.js';
import { peerOutcome, replayPeer } from './peer-replay.js';
import { loadStream } from './stream-cache.js';
import { replayTokex, tokexOutcome } from './tokex-replay.js';
import { outcomeDiff } from './verify.js';

const ratioTarget = 25;

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    count: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    reps: { type: 'string', default: '5' },
    'peer-reps': { type: 'string', default: '2' },
  },
});
const count = integerArg('count', 1);
const seed = integerArg('seed', 0);
const reps = integerArg('reps', 1);
const peerReps = integerArg('peer-reps', 0);

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
const log = (line: string): void => console.log(line);

function integerArg(name: keyof typeof args, min: number): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be an integer >= ${min}, got '${args[name]}'`);
    process.exit(2);
  }
  return value;
}

function fail(lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

// Other processes on a small machine swing single runs by 2x or more: the load is printed so a reader can tell.
const loadText = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
const loadAtStart = loadText();
log(`engine benchmark: TKXSTRM1 seed ${seed}, ${fmt(count)} commands, node ${process.version}, ${cpus().length} CPUs, load average ${loadAtStart}`);
const loaded = loadStream(count, seed);
const stream = loaded.columns;
const { mix, expected } = loaded.sidecar;
log(`stream: ${loaded.path} (${loaded.source}; md5 ${loaded.md5}${loaded.md5Published ? ', the published one' : ''})`);
log(`  ${fmt(mix.adds)} ADD, ${fmt(mix.cancels)} CANCEL, ${fmt(mix.iocs)} IOC; sidecar expects ${fmt(expected.fills)} fills, ` +
  `${fmt(expected.tradedLots)} lots, notional ${expected.tradedNotional} tick-lots, ${fmt(expected.restingOrders)} orders ` +
  `(${fmt(expected.restingLots)} lots) resting, best bid ${expected.bestBid}, best ask ${expected.bestAsk}`);

// ---- tokex: throughput, each repetition verified before its speed is shown ----
const tokexOrdersPerSec: number[] = [];
let stateHash = '';
let stateHashMillis = 0;
for (let r = 0; r <= reps; r++) {
  const run = replayTokex(stream); // r = 0 is the warm-up
  const diff = outcomeDiff(expected, tokexOutcome(run));
  if (run.tally.rejected > 0) diff.push(`rejected: expected 0, got ${run.tally.rejected} (first reason code ${run.tally.firstRejectCode}: ${run.engine.lastRejectionMessage()})`);
  if (run.tally.cancelsOther > 0) diff.push(`cancels for other reasons: expected 0, got ${run.tally.cancelsOther}`);
  if (!Number.isSafeInteger(run.tally.tradedNotional)) diff.push('tradedNotional passed 2^53: the double sum is no longer exact');
  if (diff.length > 0) fail([`tokex ${r === 0 ? 'warm-up' : `run ${r}/${reps}`}: results differ from the sidecar, no speed printed:`, ...diff.map((d) => `  ${d}`)]);
  const hashStart = process.hrtime.bigint();
  const hash = run.engine.stateHash();
  stateHashMillis = Number(process.hrtime.bigint() - hashStart) / 1e6;
  if (r > 0 && hash !== stateHash) fail([`tokex run ${r}/${reps}: stateHash ${hash} differs from the warm-up's ${stateHash} on the same stream`]);
  stateHash = hash;
  if (r === 0) {
    log(`tokex warm-up: verified, ${fmt(count / run.seconds)} orders/s (not counted)`);
    continue;
  }
  tokexOrdersPerSec.push(count / run.seconds);
  log(`tokex run ${r}/${reps}: verified (fills, lots, notional, IOC remainders, cancels, resting orders and lots, touch); ` +
    `${run.seconds.toFixed(3)} s, ${fmt(count / run.seconds)} orders/s`);
}
const ordersPerSec = Math.max(...tokexOrdersPerSec);
log(`tokex stateHash ${stateHash} (computed in ${stateHashMillis.toFixed(2)} ms; equal in all ${reps + 1} runs)`);

// ---- tokex: latency ----
const latency: LatencyFigures = measureLatency(stream);
log(`tokex latency, every command timed in a separate pass (hrtime.bigint around each, ~${latency.timerOverheadNanos} ns timer cost included): ` +
  `p50 ${latency.p50Micros} us, p99 ${latency.p99Micros} us, p99.9 ${latency.p999Micros} us, max ${latency.maxMicros} us (${fmt(latency.samples)} samples)`);

// ---- peer ----
const peerOrdersPerSecRuns: number[] = [];
let peerVerified: boolean | null = null;
for (let r = 1; r <= peerReps; r++) {
  const run = replayPeer(stream);
  const diff = outcomeDiff(expected, peerOutcome(run, stream));
  if (run.errors > 0) diff.push(`errors: expected 0, got ${run.errors} (first: ${run.firstError})`);
  peerVerified = (peerVerified ?? true) && diff.length === 0;
  peerOrdersPerSecRuns.push(count / run.seconds);
  log(diff.length === 0
    ? `peer nodejs-order-book run ${r}/${peerReps}: verified (traded lots, resting orders and lots, touch; its API does not report fills or notional); ` +
      `${run.seconds.toFixed(3)} s, ${fmt(count / run.seconds)} orders/s`
    : `peer nodejs-order-book run ${r}/${peerReps}: results DIFFER from the sidecar (${diff.join('; ')}); ${fmt(count / run.seconds)} orders/s, not comparable`);
}
const peerOrdersPerSec = peerOrdersPerSecRuns.length > 0 ? Math.max(...peerOrdersPerSecRuns) : null;
const ratio = peerOrdersPerSec === null ? null : ordersPerSec / peerOrdersPerSec;

log('');
log(`tokex                ${fmt(ordersPerSec).padStart(12)} orders/s  (best of ${reps}: ${tokexOrdersPerSec.map(fmt).join(', ')})`);
if (peerOrdersPerSec !== null && ratio !== null) {
  log(`nodejs-order-book    ${fmt(peerOrdersPerSec).padStart(12)} orders/s  (best of ${peerReps}: ${peerOrdersPerSecRuns.map(fmt).join(', ')})`);
  log(`ratio tokex/peer     ${ratio.toFixed(1).padStart(12)}            (target >= ${ratioTarget}: ${ratio >= ratioTarget ? 'met' : 'NOT met'})`);
}
log(`load average         ${loadAtStart} at start, ${loadText()} at end (1, 5, 15 min)`);
log(`latency              p50 ${latency.p50Micros} us, p99 ${latency.p99Micros} us, p99.9 ${latency.p999Micros} us`);

if (args.json) {
  console.log(JSON.stringify({
    ordersPerSec: Math.round(ordersPerSec),
    peerOrdersPerSec: peerOrdersPerSec === null ? null : Math.round(peerOrdersPerSec),
    ratio: ratio === null ? null : Number(ratio.toFixed(2)),
    p50Micros: latency.p50Micros,
    p99Micros: latency.p99Micros,
    p999Micros: latency.p999Micros,
    maxMicros: latency.maxMicros,
    latencyMethod: 'every command timed with process.hrtime.bigint in a separate pass',
    timerOverheadNanos: latency.timerOverheadNanos,
    tokexRunsOrdersPerSec: tokexOrdersPerSec.map(Math.round),
    peerRunsOrdersPerSec: peerOrdersPerSecRuns.map(Math.round),
    verified: true,
    peerVerified,
    stateHash,
    count,
    seed,
    streamMd5: loaded.md5,
    node: process.version,
    loadAverageStart: loadAtStart,
    loadAverageEnd: loadText(),
  }));
}
