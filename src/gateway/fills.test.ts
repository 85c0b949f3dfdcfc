import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { TradeEvent } from '../engine/protocol.js';
import type { Outcome } from '../exchange/outcome.js';
import { FillStore, fillsOf, type Fill } from './fills.js';

const trade = fc.record({
  symbol: fc.constantFrom('TKFH27', 'GPHZ26', 'TKCM27'),
  tradeId: fc.integer({ min: 1, max: 2 ** 40 }), makerOrderId: fc.integer({ min: 1, max: 2 ** 40 }), takerOrderId: fc.integer({ min: 1, max: 2 ** 40 }),
  makerAccountId: fc.integer({ min: 1, max: 3 }), takerAccountId: fc.integer({ min: 1, max: 3 }), aggressorSide: fc.constantFrom(0, 1),
  priceTicks: fc.integer({ min: 1, max: 2 ** 31 - 1 }), qtyLots: fc.integer({ min: 1, max: 1_000_000 }), tsMicros: fc.integer({ min: 0, max: 2 ** 52 }),
});

test('property: an account\'s fills are the newest keptMax of fillsOf, newest first, by symbol and limit', () => {
  fc.assert(fc.property(
    fc.array(fc.array(trade, { maxLength: 4 }), { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 30 }),
    fc.option(fc.constantFrom('TKFH27', 'GPHZ26', 'TKCM27', 'NOPE'), { nil: undefined }),
    (outcomes, keptMax, limit, symbol) => {
      const store = new FillStore(keptMax);
      const model = new Map<number, Fill[]>();
      for (const trades of outcomes) {
        const events = trades.map(({ symbol: s, ...t }) => ({ symbol: s, event: { kind: 'trade', ...t } as unknown as TradeEvent }));
        assert.equal(store.record({ events } as unknown as Outcome), trades.length);
        for (const { symbol: s, event } of events) for (const fill of fillsOf(s, event)) model.set(fill.accountId, [...(model.get(fill.accountId) ?? []), fill]);
      }
      for (const accountId of [1, 2, 3, 4]) {
        const kept = (model.get(accountId) ?? []).slice(-keptMax).reverse();
        const expected = kept.filter((f) => symbol === undefined || f.symbol === symbol).slice(0, limit);
        assert.deepEqual(store.ofAccount(accountId, limit, symbol), expected);
      }
    },
  ), { numRuns: 1000 });
});
