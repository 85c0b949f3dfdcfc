// Holds pre-trade risk's number path (order-risk.ts) to its bigint definition (orderRisk in account-risk.ts)
// over states whose figures run from a few cents to past 2^53: where the numbers answer they must be the
// definition's, and where the definition fails a range assertion (or throws on a fraction) they must not answer.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { orderRisk } from './account-risk.js';
import { ClearingHouse } from './clearing-house.js';
import { mulFracCeil, mulFracFloor } from './margin.js';
import { orderRiskNumbers } from './order-risk.js';
import type { ContractSpec, Currency } from './spec.js';
import { acceptedEvent, specFor, testClock, tradeEvent } from './testkit.js';

const symbols = ['TKFH27', 'TKFJ27', 'GPHH27', 'TKCH27'] as const;

/** Tiny (ties between the buy and sell cases), small, middling and huge: products of three straddle 2^53. */
const magnitude = (max: number): fc.Arbitrary<number> => fc.oneof(
  fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: Math.min(max, 100) }), fc.integer({ min: 1, max: Math.min(max, 100_000) }), fc.integer({ min: 1, max }),
);

const stateArb = fc.record({
  tickValues: fc.array(fc.constantFrom(1n, 100n, 1_000n, 10_000n, 1_000_000n), { minLength: 4, maxLength: 4 }),
  references: fc.array(magnitude(2_000_000_000), { minLength: 4, maxLength: 4 }),
  trades: fc.array(fc.record({ series: fc.nat(3), aBuys: fc.boolean(), price: magnitude(2_000_000_000), qty: magnitude(1_000_000) }), { maxLength: 4 }),
  /** An order at null rests at the reference: buys and sells there cost alike. */
  orders: fc.array(fc.record({ series: fc.nat(3), buy: fc.boolean(), price: fc.option(magnitude(2_000_000_000)), qty: magnitude(1_000_000) }), { maxLength: 6 }),
  marks: fc.array(fc.option(magnitude(2_000_000_000)), { minLength: 4, maxLength: 4 }),
  deposits: fc.array(fc.record({ usd: fc.boolean(), amount: magnitude(1_000_000_000_000_000) }), { maxLength: 12 }),
  checks: fc.array(fc.record({
    series: fc.integer({ min: -1, max: 3 }), buy: fc.boolean(), usd: fc.boolean(),
    price: fc.oneof(magnitude(2_000_000_000), fc.constant(0.5), fc.double({ min: 1, max: 1e6, noNaN: true })),
    qty: fc.oneof(magnitude(1_000_000), fc.constant(1.5)),
  }), { minLength: 1, maxLength: 6 }),
});

type StateInput = typeof stateArb extends fc.Arbitrary<infer T> ? T : never;

function houseOf(s: StateInput): { house: ClearingHouse; a: number } {
  const house = new ClearingHouse({ clock: testClock().now });
  const member = house.addMember('m');
  const a = house.addAccount(member.id, 'a', 'speculator').id;
  const b = house.addAccount(member.id, 'b', 'speculator').id;
  const specs: ContractSpec[] = [specFor('TKF', 'TKFH27', 202703), specFor('TKF', 'TKFJ27', 202704), specFor('GPH', 'GPHH27', 202703), specFor('TKC', 'TKCH27', 202703)];
  specs.forEach((spec, i) => house.registerSeries({ ...spec, tickValueMinor: s.tickValues[i]!, qtyLotsMax: 1_000_000 }, s.references[i]!));
  for (const d of s.deposits) house.deposit(a, d.usd ? 'USD' : 'CNY', BigInt(d.amount));
  s.trades.forEach((t, i) => house.onEngineEvents(symbols[t.series]!, [tradeEvent({ tradeId: i + 1, priceTicks: t.price, qtyLots: t.qty, buyer: t.aBuys ? a : b, seller: t.aBuys ? b : a })]));
  s.orders.forEach((o, i) => house.onEngineEvents(symbols[o.series]!, [acceptedEvent(100 + i, a, o.buy ? 'buy' : 'sell', o.price ?? s.references[o.series]!, o.qty)]));
  s.marks.forEach((mark, i) => { if (mark !== null) house.internals().series.at(i).markPriceTicks = mark; });
  return { house, a };
}

test('risk in numbers equals the bigint definition wherever it answers, and declines wherever the definition fails', () => {
  let answered = 0;
  let declined = 0;
  let answeredNear2p53 = 0;
  fc.assert(fc.property(stateArb, (s) => {
    let built: ReturnType<typeof houseOf>;
    try {
      built = houseOf(s);
    } catch {
      return; // a trade whose cash leaves the ledger's 64-bit range: not a state risk ever sees
    }
    const state = built.house.internals();
    for (const c of s.checks) {
      const currency: Currency = c.series >= 0 ? state.series.at(c.series).spec.currency : c.usd ? 'USD' : 'CNY';
      const sign = c.buy ? 1 : -1;
      let exact: ReturnType<typeof orderRisk> | undefined;
      try {
        exact = orderRisk(state, built.a, currency, c.series >= 0 ? { seriesIdx: c.series, sign, priceTicks: c.price, qtyLots: c.qty } : undefined);
      } catch {
        exact = undefined;
      }
      const fast = orderRiskNumbers(state, built.a, currency, c.series, sign, c.price, c.qty);
      if (fast === undefined) {
        declined++;
        continue;
      }
      answered++;
      assert.ok(exact !== undefined, 'the numbers answered where the definition fails');
      assert.deepEqual(
        [BigInt(fast.equityMinor), BigInt(fast.requiredWithOrdersMinor), BigInt(fast.freeEquityMinor)],
        [exact.equityMinor, exact.requiredWithOrdersMinor, exact.freeEquityMinor],
      );
      const largest = [fast.equityMinor, fast.requiredWithOrdersMinor, fast.freeEquityMinor].reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      if (largest > 2 ** 50) answeredNear2p53++;
    }
  }), { numRuns: 3_000 });
  // Both paths, and figures within a factor 8 of the bound, were exercised.
  assert.ok(answered > 1_000 && declined > 1_000 && answeredNear2p53 > 50, `answered ${answered}, declined ${declined}, near 2^53 ${answeredNear2p53}`);
});

test('mulFracCeil and mulFracFloor equal the bigint definition up to 2^53', () => {
  const x = fc.oneof(fc.nat(1_000_000), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: Number.MAX_SAFE_INTEGER - 1_000_000, max: Number.MAX_SAFE_INTEGER }));
  const num = fc.oneof(fc.nat(10_000), fc.nat(3_000_000), fc.nat(2 ** 40));
  const den = fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constant(3_000_000), fc.integer({ min: 1, max: 2 ** 40 }));
  fc.assert(fc.property(x, num, den, (xv, n, d) => {
    const floor = (BigInt(xv) * BigInt(n)) / BigInt(d);
    const ceil = (BigInt(xv) * BigInt(n) + BigInt(d) - 1n) / BigInt(d);
    const expect = (want: bigint, got: () => number): void => {
      if (want <= BigInt(Number.MAX_SAFE_INTEGER)) assert.equal(BigInt(got()), want);
      else assert.throws(got, /margin left the exact range/);
    };
    expect(floor, () => mulFracFloor(xv, n, d));
    expect(ceil, () => mulFracCeil(xv, n, d));
  }), { numRuns: 20_000 });
});
