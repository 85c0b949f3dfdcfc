// Random command streams through the whole pipeline: refused commands change nothing, positions sum to zero,
// the order store agrees with the books, and replaying the sequenced commands (through the journal codec)
// rebuilds the same state hash and the same outcomes; a snapshot restored from JSON carries on identically.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OrderType, Side, StpMode, TimeInForce } from '../engine/protocol.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { decodeExchangeCommand, encodeExchangeCommand } from './codec.js';
import type { ExchangeCommand } from './commands.js';
import { Exchange } from './exchange.js';
import { isOpen } from './orders.js';
import type { Outcome } from './outcome.js';
import { testbed } from './testkit.js';

const runs = process.env["CI"] ? 40 : 15;

const commandArb = (accounts: number, symbols: readonly string[]) => fc.oneof(
  { weight: 12, arbitrary: fc.record({
    accountIdx: fc.nat(accounts - 1), symbolIdx: fc.nat(symbols.length - 1), side: fc.constantFrom(Side.buy, Side.sell),
    kind: fc.constantFrom('limit', 'limit', 'limit', 'market', 'ioc', 'fok', 'stop', 'postOnly'), offsetTicks: fc.integer({ min: -40, max: 40 }),
    qtyLots: fc.integer({ min: 1, max: 25 }),
  }).map((o) => ({ t: 'order' as const, ...o })) },
  { weight: 3, arbitrary: fc.record({ accountIdx: fc.nat(accounts - 1), orderId: fc.integer({ min: 1, max: 400 }) }).map((o) => ({ t: 'cancel' as const, ...o })) },
  { weight: 3, arbitrary: fc.record({ accountIdx: fc.nat(accounts - 1), orderId: fc.integer({ min: 1, max: 400 }), offsetTicks: fc.integer({ min: -20, max: 20 }), qtyLots: fc.integer({ min: 1, max: 30 }) }).map((o) => ({ t: 'amend' as const, ...o })) },
  { weight: 1, arbitrary: fc.record({ accountIdx: fc.nat(accounts - 1), all: fc.boolean(), symbolIdx: fc.nat(symbols.length - 1) }).map((o) => ({ t: 'massCancel' as const, ...o })) },
  { weight: 1, arbitrary: fc.record({ accountIdx: fc.nat(accounts + 1), withdraw: fc.boolean(), amountMinor: fc.bigInt({ min: -5n, max: 50_000_000n }) }).map((o) => ({ t: 'cash' as const, ...o })) },
  { weight: 1, arbitrary: fc.record({ accountIdx: fc.nat(accounts - 1), engaged: fc.nat(3).map((n) => n === 0) }).map((o) => ({ t: 'kill' as const, ...o })) },
  { weight: 1, arbitrary: fc.constant({ t: 'settle' as const }) },
);

type Step = ReturnType<typeof commandArb> extends fc.Arbitrary<infer T> ? T : never;

/** orderIdLast maps a random index onto the orders that exist, so that cancels and amends mostly find one. */
function toCommand(step: Step, accounts: readonly number[], symbols: readonly string[], referenceTicks: readonly number[], orderIdLast: number, ownerOf: (orderId: number) => number | undefined): ExchangeCommand {
  let accountId = accounts[step.t === 'settle' ? 0 : step.accountIdx] ?? 9_999;
  // Most cancels and amends come from the order's owner; the rest test that others are refused.
  if ((step.t === 'cancel' || step.t === 'amend') && step.orderId % 4 !== 0) accountId = ownerOf(1 + (step.orderId % (orderIdLast + 1))) ?? accountId;
  switch (step.t) {
    case 'order': {
      const symbol = symbols[step.symbolIdx]!;
      const priceTicks = referenceTicks[step.symbolIdx]! + step.offsetTicks;
      const market = step.kind === 'market';
      const stop = step.kind === 'stop';
      return {
        type: 'newOrder', accountId, symbol, side: step.side, orderType: market ? OrderType.market : stop ? OrderType.stopLimit : OrderType.limit,
        timeInForce: step.kind === 'ioc' || market ? TimeInForce.IOC : step.kind === 'fok' ? TimeInForce.FOK : TimeInForce.GTC,
        priceTicks: market ? 0 : priceTicks, stopPriceTicks: stop ? priceTicks : 0, qtyLots: step.qtyLots,
        postOnly: step.kind === 'postOnly', expireTsMicros: 0, stpMode: StpMode.cancelAggressing, clientOrderId: `c${step.offsetTicks}`,
      };
    }
    case 'cancel': return { type: 'cancel', accountId, orderId: 1 + (step.orderId % (orderIdLast + 1)) };
    case 'amend': return { type: 'amend', accountId, orderId: 1 + (step.orderId % (orderIdLast + 1)), priceTicks: referenceTicks[0]! + step.offsetTicks, qtyLots: step.qtyLots };
    case 'massCancel': return { type: 'massCancel', accountId, symbol: step.all ? '' : symbols[step.symbolIdx]! };
    case 'cash': return { type: step.withdraw ? 'withdraw' : 'deposit', accountId, currency: 'USD', amountMinor: step.amountMinor };
    case 'kill': return { type: 'killSwitch', accountId, engaged: step.engaged };
    case 'settle': return { type: 'settleDay', isoDate: '2026-11-25', closingWindowStartMicros: 0 };
  }
}

