// The pipeline benchmark: what an order costs in the whole deterministic exchange (pre-trade risk, sequencing,
// matching, clearing with fees and the ledger, the order store, market data, the outcome) against what it costs
// in the bare matching engine of the same series, on the same orders, in the same run. The gap between the two
// is the price of everything the exchange does around matching; the gateway benchmark adds I/O on top of it.
//
// Two flows, both through Exchange.submit with funded accounts (nothing may be refused):
//   cross   the gateway benchmark's flow: a maker rests one lot at reference ± 1, a taker crosses it (every
//           second order trades);
//   book    20 accounts place limit orders of 1–5 lots at reference ± 20 ticks; one command in four cancels a
//           resting order (mulberry32, seed 42), and every one while 500 rest: depth, partial fills, cancels.
// The peer replays the same engine commands into a fresh MatchingEngine (events cleared, nothing else).
//
// Usage: npm run bench:pipeline -- [--json] [--orders N] [--reps N] [--alloc]
//   --alloc   also run each flow once under the sampling heap profiler: bytes allocated per order and where
//   --json    the last line is one JSON object: per flow usPerOrder, ordersPerSec, engineOrdersPerSec, ratio
//   --orders  orders per flow and repetition (default 200000); --reps repetitions, best counts (default 3)

import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { EventBuffer } from '../engine/event-buffer.js';
import { MatchingEngine } from '../engine/engine.js';
import { OrderType, Phase, Side, StpMode, TimeInForce } from '../engine/protocol.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import type { Exchange } from '../exchange/exchange.js';
import { isOpen } from '../exchange/orders.js';
import { marketProtectionTicksDefault, restingOrdersPerSeriesMax } from '../exchange/instrument.js';
import { limitOrder, testbed } from '../exchange/testkit.js';
import { allocationsText, sampleAllocations } from './alloc-profile.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    orders: { type: 'string', default: '200000' },
    reps: { type: 'string', default: '3' },
    alloc: { type: 'boolean', default: false },
  },
});

