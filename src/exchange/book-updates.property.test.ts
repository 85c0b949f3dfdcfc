// The book updates of every outcome against their first definition: after each command, every series its events
// name (first seen first) publishes the diff of both sides of its engine's book, read whole as lists (depth). The
// pipeline reads only the sides its events name, into the feed's scratch (depthInto): the updates, and the book
// the feed holds, must be the same.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { MatchingEngine } from '../engine/engine.js';
import { OrderType, Phase, Side, StpMode, TimeInForce } from '../engine/protocol.js';
import { BookFeed, type BookUpdate } from '../marketdata/book-feed.js';
import type { ExchangeCommand } from './commands.js';
import { isOpen } from './orders.js';
import type { Outcome } from './outcome.js';
import { testbed } from './testkit.js';

const runs = process.env['CI'] ? 60 : 20;

const stepArb = fc.oneof(
  { weight: 14, arbitrary: fc.record({
    t: fc.constant('order' as const), account: fc.nat(2), series: fc.nat(1), side: fc.constantFrom(Side.buy, Side.sell),
    kind: fc.constantFrom('limit', 'limit', 'limit', 'market', 'ioc', 'fok', 'stop', 'stopLimit', 'postOnly', 'gtd'),
    offsetTicks: fc.integer({ min: -30, max: 30 }), qtyLots: fc.integer({ min: 1, max: 12 }), stp: fc.constantFrom(StpMode.none, StpMode.cancelResting, StpMode.cancelAggressing, StpMode.cancelBoth),
  }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('amend' as const), pick: fc.nat(), offsetTicks: fc.integer({ min: -30, max: 30 }), qtyLots: fc.integer({ min: 1, max: 15 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('massCancel' as const), account: fc.nat(2), all: fc.boolean(), series: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('phase' as const), series: fc.nat(1), phase: fc.constantFrom(Phase.preOpen, Phase.preOpen, Phase.continuous, Phase.continuous, Phase.halted) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('kill' as const), account: fc.nat(2), engaged: fc.nat(3).map((n) => n === 0) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'settle' as const }) },
);
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

test('property: book updates equal the diff of both whole sides of every series an outcome names', () => {
  fc.assert(fc.property(fc.array(stepArb, { minLength: 40, maxLength: 200, size: 'max' }), (steps) => {
    const bed = testbed(3, 500_000_00n);
    const tkf = bed.symbols.filter((s) => s.startsWith('TKF'));
    const symbols = [tkf[0]!, tkf[1]!];
    const reference = new Map<string, BookFeed>();
    for (const instrument of bed.exchange.allInstruments()) {
      const feed = new BookFeed(instrument.symbol, instrument.book.levelsMax);
      feed.restore(instrument.book.snapshot());
      reference.set(instrument.symbol, feed);
    }
    const orderIds: number[] = [];
    for (const step of steps) {
      const command = toCommand(step, bed, symbols, orderIds);
      const outcome = bed.send(command);
      if (command.type === 'newOrder' && outcome.orderId !== undefined) orderIds.push(outcome.orderId);
      assert.deepEqual(outcome.bookUpdates, referenceUpdates(outcome, bed.exchange.instrument.bind(bed.exchange), reference), `${command.type}`);
      for (const symbol of symbols) assertDepthIntoIsDepth(bed.exchange.instrument(symbol)!.engine);
    }
    for (const instrument of bed.exchange.allInstruments()) {
      assert.deepEqual(instrument.book.snapshot(), reference.get(instrument.symbol)!.snapshot(), instrument.symbol);
    }
  }), { numRuns: runs });
});

/** Book updates as first defined: each series the events name, in first-seen order, both sides read whole. */
function referenceUpdates(outcome: Outcome, instrument: (symbol: string) => ReturnType<ReturnType<typeof testbed>['exchange']['instrument']>, reference: Map<string, BookFeed>): BookUpdate[] {
  const updates: BookUpdate[] = [];
  const seen = new Set<string>();
  for (const { symbol } of outcome.events) {
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    const { engine } = instrument(symbol)!;
    const feed = reference.get(symbol)!;
    const update = feed.update(engine.depth(Side.buy, feed.levelsMax), engine.depth(Side.sell, feed.levelsMax));
    if (update) updates.push(update);
  }
  return updates;
}

/** The engine's non-allocating level reader against depth, cut short (levelsMax 1, 3) and whole. */
function assertDepthIntoIsDepth(engine: MatchingEngine): void {
  for (const side of [Side.buy, Side.sell]) {
    for (const levelsMax of [1, 3, 200]) {
      const out = new Int32Array(3 * levelsMax).fill(-7);
      const n = engine.depthInto(side, levelsMax, out);
      const levels = Array.from({ length: n }, (_, i) => ({ priceTicks: out[3 * i]!, qtyLots: out[3 * i + 1]!, orderCount: out[3 * i + 2]! }));
      assert.deepEqual(levels, engine.depth(side, levelsMax), `side ${side} levelsMax ${levelsMax}`);
    }
  }
}

function toCommand(step: Step, bed: ReturnType<typeof testbed>, symbols: readonly string[], orderIds: readonly number[]): ExchangeCommand {
  // Mostly an order still open, so that cancels and amends move the book; now and then any order at all.
  const picked = (pick: number) => {
    const open = orderIds.filter((id) => { const order = bed.exchange.orders.get(id); return order !== undefined && isOpen(order); });
    const from = open.length > 0 && pick % 5 !== 0 ? open : orderIds;
    return from.length === 0 ? 1 : from[pick % from.length]!;
  };
  const ownerOf = (orderId: number) => bed.exchange.orders.get(orderId)?.accountId ?? bed.accounts[0]!;
  switch (step.t) {
    case 'order': {
      const symbol = symbols[step.series]!;
      const priceTicks = bed.exchange.instrument(symbol)!.engine.referencePriceTicks + step.offsetTicks;
      const stop = step.kind === 'stop' || step.kind === 'stopLimit';
      const market = step.kind === 'market' || step.kind === 'stop';
      return {
        type: 'newOrder', accountId: bed.accounts[step.account]!, symbol, side: step.side,
        orderType: step.kind === 'market' ? OrderType.market : step.kind === 'stop' ? OrderType.stop : step.kind === 'stopLimit' ? OrderType.stopLimit : OrderType.limit,
        timeInForce: step.kind === 'ioc' || step.kind === 'market' ? TimeInForce.IOC : step.kind === 'fok' ? TimeInForce.FOK : step.kind === 'gtd' ? TimeInForce.GTD : TimeInForce.GTC,
        priceTicks: market ? 0 : priceTicks, stopPriceTicks: stop ? priceTicks : 0, qtyLots: step.qtyLots, postOnly: step.kind === 'postOnly',
        // The testbed's clock moves 1 ms a command: a GTD order lives for a few commands.
        expireTsMicros: step.kind === 'gtd' ? bed.exchange.tsMicros + 3_000 + (step.qtyLots % 4) * 1_000 : 0, stpMode: step.stp, clientOrderId: '',
      };
    }
    case 'cancel': {
      const orderId = picked(step.pick);
      return { type: 'cancel', accountId: ownerOf(orderId), orderId };
    }
    case 'amend': {
      const orderId = picked(step.pick);
      const order = bed.exchange.orders.get(orderId);
      const referenceTicks = bed.exchange.instrument(order?.symbol ?? symbols[0]!)!.engine.referencePriceTicks;
      return { type: 'amend', accountId: ownerOf(orderId), orderId, priceTicks: referenceTicks + step.offsetTicks, qtyLots: step.qtyLots };
    }
    case 'massCancel': return { type: 'massCancel', accountId: bed.accounts[step.account]!, symbol: step.all ? '' : symbols[step.series]! };
    case 'phase': return { type: 'setPhase', symbol: symbols[step.series]!, phase: step.phase };
    case 'kill': return { type: 'killSwitch', accountId: bed.accounts[step.account]!, engaged: step.engaged };
    case 'settle': return { type: 'settleDay', isoDate: '2026-11-25', closingWindowStartMicros: 0 };
  }
}
