// Clearing fed by the real matching engine, as the pipeline will wire them: risk → engine → clearing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../engine/engine.js';
import { OrderType, Phase, Side, StpMode, TimeInForce, type EngineCommand } from '../engine/protocol.js';
import type { AccountId, OrderId, PriceTicks, QtyLots, SeqNo, TsMicros } from '../core/units.js';
import { ClearingHouse } from './clearing-house.js';
import { specFor, testClock } from './testkit.js';

test('orders, fills, IOC remainders, amends and cancels from the engine keep clearing in step', () => {
  const clock = testClock();
  const house = new ClearingHouse({ clock: clock.now });
  const member = house.addMember('M');
  const alice = house.addAccount(member.id, 'alice', 'speculator').id;
  const bob = house.addAccount(member.id, 'bob', 'speculator').id;
  house.registerSeries(specFor('TKF', 'TKFH27', 202703), 5000);
  house.deposit(alice, 'USD', 10_000_000n);
  house.deposit(bob, 'USD', 10_000_000n);
  const { engine, events } = createEngine({ symbol: 'TKFH27', qtyLotsMax: 500, ordersRestingMax: 64, marketProtectionTicks: 5, priceTicksMax: 1_000_000 });
  let seq = 0;
  const head = () => ({ seq: ++seq as SeqNo, tsMicros: (seq * 10) as TsMicros });
  const run = (command: EngineCommand): void => {
    engine.apply(command);
    house.onEngineEvents('TKFH27', events.decodeAll());
    events.clear();
  };
  const order = (orderId: number, accountId: number, side: Side, priceTicks: number, qtyLots: number, timeInForce: TimeInForce = TimeInForce.GTC): void => {
    const risk = house.checkNewOrder({ accountId, symbol: 'TKFH27', side, priceTicks, qtyLots });
    assert.equal(risk.ok, true, `order ${orderId} refused by risk`);
    run({ kind: 'new', ...head(), orderId: orderId as OrderId, accountId: accountId as AccountId, side, type: OrderType.limit, timeInForce,
      priceTicks: priceTicks as PriceTicks, stopPriceTicks: 0 as PriceTicks, qtyLots: qtyLots as QtyLots, postOnly: false, expireTsMicros: 0 as TsMicros, stpMode: StpMode.none });
  };
  run({ kind: 'setReference', ...head(), referencePriceTicks: 5000 as PriceTicks, limitBps: 1000 });
  run({ kind: 'setPhase', ...head(), phase: Phase.preOpen });
  run({ kind: 'setPhase', ...head(), phase: Phase.continuous });
  assert.deepEqual([house.series('TKFH27')!.limitDownTicks, house.series('TKFH27')!.limitUpTicks], [4500, 5500]);

  order(1, alice, Side.sell, 5000, 3);
  assert.equal(house.internals().orders.countOf(alice), 1);
  order(2, bob, Side.buy, 5000, 5, TimeInForce.IOC); // fills 3, the remainder of 2 is cancelled
  assert.equal(house.positionLots(alice, 'TKFH27'), -3);
  assert.equal(house.positionLots(bob, 'TKFH27'), 3);
  assert.equal(house.internals().orders.size(), 0);
  assert.equal(house.cashMinor(alice, 'USD'), 10_000_000n - 150n); // maker fee 3 × 50
  assert.equal(house.cashMinor(bob, 'USD'), 10_000_000n - 450n); // taker fee 3 × 150

  order(3, alice, Side.buy, 4990, 2);
  run({ kind: 'amend', ...head(), orderId: 3 as OrderId, accountId: alice as AccountId, priceTicks: 4990 as PriceTicks, qtyLots: 1 as QtyLots });
  assert.equal(house.internals().orders.get(0, 3)!.leavesLots, 1);
  run({ kind: 'cancel', ...head(), orderId: 3 as OrderId, accountId: alice as AccountId });
  assert.equal(house.internals().orders.size(), 0);
  house.verify();
});