function integerArg(name: 'orders' | 'reps', min: number): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be an integer >= ${min}, got '${args[name]}'`);
    process.exit(2);
  }
  return value;
}

const orders = integerArg('orders', 100);
const reps = integerArg('reps', 1);
const accountsInBook = 20;
/** The book flow's resting orders stay near this many (a deep book, well inside every open-order limit). */
const restingMax = 500;
const log = (line: string): void => console.log(line);
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
const loadText = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A flow makes its next command from the exchange as it stands (a cancel must name an order still resting);
 * making it is timed with the exchange, and is a small part of it.
 */
type Flow = (exchange: Exchange, accounts: readonly number[], symbol: string, referenceTicks: number) => () => ExchangeCommand;

const crossFlow: Flow = (_exchange, accounts, symbol, referenceTicks) => {
  let k = 0;
  return () => {
    const pair = k >> 1;
    const priceTicks = pair % 2 === 0 ? referenceTicks + 1 : referenceTicks - 1;
    const makerSide = pair % 2 === 0 ? Side.sell : Side.buy;
    const command = k % 2 === 0
      ? limitOrder(accounts[0]!, symbol, makerSide, priceTicks, 1)
      : limitOrder(accounts[1]!, symbol, makerSide === Side.sell ? Side.buy : Side.sell, priceTicks, 1);
    k++;
    return command;
  };
};

const bookFlow: Flow = (exchange, accounts, symbol, referenceTicks) => {
  const random = mulberry32(42);
  const resting: number[] = [];
  // The testbed placed no order and nothing here is refused: the exchange numbers this flow's orders 1, 2, …
  let orderIdLast = 0;
  return () => {
    // One command in four is a cancel, and every command is while the book holds restingMax of the flow's orders.
    while (resting.length > 0 && (resting.length >= restingMax || random() < 0.25)) {
      const orderId = resting.splice(Math.floor(random() * resting.length), 1)[0]!;
      const order = exchange.orders.get(orderId);
      if (order !== undefined && isOpen(order)) return { type: 'cancel', accountId: order.accountId, orderId };
    }
    const accountId = accounts[Math.floor(random() * accounts.length)]!;
    const side = random() < 0.5 ? Side.buy : Side.sell;
    const offset = 1 + Math.floor(random() * 20);
    const priceTicks = side === Side.buy ? referenceTicks - offset + 3 : referenceTicks + offset - 3;
    resting.push(++orderIdLast);
    return limitOrder(accountId, symbol, side, priceTicks, 1 + Math.floor(random() * 5));
  };
};

interface FlowResult {
  readonly usPerOrder: number;
  readonly ordersPerSec: number;
  readonly engineOrdersPerSec: number;
  readonly ratio: number;
  readonly trades: number;
  readonly refused: number;
}

function runFlow(name: string, flow: Flow, accountCount: number): FlowResult {
  let bestExchangeSec = Infinity;
  let bestEngineSec = Infinity;
  let trades = 0;
  let refused = 0;
  for (let rep = 0; rep < reps + 1; rep++) {
    const bed = testbed(accountCount, 10_000_000_000_00n);
    const instrument = bed.exchange.allInstruments().find((i) => i.product.code === 'TKF' && !i.series.frontMonth)!;
    const referenceTicks = instrument.engine.referencePriceTicks;
    const next = flow(bed.exchange, bed.accounts, instrument.symbol, referenceTicks);
    const commands: ExchangeCommand[] = new Array(orders);
    const orderIds = new Float64Array(orders);
    let ts = Date.UTC(2026, 10, 25, 15, 0) * 1000 + 1_000_000_000;
    trades = 0;
    refused = 0;
    const started = performance.now();
    for (let i = 0; i < orders; i++) {
      const command = (commands[i] = next());
      const outcome = bed.exchange.submit(command, ts++);
      if (outcome.seq === 0 || outcome.rejection !== undefined) {
        if (refused++ === 0) console.error(`refused: ${JSON.stringify(outcome.rejection)}`);
      }
      orderIds[i] = outcome.orderId ?? 0;
      for (const e of outcome.events) if (e.event.kind === 'trade') trades++;
    }
    const exchangeSec = (performance.now() - started) / 1000;
    bed.exchange.clearing.verify();

    // The peer: the same orders into the bare engine of a fresh series (ids as the exchange gave them).
    const events = new EventBuffer(1 << 14);
    const engine = new MatchingEngine({
      symbol: instrument.symbol, qtyLotsMax: instrument.product.qtyLotsMax, ordersRestingMax: restingOrdersPerSeriesMax,
      marketProtectionTicks: marketProtectionTicksDefault, priceTicksMax: 1 << 30,
    }, events);
    let step = 0;
    engine.setReference(++step, ts, referenceTicks, instrument.product.limitBps);
    engine.setPhase(++step, ts, Phase.preOpen);
    engine.setPhase(++step, ts, Phase.continuous);
    events.clear();
    const engineStarted = performance.now();
    for (let i = 0; i < commands.length; i++) {
      const c = commands[i]!;
      if (c.type === 'newOrder') {
        engine.newOrder(++step, ts, orderIds[i]!, c.accountId, c.side, OrderType.limit, TimeInForce.GTC, c.priceTicks, 0, c.qtyLots, false, 0, StpMode.cancelAggressing);
      } else if (c.type === 'cancel') {
        engine.cancel(++step, ts, c.orderId, c.accountId);
      }
      events.clear();
    }
    const engineSec = (performance.now() - engineStarted) / 1000;
    if (rep === 0) continue; // warm-up
    bestExchangeSec = Math.min(bestExchangeSec, exchangeSec);
    bestEngineSec = Math.min(bestEngineSec, engineSec);
  }
  const result: FlowResult = {
    usPerOrder: (bestExchangeSec * 1e6) / orders, ordersPerSec: orders / bestExchangeSec, engineOrdersPerSec: orders / bestEngineSec,
    ratio: bestExchangeSec / bestEngineSec, trades, refused,
  };
  log(`${name.padEnd(6)} ${fmt(orders)} orders, ${fmt(trades)} trades: exchange ${fmt(result.ordersPerSec)} orders/s (${result.usPerOrder.toFixed(2)} us/order), ` +
    `bare engine ${fmt(result.engineOrdersPerSec)} orders/s: the pipeline costs ${result.ratio.toFixed(1)}x matching; refused ${refused}`);
  return result;
}

/** One more pass of the flow on a fresh exchange, warmed, then sampled: what an order allocates. */
async function allocationsOf(name: string, flow: Flow, accountCount: number): Promise<void> {
  const bed = testbed(accountCount, 10_000_000_000_00n);
  const instrument = bed.exchange.allInstruments().find((i) => i.product.code === 'TKF' && !i.series.frontMonth)!;
  const next = flow(bed.exchange, bed.accounts, instrument.symbol, instrument.engine.referencePriceTicks);
  let ts = Date.UTC(2026, 10, 25, 15, 0) * 1000 + 1_000_000_000;
  const submit = (n: number) => { for (let i = 0; i < n; i++) bed.exchange.submit(next(), ts++); };
  submit(Math.ceil(orders / 4));
  const allocations = await sampleAllocations(() => submit(orders), 8);
  log(`${name.padEnd(6)} ${allocationsText(allocations, orders)}`);
}

const loadAtStart = loadText();
log(`pipeline benchmark: Exchange.submit vs the bare MatchingEngine, same orders, best of ${reps} after a warm-up; node ${process.version}, ${cpus().length} CPUs, load average ${loadAtStart}`);
const cross = runFlow('cross', crossFlow, 2);
const book = runFlow('book', bookFlow, accountsInBook);
if (args.alloc) {
  await allocationsOf('cross', crossFlow, 2);
  await allocationsOf('book', bookFlow, accountsInBook);
}
log(`load average ${loadAtStart} at start, ${loadText()} at end`);
const refusedTotal = cross.refused + book.refused;
if (args.json) {
  const round = (r: FlowResult) => ({
    usPerOrder: Number(r.usPerOrder.toFixed(3)), ordersPerSec: Math.round(r.ordersPerSec), engineOrdersPerSec: Math.round(r.engineOrdersPerSec),
    ratio: Number(r.ratio.toFixed(2)), trades: r.trades, refused: r.refused,
  });
  console.log(JSON.stringify({ cross: round(cross), book: round(book), orders, reps, load: loadText() }));
}
if (refusedTotal > 0) {
  console.error(`${refusedTotal} orders were refused: the flows are built to be accepted`);
  process.exit(1);
}
