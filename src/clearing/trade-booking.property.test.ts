// Holds a trade's booking (events.ts: float64 amounts below 2^53, bigint past them) to the bigint definition it
// replaced: realised P&L = BigInt(realised ticks) × tickValue per side, the settlement account takes the
// negated sum, fees = fee × BigInt(lots); today's fees and realised P&L per account are the bigint sums.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ClearingHouse } from './clearing-house.js';
import { PositionBook } from './positions.js';
import { acceptedEvent, specFor, testClock, tradeEvent } from './testkit.js';

const big = (max: number): fc.Arbitrary<number> => fc.oneof(
  fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: Math.min(max, 3_000_000) }), fc.integer({ min: 1, max }),
);

test('a trade books the realised P&L and fees the bigint definition gives, from cents to past 2^53', () => {
  let realisedPastSafe = 0;
  let feesPastSafe = 0;
  fc.assert(fc.property(
    fc.constantFrom(1n, 1_000n, 1_000_000n),
    fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }),
    fc.array(fc.record({ buyer: fc.nat(2), sellerAfter: fc.integer({ min: 1, max: 2 }), buyerTakes: fc.boolean(), price: big(2_000_000_000), qty: big(1_000_000) }), { minLength: 1, maxLength: 8 }),
    (tickValueMinor, feeMakerMinor, feeTakerMinor, trades) => {
      const house = new ClearingHouse({ clock: testClock().now });
      const member = house.addMember('m');
      const a = house.addAccount(member.id, 'a', 'speculator').id;
      const b = house.addAccount(member.id, 'b', 'speculator').id;
      const c = house.addAccount(member.id, 'c', 'speculator').id;
      const accounts = [a, b, c];
      house.registerSeries({ ...specFor('TKF', 'TKFH27', 202703), tickValueMinor, feeMakerMinor, feeTakerMinor, qtyLotsMax: 1_000_000 }, 5_000);
      const { ledger } = house.internals();
      const shadow = new PositionBook();
      const fees = new Map<number, bigint>();
      const realised = new Map<number, bigint>();
      const cash = (id: number) => ledger.account('clientCash', id, 'USD');
      for (let i = 0; i < trades.length; i++) {
        const t = trades[i]!;
        // Three accounts, so the two sides' realised P&L need not cancel and the settlement account takes the rest.
        const buyer = accounts[t.buyer]!;
        const seller = accounts[(t.buyer + t.sellerAfter) % 3]!;
        const taker = t.buyerTakes ? buyer : seller;
        const maker = t.buyerTakes ? seller : buyer;
        const realisedOf = (account: number, lots: number) => BigInt(shadow.applyFill(shadow.slot(account, 0), lots, t.price).realisedBasisTicks) * tickValueMinor;
        const book = () => house.onEngineEvents('TKFH27', [acceptedEvent(1_000 + i, maker, maker === buyer ? 'buy' : 'sell', t.price, t.qty),
          tradeEvent({ tradeId: i + 1, priceTicks: t.price, qtyLots: t.qty, buyer, seller, aggressor: taker === buyer ? 'buy' : 'sell', makerOrderId: 1_000 + i })]);
        let buyerRealised: bigint;
        let sellerRealised: bigint;
        try {
          buyerRealised = realisedOf(buyer, t.qty);
          sellerRealised = realisedOf(seller, -t.qty);
        } catch (error) {
          // A position whose sums pass 2^53 is an invariant failure (positions.ts, unchanged): so it must stay.
          assert.match(String(error), /position sums left the exact range/);
          assert.throws(book, /position sums left the exact range/);
          return;
        }
        const makerFee = feeMakerMinor * BigInt(t.qty);
        const takerFee = feeTakerMinor * BigInt(t.qty);
        const want: [number, bigint][][] = [];
        const pnl: [number, bigint][] = [];
        if (buyerRealised !== 0n) pnl.push([cash(buyer), buyerRealised]);
        if (sellerRealised !== 0n) pnl.push([cash(seller), sellerRealised]);
        if (buyerRealised + sellerRealised !== 0n) pnl.push([ledger.account('settlement', 0, 'USD'), -(buyerRealised + sellerRealised)]);
        if (pnl.length > 0) want.push(pnl);
        const fee = ([[cash(maker), -makerFee], [cash(taker), -takerFee], [ledger.account('feeIncome', 0, 'USD'), makerFee + takerFee]] as [number, bigint][]).filter(([, x]) => x !== 0n);
        if (fee.length > 0) want.push(fee);
        // The ledger keeps amounts within signed 64 bits, and always refused one outside them: the state after
        // such a trade is not looked at.
        if (want.some((legs) => legs.some(([, x]) => x >= 2n ** 63n || x < -(2n ** 63n)))) {
          assert.throws(book, /does not fit in 64 bits/);
          return;
        }
        const pastSafeIn = (legs: [number, bigint][] | undefined) => legs !== undefined && legs.some(([, x]) => x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER));
        if (pastSafeIn(pnl.length > 0 ? pnl : undefined)) realisedPastSafe++;
        if (pastSafeIn(fee)) feesPastSafe++;
        if (buyerRealised !== 0n) realised.set(buyer, (realised.get(buyer) ?? 0n) + buyerRealised);
        if (sellerRealised !== 0n) realised.set(seller, (realised.get(seller) ?? 0n) + sellerRealised);
        fees.set(maker, (fees.get(maker) ?? 0n) + makerFee);
        fees.set(taker, (fees.get(taker) ?? 0n) + takerFee);
        const before = ledger.entryCount();
        book();
        const got = ledger.entriesFrom(before).map((e) => e.legs.map((l) => [l.ledgerId, l.amountMinor]));
        assert.deepEqual(got, want, `trade ${i + 1}`);
      }
      const state = house.internals();
      for (const id of accounts) {
        assert.equal(state.feesTodayMinor.get(id, 'USD'), fees.get(id));
        assert.equal(state.realisedTodayMinor.get(id, 'USD'), realised.get(id));
      }
      house.verify();
    },
  ), { numRuns: 500 });
  assert.ok(realisedPastSafe > 20 && feesPastSafe > 20, `past 2^53: realised P&L ${realisedPastSafe} times, fees ${feesPastSafe}`);
});
