// Property tests over random command streams. Locally a quick pass; with CI set, each property runs at least
// 10,000 commands (numRuns x commands per run).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PriceTicks, QtyLots, TsMicros } from '../core/units.js';
import { MatchingEngine } from './engine.js';
import { EventBuffer } from './event-buffer.js';
import { OrderType, Phase, TimeInForce, type EngineCommand, type EngineEvent } from './protocol.js';
import { ReferenceBook } from './reference-book.js';
import { LotLedger, Script, testConfig } from './test-helpers.js';

const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const numRuns = ci ? 200 : 25;
const commandsMin = 50;
const commandsMax = 80;

const opKinds = ['limit', 'limit', 'limit', 'limit', 'market', 'ioc', 'fok', 'post', 'cancel', 'cancel', 'amend', 'mass', 'stop', 'stopLimit', 'gtd', 'gfd', 'time', 'phase', 'reference'] as const;
type OpKind = (typeof opKinds)[number];
interface Op { kind: OpKind; side: 0 | 1; priceOffset: number; qty: number; account: number; stp: number; target: number; wild: number }

const opArb = (kinds: readonly OpKind[]): fc.Arbitrary<Op> => fc.record({
  kind: fc.constantFrom(...kinds),
  side: fc.constantFrom(0 as const, 1 as const),
  priceOffset: fc.integer({ min: -8, max: 8 }),
  qty: fc.integer({ min: 0, max: 12 }),
  account: fc.integer({ min: 0, max: 3 }),
  stp: fc.integer({ min: 0, max: 3 }),
  target: fc.nat(1000),
  wild: fc.nat(99),
});

/** Turns op records into commands; ids from a counter with an occasional duplicate, prices near 1000. */
function toCommands(ops: Op[], withSetup: boolean): EngineCommand[] {
  const s = new Script();
  const out: EngineCommand[] = [];
  if (withSetup) out.push(s.reference(1000, 1000), s.phase(Phase.preOpen), s.phase(Phase.continuous));
  let nextId = 1;
  const priceOf = new Map<number, number>();
  const phases = [Phase.closed, Phase.preOpen, Phase.continuous, Phase.halted];
  for (const op of ops) {
    const price = op.wild === 0 ? 1200 : 1000 + op.priceOffset; // 1200 is outside 900..1100
    const id = op.wild === 1 && nextId > 1 ? nextId - 1 : nextId++;
    const target = nextId > 1 ? 1 + (op.target % (nextId - 1)) : 1;
    if (!priceOf.has(id)) priceOf.set(id, price);
    const base = { side: op.side, priceTicks: price as PriceTicks, qtyLots: op.qty as QtyLots, accountId: op.account as never, stpMode: op.stp as never };
    switch (op.kind) {
      case 'limit': out.push(s.order({ orderId: id, ...base })); break;
      case 'market': out.push(s.order({ orderId: id, ...base, type: OrderType.market, timeInForce: op.wild % 2 ? TimeInForce.FOK : TimeInForce.IOC })); break;
      case 'ioc': out.push(s.order({ orderId: id, ...base, timeInForce: TimeInForce.IOC })); break;
      case 'fok': out.push(s.order({ orderId: id, ...base, timeInForce: TimeInForce.FOK })); break;
      case 'post': out.push(s.order({ orderId: id, ...base, postOnly: true })); break;
      case 'cancel': out.push(s.cancel(target, op.wild === 2 ? 9 : op.account)); break;
      // Half the amends keep the price (qty down keeps priority), half move it.
      case 'amend': out.push(s.amend(target, op.wild < 50 ? priceOf.get(target) ?? price : price, op.qty, op.account)); break;
      case 'mass': out.push(s.massCancel(op.wild % 2 ? 0 : op.account)); break;
      case 'stop':
      case 'stopLimit': out.push(s.order({ orderId: id, ...base, type: op.kind === 'stop' ? OrderType.stop : OrderType.stopLimit, stopPriceTicks: (price + (op.side === 0 ? 3 : -3)) as PriceTicks })); break;
      case 'gtd': out.push(s.order({ orderId: id, ...base, timeInForce: TimeInForce.GTD, expireTsMicros: (s.ts + 10 + op.wild * 20) as TsMicros })); break;
      case 'gfd': out.push(s.order({ orderId: id, ...base, timeInForce: TimeInForce.GFD })); break;
      case 'time': out.push(s.time(s.ts + op.wild * 10)); break;
      case 'phase': out.push(s.phase(phases[op.target % 4]!)); break;
      case 'reference': out.push(s.reference(1000 + op.priceOffset * 10, 300 + op.wild * 10)); break;
    }
  }
  return out;
}

function runAll(engine: MatchingEngine, events: EventBuffer, commands: EngineCommand[], each?: (c: EngineCommand, out: EngineEvent[]) => void): EngineEvent[] {
  const all: EngineEvent[] = [];
  for (const c of commands) {
    events.clear();
    engine.apply(c);
    const out = events.decodeAll();
    all.push(...out);
    each?.(c, out);
  }
  return all;
}

