// Journal benchmark: acknowledged appends per second with fdatasync (group commit under many concurrent
// appenders), replay speed (read + CRC-check + decode to commands), and snapshot write/load time for a state
// of a million resting orders, compared with plain JSON; then append-to-durable latency at a fixed rate, into
// zero fill against appending, in alternating rounds of the same run (paced-latency.ts). Runs in a temporary
// directory on the same disk as os.tmpdir(). `--json`: the last line is one JSON object with the figures.
//
// Usage: npm run bench:journal -- [--json] [--orders N] [--appenders N] [--resting N] [--rate N] [--seconds S] [--rounds N]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { EngineCommand } from '../../engine/protocol.js';
import type { AccountId, OrderId, PriceTicks, QtyLots, SeqNo, TsMicros } from '../../core/units.js';
import { commandBytesMax, decodeCommand, encodeCommand } from '../codec.js';
import { openJournal } from '../reader.js';
import { RecordType } from '../record-types.js';
import { loadNewestSnapshot, writeSnapshot } from '../snapshot-store.js';
import { zeroFillAheadBytesDefault } from '../limits.js';
import { JournalWriter } from '../writer.js';
import { pacedLatency } from './paced-latency.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    orders: { type: 'string', default: '1000000' },
    appenders: { type: 'string', default: '4096' },
    resting: { type: 'string', default: '1000000' },
    rate: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
  },
});
const ordersTotal = Number(args.orders);
const appendersCount = Number(args.appenders);
const restingCount = Number(args.resting);
const symbols = ['TOK-GPT5-2606', 'TOK-CLAUDE-2606', 'GPUH-H100-2606', 'GPUH-B200-2609'];
const log = (line: string): void => console.log(line);
const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/** A realistic new limit order for seq: mixed symbols, sides, prices near a mid. */
function orderFor(seq: number, tsMicros: number): { symbol: string; command: EngineCommand } {
  return {
    symbol: symbols[seq % symbols.length]!,
    command: {
      kind: 'new', seq: seq as SeqNo, tsMicros: tsMicros as TsMicros, orderId: seq as OrderId, accountId: (1 + (seq % 5000)) as AccountId,
      side: (seq & 1) as 0 | 1, type: 0, timeInForce: 0, priceTicks: (10_000 + (seq % 200) - 100) as PriceTicks, stopPriceTicks: 0 as PriceTicks,
      qtyLots: (1 + (seq % 50)) as QtyLots, postOnly: false, expireTsMicros: 0 as TsMicros, stpMode: 0,
    },
  };
}

async function benchAcked(dir: string): Promise<{ ackedOrdersPerSec: number; syncs: number; bytes: number }> {
  const writer = JournalWriter.open(dir);
  let nextSeq = 0;
  let acked = 0;
  const tsBase = 1_760_000_000_000_000;
  const appender = async (): Promise<void> => {
    const scratch = new Uint8Array(commandBytesMax);
    while (nextSeq < ordersTotal) {
      const seq = ++nextSeq;
      const bytes = encodeCommand(scratch, 0, orderFor(seq, tsBase + seq));
      await writer.append(RecordType.engineCommand, seq, tsBase + seq, scratch.subarray(0, bytes));
      acked += 1;
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: appendersCount }, appender));
  const seconds = secondsSince(start);
  const stats = writer.stats;
  await writer.close();
  const ackedOrdersPerSec = Math.round(acked / seconds);
  log(`acked appends: ${acked} orders in ${seconds.toFixed(2)} s = ${ackedOrdersPerSec} acked orders/s with fdatasync`);
  log(`  ${appendersCount} concurrent appenders, ${stats.syncs} fdatasyncs (${(acked / stats.syncs).toFixed(0)} records per batch), ${(stats.bytes / 1e6).toFixed(1)} MB`);
  return { ackedOrdersPerSec, syncs: stats.syncs, bytes: stats.bytes };
}

function benchReplay(dir: string): number {
  let commands = 0;
  let checksum = 0;
  const start = process.hrtime.bigint();
  const info = openJournal(dir, {
    visit: (_type, seq, tsMicros, payload) => {
      const decoded = decodeCommand(payload, seq, tsMicros);
      if (decoded.command.kind === 'new') checksum += decoded.command.qtyLots;
      commands += 1;
    },
  });
  const seconds = secondsSince(start);
  const replayCommandsPerSec = Math.round(commands / seconds);
  log(`replay: ${commands} commands (read, CRC-checked, decoded) in ${seconds.toFixed(2)} s = ${replayCommandsPerSec} commands/s (last seq ${info.lastSeq}, qty sum ${checksum})`);
  return replayCommandsPerSec;
}

/** A plausible engine snapshot: instruments, resting orders in time priority, accounts. Plain data only. */
function syntheticState(orders: number): unknown {
  const resting = new Array(orders);
  for (let i = 0; i < orders; i++) {
    const qtyLots = 1 + (i % 50);
    resting[i] = {
      orderId: 1 + i * 3, accountId: 1 + (i % 20_000), symbolIndex: i % symbols.length, side: i & 1,
      priceTicks: 10_000 + (i % 400) - 200, qtyLots, leavesLots: qtyLots - (i % qtyLots), tsMicros: 1_760_000_000_000_000 + i,
    };
  }
  const accounts = Array.from({ length: 20_000 }, (_, i) => ({ accountId: i + 1, balanceMinor: BigInt(1_000_000_000 + i), suspended: false }));
  return {
    seq: 123_456_789, nextOrderId: orders * 3 + 1, nextTradeId: 555_555,
    instruments: symbols.map((symbol, i) => ({ symbol, phase: 2, referencePriceTicks: 10_000 + i, limitBps: 1000 })),
    orders: resting, accounts,
  };
}

