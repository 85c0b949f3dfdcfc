// The gateway benchmark (issue 5): orders per second and acknowledgement latency over the WebSocket order entry,
// from a client in ANOTHER process on loopback, to a real startServer on a durable ExchangeService (temp data
// dir, journal with group-commit fdatasync: the production path), in two modes:
//   full speed   each connection keeps a window of orders outstanding (pipelined), as fast as acks come back;
//   fixed rate   orders are offered on a schedule (default 20,000/s in all), whatever the answers do.
// Two funded accounts on two connections: the maker rests one lot alternately at reference+1 (sell) and
// reference-1 (buy); the taker sends the opposite order at the same price once the maker's order k is
// acknowledged (so it always finds it resting and crosses it, never its own order). Every order is a limit
// GTC of one lot on a non-spot TKF month; half rest, half cross, both sides trade. Nothing may be refused.
// Latency: client-side, process.hrtime from just before socket.send to the receipt of the answer, in an HDR
// histogram (microseconds). A warm-up run (not counted) precedes the full-speed run.
//
// Usage: npm run bench:gateway -- [--json] [--orders N] [--window N] [--rate N] [--seconds S] [--warmup N]
//   --json      the last line is one JSON object: ordersPerSec, p50Micros, p99Micros (full speed) and
//               fixedRate { offeredPerSec, ordersPerSec, p50Micros, p99Micros }, and more
//   --orders    orders at full speed (default 200000, maker and taker together); --window per connection (256)
//   --alloc     sample the server's heap allocations during the fixed-rate run (bytes per order and where)
//   --survivors the same, counting only what outlived a young collection (what GC pauses copy)
//   --rate      offered orders/s of the fixed-rate run (20000) for --seconds (5); --warmup orders (20000)

import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, constants, fsyncSync, mkdtempSync, openSync, rmSync, write, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { build } from 'hdr-histogram-js';
import WebSocket from 'ws';
import { openOrdersPerAccountMax } from '../clearing/limits.js';
import { ticksToDecimal } from '../core/decimal.js';
import { signedHeaders, TokexClient, type Credential } from '../gateway/client.js';
import { startServer } from '../gateway/server.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { ExchangeService } from '../server/exchange-service.js';
import { allocationsText, sampleAllocations } from './alloc-profile.js';
import { startFloorServer } from './floor-server.js';
import { integerAfter, startsWith, turnCorkedSend } from './ws-bytes.js';

const aimOrdersPerSec = 100_000;
const aimP99MicrosAtRate = 1_000;
/** An answer slower than 60 s is a hang, not a latency. */
const latencyMicrosHighest = 60_000_000;
const progressEveryMs = 1_000;
/** The fixed-rate schedule is checked this often; each tick sends every order due by then. */
const scheduleTickMs = 1;
/**
 * The maker's orders not yet taken stay below the exchange's open-order limit: when the server falls behind
 * the offered rate, the client holds back (and counts the orders sent late) rather than see them refused.
 */
const makerUntakenMax = openOrdersPerAccountMax - 100;
/** An order leaving more than this after its scheduled time counts as sent late (the rate was not offered). */
const lateMicros = 2_000;

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    client: { type: 'boolean', default: false },
    orders: { type: 'string', default: '200000' },
    window: { type: 'string', default: '256' },
    rate: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '20000' },
    alloc: { type: 'boolean', default: false },
    survivors: { type: 'boolean', default: false },
  },
});