function summary(outcome: Outcome): string {
  return `${outcome.seq} ${outcome.rejection?.code ?? 0} ${outcome.orderId ?? 0} ${outcome.events.map((e) => e.event.kind).join(',')}`;
}

test('property: refusals change nothing, positions net to zero, orders agree with books, replay rebuilds the same hash', () => {
  fc.assert(fc.property(fc.array(fc.nat(), { minLength: 0, maxLength: 0 }).chain(() => fc.array(commandArb(3, ['a', 'b']), { minLength: 20, maxLength: 160 })), (steps) => {
    const bed = testbed(3, 500_000_00n);
    const symbols = [bed.symbols.find((s) => s.startsWith('TKF'))!, bed.symbols.find((s) => s.startsWith('TKF') && s !== bed.symbols.find((x) => x.startsWith('TKF')))!];
    const references = symbols.map((s) => bed.exchange.instrument(s)!.engine.referencePriceTicks);
    const outcomes: string[] = [];
    let orderIdLast = 0;
    for (const step of steps) {
      const seqBefore = bed.exchange.seq;
      const command = toCommand(step, bed.accounts, symbols, references, orderIdLast, (id) => bed.exchange.orders.get(id)?.accountId);
      const hashBefore = step.t === 'cash' || step.t === 'cancel' ? bed.exchange.stateHash() : '';
      const outcome = bed.send(command);
      outcomes.push(summary(outcome));
      if (outcome.orderId !== undefined && command.type === 'newOrder') orderIdLast = outcome.orderId;
      if (outcome.seq === 0) {
        assert.ok(outcome.rejection, 'a command without a seq was refused');
        assert.equal(bed.exchange.seq, seqBefore);
        if (hashBefore !== '') assert.equal(bed.exchange.stateHash(), hashBefore, `${command.type} refused but the state changed`);
      } else assert.equal(outcome.seq, seqBefore + 1);
      for (const symbol of symbols) {
        let net = 0;
        for (const accountId of bed.accounts) net += bed.exchange.clearing.positionLots(accountId, symbol);
        assert.equal(net, 0, `positions in ${symbol} net to ${net}`);
        const engine = bed.exchange.instrument(symbol)!.engine;
        const bid = engine.bestBidTicks();
        const ask = engine.bestAskTicks();
        assert.ok(bid === 0 || ask === 0 || bid < ask, `book crossed ${bid}/${ask}`);
      }
    }
    for (const order of bed.exchange.orders.all()) {
      const view = bed.exchange.instrument(order.symbol)!.engine.order(order.orderId);
      if (isOpen(order)) {
        assert.ok(view, `open order ${order.orderId} is not in the book`);
        assert.equal(view.leavesLots, order.qtyLots - order.filledLots, `order ${order.orderId} leaves`);
      } else assert.equal(view, undefined, `finished order ${order.orderId} still in the book`);
    }
    // Replay: every command the first exchange saw, through the codec, with the same timestamps.
    const replica = new Exchange({ catalogue: defaultCatalogue(), sessions: 'always-open' });
    const replayed: string[] = [];
    for (const { command, tsMicros } of bed.log) {
      const outcome = replica.submit(decodeExchangeCommand(encodeExchangeCommand(command)), tsMicros);
      replayed.push(summary(outcome));
    }
    assert.deepEqual(replayed.slice(replayed.length - outcomes.length), outcomes);
    assert.equal(replica.stateHash(), bed.exchange.stateHash());
    // Snapshot as plain JSON and restore: the same hash, and the same answers to what comes next.
    const restored = new Exchange({ catalogue: defaultCatalogue(), sessions: 'always-open' }, JSON.parse(JSON.stringify(bed.exchange.snapshot())));
    assert.equal(restored.stateHash(), bed.exchange.stateHash());
    const ts = bed.exchange.tsMicros + 1;
    for (const step of steps.slice(0, 10)) {
      const command = toCommand(step, bed.accounts, symbols, references, orderIdLast, (id) => bed.exchange.orders.get(id)?.accountId);
      assert.equal(summary(restored.submit(command, ts)), summary(bed.exchange.submit(command, ts)));
    }
    assert.equal(restored.stateHash(), bed.exchange.stateHash());
  }), { numRuns: runs });
});