async function benchSnapshot(dir: string): Promise<{ snapshotLoadSeconds: number; snapshotWriteSeconds: number; snapshotBytes: number }> {
  const state = syntheticState(restingCount);
  let start = process.hrtime.bigint();
  const written = await writeSnapshot(dir, 123_456_789, state);
  const snapshotWriteSeconds = secondsSince(start);
  start = process.hrtime.bigint();
  const loaded = loadNewestSnapshot(dir);
  const snapshotLoadSeconds = secondsSince(start);
  const orders = (loaded.newest?.state as { orders: unknown[] }).orders;
  if (orders.length !== restingCount) throw new Error('snapshot lost orders');
  log(`snapshot of ${restingCount} resting orders: ${(written.bytes / 1e6).toFixed(1)} MB, write+fsync ${snapshotWriteSeconds.toFixed(2)} s, load+verify ${snapshotLoadSeconds.toFixed(2)} s`);
  start = process.hrtime.bigint();
  const text = JSON.stringify(state, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  const stringifySeconds = secondsSince(start);
  start = process.hrtime.bigint();
  JSON.parse(text);
  const parseSeconds = secondsSince(start);
  log(`  plain JSON for comparison: ${(text.length / 1e6).toFixed(1)} MB, stringify ${stringifySeconds.toFixed(2)} s, parse ${parseSeconds.toFixed(2)} s (no file I/O, no checksum)`);
  const columnar = await benchColumnarSnapshot(dir);
  return { snapshotLoadSeconds: round3(snapshotLoadSeconds), snapshotWriteSeconds: round3(snapshotWriteSeconds), snapshotBytes: written.bytes, ...columnar };
}

/** The same orders held the way a columnar engine book would hold them: one typed array per field. */
async function benchColumnarSnapshot(dir: string): Promise<{ snapshotLoadSecondsTypedColumns: number }> {
  const n = restingCount;
  const orders = {
    orderId: new Float64Array(n), accountId: new Int32Array(n), symbolIndex: new Uint8Array(n), side: new Uint8Array(n),
    priceTicks: new Int32Array(n), qtyLots: new Int32Array(n), leavesLots: new Int32Array(n), tsMicros: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    orders.orderId[i] = 1 + i * 3; orders.accountId[i] = 1 + (i % 20_000); orders.symbolIndex[i] = i % symbols.length; orders.side[i] = i & 1;
    orders.priceTicks[i] = 10_000 + (i % 400) - 200; orders.qtyLots[i] = 1 + (i % 50); orders.leavesLots[i] = 1 + (i % 7); orders.tsMicros[i] = 1_760_000_000_000_000 + i;
  }
  let start = process.hrtime.bigint();
  const written = await writeSnapshot(dir, 223_456_789, { seq: 223_456_789, count: n, orders });
  const writeSeconds = secondsSince(start);
  start = process.hrtime.bigint();
  const loaded = loadNewestSnapshot(dir);
  const loadSeconds = secondsSince(start);
  if ((loaded.newest?.state as { count: number }).count !== n) throw new Error('columnar snapshot lost orders');
  log(`  the same orders as typed-array columns (an engine that keeps its book columnar): ${(written.bytes / 1e6).toFixed(1)} MB, write+fsync ${writeSeconds.toFixed(2)} s, load+verify ${loadSeconds.toFixed(2)} s`);
  return { snapshotLoadSecondsTypedColumns: round3(loadSeconds) };
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

const root = mkdtempSync(join(tmpdir(), 'tokex-journal-bench-'));
try {
  const journal = join(root, 'journal');
  const acked = await benchAcked(journal);
  const replayCommandsPerSec = benchReplay(journal);
  const snapshot = await benchSnapshot(join(root, 'snapshots'));
  const ratePerSec = Number(args.rate);
  const rounds = Number(args.rounds);
  const seconds = Number(args.seconds);
  log(`paced appends: ${ratePerSec}/s of 89-byte records (a new order's size) for ${seconds} s per round, ${rounds} rounds of each way, alternating`);
  const paced = await pacedLatency(root, { ratePerSec, seconds, rounds, payloadBytes: 89 - 28, zeroFillAheadBytes: zeroFillAheadBytesDefault });
  const line = (name: string, f: { p50Micros: number; p99Micros: number; p999Micros: number; appends: number }) =>
    log(`  ${name} append to durable p50 ${f.p50Micros} us, p99 ${f.p99Micros} us, p99.9 ${f.p999Micros} us (${f.appends} appends)`);
  line('into zero fill:', paced.zeroFill);
  line('appending:     ', paced.appending);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  log(`  appending / zero fill: p50 ${ratio(paced.appending.p50Micros, paced.zeroFill.p50Micros)}x, p99 ${ratio(paced.appending.p99Micros, paced.zeroFill.p99Micros)}x, p99.9 ${ratio(paced.appending.p999Micros, paced.zeroFill.p999Micros)}x`);
  const figures = {
    ackedOrdersPerSec: acked.ackedOrdersPerSec, replayCommandsPerSec, ...snapshot, orders: ordersTotal, appenders: appendersCount, restingOrders: restingCount, fsyncs: acked.syncs,
    pacedZeroFill: paced.zeroFill, pacedAppending: paced.appending,
  };
  if (args.json) console.log(JSON.stringify(figures));
} finally {
  rmSync(root, { recursive: true, force: true });
}