/** The invariants every command must keep. */
function checkInvariants(engine: MatchingEngine, ledger: LotLedger, out: EngineEvent[]): void {
  const bid = engine.bestBidTicks();
  const ask = engine.bestAskTicks();
  if (engine.phase === Phase.continuous && bid !== 0 && ask !== 0) assert.ok(bid < ask, `book crossed: ${bid} >= ${ask}`);
  let auctionPriceTicks = 0; // set from an auction event until the first triggered stop enters
  for (const e of out) {
    if (e.kind === 'auction') auctionPriceTicks = e.priceTicks;
    if (e.kind === 'triggered') auctionPriceTicks = 0;
    if (e.kind === 'trade') {
      // Continuous trades print at the maker's price; auction trades all at the one auction price.
      const expected = auctionPriceTicks !== 0 ? auctionPriceTicks : ledger.priceOf.get(e.makerOrderId);
      assert.equal(e.priceTicks, expected, `trade ${e.tradeId} not at maker ${e.makerOrderId}'s price`);
      assert.ok(e.priceTicks >= engine.limitDownTicks && e.priceTicks <= engine.limitUpTicks, `trade at ${e.priceTicks} outside limits`);
      assert.ok(e.qtyLots > 0);
    }
    ledger.apply(e);
  }
  for (const id of ledger.entered.keys()) {
    const live = engine.order(id)?.leavesLots ?? 0;
    assert.equal(live, ledger.leaves(id), `order ${id}: resting ${live} + filled + cancelled != entered`);
  }
  let lots = 0;
  for (const o of engine.openOrders()) if (o.status === 'resting') lots += o.leavesLots;
  assert.equal(engine.restingLots(), lots, 'level lot totals disagree with the orders');
}

const newEngine = (): { engine: MatchingEngine; events: EventBuffer } => {
  const events = new EventBuffer(1 << 12);
  return { engine: new MatchingEngine(testConfig, events), events };
};

test('engine says exactly what the reference book says, and keeps every invariant', () => {
  const kinds: OpKind[] = ['limit', 'limit', 'limit', 'limit', 'market', 'ioc', 'fok', 'post', 'cancel', 'cancel', 'amend', 'mass'];
  fc.assert(fc.property(fc.array(opArb(kinds), { minLength: commandsMin, maxLength: commandsMax }), (ops) => {
    const commands = toCommands(ops, true);
    const { engine, events } = newEngine();
    const reference = new ReferenceBook(testConfig);
    const ledger = new LotLedger();
    runAll(engine, events, commands, (c, out) => {
      if (c.kind !== 'setPhase') assert.deepEqual(out, reference.apply(c), `command ${c.seq} ${c.kind}`);
      checkInvariants(engine, ledger, out);
    });
  }), { numRuns });
});

test('all features: invariants hold, replay is identical, snapshot/restore changes nothing', () => {
  fc.assert(fc.property(fc.array(opArb(opKinds), { minLength: commandsMin, maxLength: commandsMax }), fc.nat(), (ops, cut) => {
    const commands = toCommands(ops, true);
    const first = newEngine();
    const ledger = new LotLedger();
    const cutAt = cut % commands.length;
    let snapshot: ReturnType<MatchingEngine['snapshot']> | undefined;
    let hashAtCut = '';
    const eventsA = runAll(first.engine, first.events, commands, (c, out) => {
      checkInvariants(first.engine, ledger, out);
      if (c.seq === commands[cutAt]!.seq) {
        snapshot = JSON.parse(JSON.stringify(first.engine.snapshot()));
        hashAtCut = first.engine.stateHash();
      }
    });
    const second = newEngine();
    assert.deepEqual(runAll(second.engine, second.events, commands), eventsA, 'replay gave different events');
    assert.equal(second.engine.stateHash(), first.engine.stateHash(), 'replay gave a different state hash');
    const restoredEvents = new EventBuffer(1 << 12);
    const restored = MatchingEngine.restore(testConfig, restoredEvents, snapshot!);
    assert.equal(restored.stateHash(), hashAtCut, 'restore changed the state hash');
    const tail = runAll(restored, restoredEvents, commands.slice(cutAt + 1));
    assert.deepEqual(tail, eventsA.filter((e) => e.seq > commands[cutAt]!.seq), 'restored engine emitted different events');
    assert.equal(restored.stateHash(), first.engine.stateHash(), 'restored engine ended in a different state');
  }), { numRuns });
});

test('state hash tells different states apart', () => {
  const a = newEngine();
  const b = newEngine();
  const commands = toCommands([{ kind: 'limit', side: 0, priceOffset: 0, qty: 5, account: 1, stp: 0, target: 0, wild: 50 }], true);
  runAll(a.engine, a.events, commands);
  runAll(b.engine, b.events, commands.slice(0, 3));
  assert.notEqual(a.engine.stateHash(), b.engine.stateHash());
});