function integerArg(name: 'orders' | 'window' | 'rate' | 'seconds' | 'warmup', min: number): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be an integer >= ${min}, got '${args[name]}'`);
    process.exit(2);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Shapes exchanged between the two processes.

interface Setup {
  readonly wsUrl: string;
  readonly symbol: string;
  /** The two prices, as the API writes them: reference + 1 tick (maker sells) and reference - 1 (maker buys). */
  readonly priceHigh: string;
  readonly priceLow: string;
  readonly maker: Credential;
  readonly taker: Credential;
}

/** url: another server than tokex's (the floor server); the plan is the same. */
type Run = ({ readonly kind: 'warmup' | 'full'; readonly orders: number; readonly window: number } | { readonly kind: 'rate'; readonly ratePerSec: number; readonly seconds: number }) & { readonly url?: string };

interface RunResult {
  readonly kind: Run['kind'];
  readonly orders: number;
  readonly seconds: number;
  readonly ordersPerSec: number;
  readonly p50Micros: number;
  readonly p90Micros: number;
  readonly p99Micros: number;
  readonly p999Micros: number;
  readonly maxMicros: number;
  readonly refused: number;
  readonly firstRefusal: string | null;
  readonly trades: number;
  /** Fixed rate: orders sent more than lateMicros after their scheduled time. */
  readonly late: number;
  /** The client process's own CPU per order: a client near a full core would be measuring itself. */
  readonly clientCpuMicrosPerOrder: number;
  /** WebSocket message bytes the server sent per order (answers and every push), as received. */
  readonly bytesInPerOrder: number;
}

type FromClient = { type: 'ready' } | { type: 'progress'; line: string } | { type: 'result'; result: RunResult } | { type: 'failed'; message: string };

const cpuMicros = (usage: NodeJS.CpuUsage): number => usage.user + usage.system;

// ---------------------------------------------------------------------------------------------------------
// The client process.

/** One logged-in connection: sends orders by number and calls back with each answer. */
const orderPrefix = Buffer.from('{"op":"order","id":');
const errorPrefix = Buffer.from('{"op":"error"');
const idKey = Buffer.from('"id":');

class OrderSocket {
  private readonly sentNs: Float64Array;
  /** The orders sent in one turn of the event loop leave in one write, as the server's answers do. */
  private readonly sendText: (text: string) => void;
  bytesIn = 0;
  private onAnswer: (k: number, latencyMicros: number, refused: string | null) => void = () => {};

  private constructor(private readonly socket: WebSocket, capacity: number) {
    this.sentNs = new Float64Array(capacity);
    this.sendText = turnCorkedSend(socket);
    socket.on('message', (data: Buffer) => {
      const nowNs = Number(process.hrtime.bigint());
      this.bytesIn += data.length;
      // Answers start with their op; pushes (fills, orders, positions…) and heartbeats start with "channel"
      // or another op and are skipped on their first bytes, without decoding: the client must not be the
      // bottleneck.
      const isOrder = startsWith(data, orderPrefix);
      if (!isOrder && !startsWith(data, errorPrefix)) return;
      const k = integerAfter(data, idKey);
      this.onAnswer(k, (nowNs - this.sentNs[k]!) / 1000, isOrder ? null : String(data));
    });
  }

  static async open(url: string, credential: Credential, capacity: number): Promise<OrderSocket> {
    // The load generator spends as little as it can, since it shares the machine with the server: a zero mask
    // (ws then skips masking; RFC 6455 requires a mask, not a secret one, and the server still unmasks) and
    // no UTF-8 check of the answers, whose bytes are only scanned for their id.
    const socket = new WebSocket(url, { perMessageDeflate: false, generateMask: () => {}, skipUTF8Validation: true });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const headers = signedHeaders(credential, 'GET', '/v1/ws', '', Date.now());
    socket.send(JSON.stringify({ op: 'login', apiKey: credential.apiKey, timestamp: headers['x-tokex-timestamp'], signature: headers['x-tokex-signature'] }));
    const answer = await new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    if (!answer.startsWith('{"op":"login"')) throw new Error(`login refused: ${answer}`);
    return new OrderSocket(socket, capacity);
  }

  listen(onAnswer: (k: number, latencyMicros: number, refused: string | null) => void): void {
    this.onAnswer = onAnswer;
  }

  send(k: number, side: 'buy' | 'sell', symbol: string, price: string): void {
    const text = `{"op":"order","id":${k},"order":{"symbol":"${symbol}","side":"${side}","type":"limit","price":"${price}","qty":1}}`;
    this.sentNs[k] = Number(process.hrtime.bigint());
    this.sendText(text);
  }

  close(): void {
    this.socket.close();
  }
}

async function runClient(): Promise<void> {
  const send = (message: FromClient) => process.send!(message);
  const setup = await new Promise<Setup>((resolve) => process.once('message', (m) => resolve(m as Setup)));
  send({ type: 'ready' });
  process.on('message', (run: Run) => {
    measure(setup, run).then((result) => send({ type: 'result', result }), (error: Error) => send({ type: 'failed', message: error.stack ?? error.message }));
  });
}

/** Runs one plan on fresh connections. Order k of the maker and order k of the taker make trade k. */
async function measure(setup: Setup, run: Run): Promise<RunResult> {
  const pairs = run.kind === 'rate' ? Math.round((run.ratePerSec * run.seconds) / 2) : Math.ceil(run.orders / 2);
  const maker = await OrderSocket.open(run.url ?? setup.wsUrl, setup.maker, pairs);
  const taker = await OrderSocket.open(run.url ?? setup.wsUrl, setup.taker, pairs);
  const histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: latencyMicrosHighest, numberOfSignificantValueDigits: 3 });
  const makerSide = (k: number) => (k % 2 === 0 ? 'sell' : 'buy');
  const takerSide = (k: number) => (k % 2 === 0 ? 'buy' : 'sell');
  const priceOf = (k: number) => (k % 2 === 0 ? setup.priceHigh : setup.priceLow);
  let makerSent = 0;
  let takerSent = 0;
  let answered = 0;
  let takerAnswered = 0;
  let late = 0;
  let refused = 0;
  let firstRefusal: string | null = null;
  const makerAcked = new Uint8Array(pairs);
  const cpuBefore = process.cpuUsage();
  const startNs = Number(process.hrtime.bigint());
  const elapsedSec = () => (Number(process.hrtime.bigint()) - startNs) / 1e9;
  // Fixed rate: maker order k and taker order k are both due at k / (rate / 2) seconds; the taker's also
  // waits for the maker's acknowledgement.
  const pairsPerSec = run.kind === 'rate' ? run.ratePerSec / 2 : 0;
  const due = () => Math.min(pairs, Math.floor(elapsedSec() * pairsPerSec) + 1);
  const sendTakers = () => {
    const limit = run.kind === 'rate' ? due() : pairs;
    while (takerSent < limit && makerAcked[takerSent] === 1) taker.send(takerSent, takerSide(takerSent), setup.symbol, priceOf(takerSent++));
  };
  const total = pairs * 2;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  const answer = (latencyMicros: number, refusal: string | null) => {
    histogram.recordValue(Math.min(Math.max(1, Math.round(latencyMicros)), latencyMicrosHighest));
    if (refusal !== null && refused++ === 0) firstRefusal = refusal;
    if (++answered === total) finish();
  };
  maker.listen((k, micros, refusal) => {
    answer(micros, refusal);
    makerAcked[k] = 1;
    sendTakers();
    if (run.kind !== 'rate' && makerSent < pairs) maker.send(makerSent, makerSide(makerSent), setup.symbol, priceOf(makerSent++));
  });
  taker.listen((_k, micros, refusal) => {
    takerAnswered++;
    answer(micros, refusal);
  });

  let lastProgress = 0;
  const progress = setInterval(() => {
    const seconds = elapsedSec();
    process.send!({ type: 'progress', line: `  ${run.kind}: ${answered.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} answered, ` +
      `${Math.round((answered - lastProgress) / (progressEveryMs / 1000)).toLocaleString('en-US')} orders/s in the last second, ${seconds.toFixed(1)} s` } satisfies FromClient);
    lastProgress = answered;
  }, progressEveryMs);
  let schedule: NodeJS.Timeout | undefined;
  if (run.kind === 'rate') {
    const tick = () => {
      const n = due();
      const nowSec = elapsedSec();
      while (makerSent < n && makerSent - takerAnswered < makerUntakenMax) {
        if ((nowSec - makerSent / pairsPerSec) * 1e6 > lateMicros) late += 2;
        maker.send(makerSent, makerSide(makerSent), setup.symbol, priceOf(makerSent++));
      }
      sendTakers();
    };
    tick();
    schedule = setInterval(tick, scheduleTickMs);
  } else {
    while (makerSent < Math.min(run.window, pairs)) maker.send(makerSent, makerSide(makerSent), setup.symbol, priceOf(makerSent++));
  }
  await finished;
  const seconds = elapsedSec();
  clearInterval(progress);
  clearInterval(schedule);
  maker.close();
  taker.close();
  const result: RunResult = {
    kind: run.kind, orders: total, seconds, ordersPerSec: total / seconds,
    p50Micros: histogram.getValueAtPercentile(50), p90Micros: histogram.getValueAtPercentile(90),
    p99Micros: histogram.getValueAtPercentile(99), p999Micros: histogram.getValueAtPercentile(99.9), maxMicros: histogram.maxValue,
    refused, firstRefusal, trades: pairs, late, clientCpuMicrosPerOrder: cpuMicros(process.cpuUsage(cpuBefore)) / total,
    bytesInPerOrder: Math.round((maker.bytesIn + taker.bytesIn) / total),
  };
  histogram.destroy();
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// The server process (this one).

async function runBench(): Promise<void> {
  const orders = integerArg('orders', 2);
  const window = integerArg('window', 1);
  const ratePerSec = integerArg('rate', 2);
  const seconds = integerArg('seconds', 1);
  const warmup = integerArg('warmup', 0);
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
  const log = (line: string): void => console.log(line);
  const loadText = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
  const loadAtStart = loadText();

  const dataDir = mkdtempSync(join(tmpdir(), 'tokex-gateway-bench-'));
  const catalogue = defaultCatalogue();
  const service = await ExchangeService.open({ dataDir, catalogue, sessions: 'always-open', clock: () => Date.now() * 1000 });
  await service.ensureListed(new Date().toISOString().slice(0, 10));
  // The bench keys' buckets are set high: the rate limiter still runs on every order, it just never refuses.
  const server = await startServer({ service, port: 0, dataDir, catalogue, rateLimit: { burst: 1_000_000, ratePerSec: 1_000_000 } });
  let child: ChildProcess | undefined;
  try {
    const operator = new TokexClient(server.url, server.operator);
    const open = async (name: string): Promise<Credential> => {
      const created = await operator.post('/v1/accounts', { name, type: 'market-maker', deposits: [{ currency: 'USD', amount: '1000000000' }] });
      return { apiKey: created.apiKey as string, apiSecret: created.apiSecret as string };
    };
    const instrument = service.exchange.allInstruments().find((i) => i.product.code === 'TKF' && !i.series.frontMonth)!;
    const tick = (offset: number) => ticksToDecimal(instrument.engine.referencePriceTicks + offset, instrument.product.tickSize);
    const setup: Setup = {
      wsUrl: server.url.replace(/^http/, 'ws') + '/v1/ws', symbol: instrument.symbol, priceHigh: tick(1), priceLow: tick(-1),
      maker: await open('bench-maker'), taker: await open('bench-taker'),
    };
    log(`gateway benchmark: WebSocket order entry, client in another process (pid below), server ${server.url}, node ${process.version}, ${cpus().length} CPUs, load average ${loadAtStart}`);
    log(`  data dir ${dataDir} (journal group commit, durable writes), series ${setup.symbol}, limit GTC 1 lot at ${setup.priceLow} / ${setup.priceHigh}`);
    // The floor under every acknowledgement: what the disk takes to make a small write durable, measured on the
    // same disk just before the runs (an answer waits for its batch's durable write, and at worst for the one
    // before it). Both ways the journal could write: into zero-filled space (what it does) and appending.
    const floor = await fsyncFloor(dataDir, true);
    const floorAppending = await fsyncFloor(dataDir, false);
    log(`  the disk's own floor, 4 KB O_DSYNC write: into zero fill p50 ${floor.p50Micros} us, p99 ${floor.p99Micros} us, p99.9 ${floor.p999Micros} us; ` +
      `appending p50 ${floorAppending.p50Micros} us, p99 ${floorAppending.p99Micros} us, p99.9 ${floorAppending.p999Micros} us (${fsyncFloorSamples} samples each, idle server)`);

    child = fork(fileURLToPath(import.meta.url), ['--client'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    log(`  client pid ${child.pid}`);
    const results: RunResult[] = [];
    let pending: { resolve: (r: RunResult) => void; reject: (e: Error) => void } | undefined;
    child.on('message', (message: FromClient) => {
      if (message.type === 'progress') log(message.line);
      else if (message.type === 'result') pending?.resolve(message.result);
      else if (message.type === 'failed') pending?.reject(new Error(`client failed: ${message.message}`));
    });
    child.on('exit', (code) => pending?.reject(new Error(`client exited with ${code}`)));
    await new Promise<void>((resolve) => { child!.once('message', () => resolve()); child!.send(setup); });
    // The server's CPU per order (user + system of this process, libuv's fsync threads included) is printed
    // beside the speed: on a shared machine it moves far less than orders/s does.
    const cpuMicrosPerOrder = new Map<RunResult, number>();
    // Where an answer's time goes on the server: the journal's flushes (write + fdatasync, until the event loop
    // takes the callback) and the event loop's own delay (a long turn holds every answer behind it).
    interface ServerSide {
      syncs: number; flushMicrosMean: number; syncMicrosMean: number; loopDelayP99Micros: number; batchesWaitedForZeroFill: number;
      /** The server's own view of newOrder latency (gateway receipt to durable outcome), from /metrics buckets. */
      inServer: { withinMillisecondPct: number; p99MicrosAtMost: number };
      gcPauses: number; gcPauseMsTotal: number; gcPauseMsMax: number;
    }
    // The server's GC pauses during each run (the main thread stops for each): the usual source of the tail.
    const gc = { pauses: 0, msTotal: 0, msMax: 0 };
    const gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        gc.pauses++;
        gc.msTotal += entry.duration;
        gc.msMax = Math.max(gc.msMax, entry.duration);
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    const serverOf = new Map<RunResult, ServerSide>();
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    const runOnce = async (run: Run): Promise<RunResult> => {
      const bucketsBefore = await newOrderLatencyBuckets(server.url);
      const before = service.journalStats!;
      const cpuBefore = process.cpuUsage();
      loopDelay.reset();
      loopDelay.enable();
      gc.pauses = gc.msTotal = gc.msMax = 0;
      const exchange = () => new Promise<RunResult>((resolve, reject) => { pending = { resolve, reject }; child!.send(run); });
      let sampled: RunResult | undefined;
      const sampling = args.alloc || args.survivors;
      const result = sampling && run.kind === 'rate'
        ? await sampleAllocations(async () => { sampled = await exchange(); }, 10, !args.alloc).then((allocations) => {
          log(`server allocations during the fixed-rate run: ${allocationsText(allocations, sampled!.orders, args.alloc ? 'allocated' : 'outlived a young collection')}`);
          return sampled!;
        })
        : await exchange();
      loopDelay.disable();
      const cpu = process.cpuUsage(cpuBefore);
      cpuMicrosPerOrder.set(result, cpuMicros(cpu) / result.orders);
      const after = service.journalStats!;
      const syncs = after.syncs - before.syncs;
      const inServer = latencyFromBuckets(bucketsBefore, await newOrderLatencyBuckets(server.url));
      serverOf.set(result, {
        syncs, flushMicrosMean: Math.round((after.flushMicros - before.flushMicros) / syncs), syncMicrosMean: Math.round((after.syncMicros - before.syncMicros) / syncs),
        loopDelayP99Micros: Math.round(loopDelay.percentile(99) / 1000), batchesWaitedForZeroFill: after.batchesWaitedForZeroFill - before.batchesWaitedForZeroFill, inServer,
        gcPauses: gc.pauses, gcPauseMsTotal: Math.round(gc.msTotal), gcPauseMsMax: Number(gc.msMax.toFixed(1)),
      });
      return result;
    };
    const report = (r: RunResult) => log(`${r.kind.padEnd(6)}: ${fmt(r.orders)} orders (${fmt(r.trades)} trades) in ${r.seconds.toFixed(2)} s = ${fmt(r.ordersPerSec)} orders/s; ` +
      `ack latency p50 ${r.p50Micros} us, p90 ${r.p90Micros} us, p99 ${r.p99Micros} us, p99.9 ${r.p999Micros} us, max ${r.maxMicros} us; ` +
      `CPU per order: server ${cpuMicrosPerOrder.get(r)!.toFixed(1)} us, client ${r.clientCpuMicrosPerOrder.toFixed(1)} us; ${r.bytesInPerOrder} B/order sent to the client; ` +
      `${fmt(serverOf.get(r)!.syncs)} fdatasyncs (${(r.orders / serverOf.get(r)!.syncs).toFixed(0)} orders each, flush mean ${serverOf.get(r)!.flushMicrosMean} us of which fdatasync ${serverOf.get(r)!.syncMicrosMean} us, ` +
      `${serverOf.get(r)!.batchesWaitedForZeroFill} waited for zero fill); ` +
      `in the server (receipt to durable outcome) ${serverOf.get(r)!.inServer.withinMillisecondPct}% within 1 ms, p99 <= ${serverOf.get(r)!.inServer.p99MicrosAtMost} us; ` +
      `event-loop delay p99 ${serverOf.get(r)!.loopDelayP99Micros} us; GC pauses ${serverOf.get(r)!.gcPauses} (${serverOf.get(r)!.gcPauseMsTotal} ms, longest ${serverOf.get(r)!.gcPauseMsMax} ms); refused ${r.refused}${r.kind === 'rate' ? `, sent late (> ${lateMicros} us behind schedule) ${fmt(r.late)}` : ''}`);

    for (const run of [
      ...(warmup > 0 ? [{ kind: 'warmup', orders: warmup, window } as const] : []),
      { kind: 'full', orders, window } as const,
      { kind: 'rate', ratePerSec, seconds } as const,
    ]) {
      log(run.kind === 'rate' ? `fixed rate: ${fmt(run.ratePerSec)} orders/s offered for ${run.seconds} s` : `${run.kind === 'warmup' ? 'warm-up (not counted)' : 'full speed'}: ${fmt(run.orders)} orders, window ${run.window} per connection`);
      const result = await runOnce(run);
      report(result);
      if (result.refused > 0) throw new Error(`${result.refused} orders were refused; first: ${result.firstRefusal}`);
      results.push(result);
    }
    gcObserver.disconnect();
    const full = results.find((r) => r.kind === 'full')!;
    const rate = results.find((r) => r.kind === 'rate')!;
    // The same plans against the floor server: transport and durable journal, no exchange.
    const floorServer = await startFloorServer();
    const floorResults: RunResult[] = [];
    try {
      for (const run of [
        { kind: 'warmup', orders: Math.min(warmup, 20_000), window, url: floorServer.url } as const,
        { kind: 'full', orders, window, url: floorServer.url } as const,
        { kind: 'rate', ratePerSec, seconds, url: floorServer.url } as const,
      ]) {
        if (run.kind === 'warmup' && run.orders === 0) continue;
        const cpuBefore = process.cpuUsage();
        const result = await new Promise<RunResult>((resolve, reject) => { pending = { resolve, reject }; child!.send(run); });
        const serverCpu = cpuMicros(process.cpuUsage(cpuBefore)) / result.orders;
        log(`floor ${run.kind.padEnd(6)}: ${fmt(result.ordersPerSec)} orders/s; ack latency p50 ${result.p50Micros} us, p90 ${result.p90Micros} us, p99 ${result.p99Micros} us, ` +
          `p99.9 ${result.p999Micros} us; CPU per order: server ${serverCpu.toFixed(1)} us, client ${result.clientCpuMicrosPerOrder.toFixed(1)} us`);
        floorResults.push(result);
      }
    } finally {
      await floorServer.close();
    }
    const floorFull = floorResults.find((r) => r.kind === 'full')!;
    const floorRate = floorResults.find((r) => r.kind === 'rate')!;
    log('');
    log(`full speed   ${fmt(full.ordersPerSec).padStart(9)} orders/s   p50 ${full.p50Micros} us  p99 ${full.p99Micros} us   (aim ${fmt(aimOrdersPerSec)}/s: ${full.ordersPerSec >= aimOrdersPerSec ? 'met' : 'NOT met'})`);
    log(`fixed rate   ${fmt(rate.ordersPerSec).padStart(9)} orders/s   p50 ${rate.p50Micros} us  p99 ${rate.p99Micros} us   (offered ${fmt(ratePerSec)}/s; aim p99 < ${aimP99MicrosAtRate} us: ${rate.p99Micros < aimP99MicrosAtRate ? 'met' : 'NOT met'})`);
    log(`floor        ${fmt(floorFull.ordersPerSec).padStart(9)} orders/s at full speed; at ${fmt(ratePerSec)}/s p50 ${floorRate.p50Micros} us  p99 ${floorRate.p99Micros} us ` +
      `(the same client against a server that only journals durably and answers: tokex reaches ${(full.ordersPerSec / floorFull.ordersPerSec).toFixed(2)}x its orders/s)`);
    log(`disk floor   durable 4 KB write p50 ${floor.p50Micros} us  p99 ${floor.p99Micros} us  p99.9 ${floor.p999Micros} us on an idle server (every acknowledgement waits for one, at worst two)`);
    log(`seq ${service.exchange.seq}, load average ${loadAtStart} at start, ${loadText()} at end`);
    if (args.json) {
      console.log(JSON.stringify({
        ordersPerSec: Math.round(full.ordersPerSec), serverCpuMicrosPerOrder: Number(cpuMicrosPerOrder.get(full)!.toFixed(1)),
        clientCpuMicrosPerOrder: Number(full.clientCpuMicrosPerOrder.toFixed(1)), bytesToClientPerOrder: full.bytesInPerOrder, p50Micros: full.p50Micros, p99Micros: full.p99Micros, p999Micros: full.p999Micros, maxMicros: full.maxMicros,
        fixedRate: {
          offeredPerSec: ratePerSec, ordersPerSec: Math.round(rate.ordersPerSec), sentLate: rate.late, p50Micros: rate.p50Micros, p99Micros: rate.p99Micros,
          p999Micros: rate.p999Micros, maxMicros: rate.maxMicros, serverCpuMicrosPerOrder: Number(cpuMicrosPerOrder.get(rate)!.toFixed(1)), server: serverOf.get(rate),
        },
        server: serverOf.get(full),
        floor: {
          ordersPerSec: Math.round(floorFull.ordersPerSec), p50Micros: floorFull.p50Micros, p99Micros: floorFull.p99Micros,
          fixedRate: { ordersPerSec: Math.round(floorRate.ordersPerSec), p50Micros: floorRate.p50Micros, p99Micros: floorRate.p99Micros, p999Micros: floorRate.p999Micros },
        },
        window, orders: full.orders, refused: 0, latencyMethod: 'client-side hrtime from socket.send to the answer, another process, loopback',
        durable: 'journal group commit, O_DSYNC writes into zero-filled space', fsyncFloor: floor, fsyncFloorAppending: floorAppending, load: loadText(),
      }));
    }
  } finally {
    child?.kill();
    await server.close();
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Cumulative counts of the server's newOrder latency histogram, by upper bound in seconds (/metrics). */
async function newOrderLatencyBuckets(url: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const match of text.matchAll(/^tokex_command_latency_seconds_bucket\{le="([^"]+)",command="newOrder"\} (\d+)$/gm)) {
    buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
  }
  return buckets;
}

/** Share within 1 ms, and the smallest bucket bound that holds 99%, of the orders between two readings. */
function latencyFromBuckets(before: Map<number, number>, after: Map<number, number>): { withinMillisecondPct: number; p99MicrosAtMost: number } {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const count = (bound: number) => after.get(bound)! - (before.get(bound) ?? 0);
  const total = count(Infinity);
  const p99Bound = bounds.find((bound) => count(bound) >= 0.99 * total) ?? Infinity;
  return { withinMillisecondPct: Number(((100 * count(0.001)) / total).toFixed(1)), p99MicrosAtMost: Math.round(p99Bound * 1e6) };
}

const fsyncFloorSamples = 1000;

interface DiskFloor {
  p50Micros: number;
  p99Micros: number;
  p999Micros: number;
}

/**
 * Percentiles of a 4 KB O_DSYNC write in dir, one at a time, each through the thread pool as the journal's
 * are: into space zero-filled beforehand (as the journal writes), or appending to the file.
 */
async function fsyncFloor(dir: string, zeroFilled: boolean): Promise<DiskFloor> {
  const path = join(dir, 'fsync-floor.probe');
  const block = Buffer.alloc(4096, 1);
  if (zeroFilled) {
    writeFileSync(path, Buffer.alloc(fsyncFloorSamples * block.length));
    const fd = openSync(path, 'r+');
    fsyncSync(fd);
    closeSync(fd);
  }
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC * (zeroFilled ? 0 : 1) | constants.O_DSYNC);
  const micros: number[] = [];
  try {
    for (let i = 0; i < fsyncFloorSamples; i++) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => write(fd, block, 0, block.length, i * block.length, (error) => (error ? reject(error) : resolve())));
      micros.push((performance.now() - started) * 1000);
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  micros.sort((a, b) => a - b);
  const at = (q: number) => Math.round(micros[Math.floor(micros.length * q)]!);
  return { p50Micros: at(0.5), p99Micros: at(0.99), p999Micros: at(0.999) };
}

if (args.client) await runClient();
else await runBench();
