// Events read back from the columns are the events written: ids and sequence numbers past 32 bits included
// (decode keeps small integers as V8's small integers, and must not cut the large ones).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EventBuffer } from './event-buffer.js';

const id = fc.oneof(fc.nat(1000), fc.constantFrom(2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER), fc.maxSafeNat());
const int32 = fc.integer({ min: 0, max: 2 ** 31 - 1 });

test('property: decodeAll returns exactly the events written, whatever the size of their ids', () => {
  const event = fc.oneof(
    fc.record({ kind: fc.constant('accepted' as const), seq: id, tsMicros: id, orderId: id, accountId: id, side: fc.constantFrom(0, 1), priceTicks: int32, qtyLots: int32 }),
    fc.record({ kind: fc.constant('rejected' as const), seq: id, tsMicros: id, orderId: id, accountId: id, reasonCode: int32 }),
    fc.record({
      kind: fc.constant('trade' as const), seq: id, tsMicros: id, tradeId: id, priceTicks: int32, qtyLots: int32, aggressorSide: fc.constantFrom(0, 1),
      makerOrderId: id, makerAccountId: id, makerLeavesLots: int32, takerOrderId: id, takerAccountId: id, takerLeavesLots: int32,
    }),
    fc.record({ kind: fc.constant('cancelled' as const), seq: id, tsMicros: id, orderId: id, accountId: id, side: fc.constantFrom(0, 1), priceTicks: int32, qtyLots: int32, cancelReason: fc.integer({ min: 1, max: 9 }) }),
  );
  fc.assert(fc.property(fc.array(event, { minLength: 0, maxLength: 20 }), (events) => {
    const buffer = new EventBuffer(32);
    for (const e of events) {
      switch (e.kind) {
        case 'accepted': buffer.accepted(e.seq, e.tsMicros, e.orderId, e.accountId, e.side, e.priceTicks, e.qtyLots); break;
        case 'rejected': buffer.rejected(e.seq, e.tsMicros, e.orderId, e.accountId, e.reasonCode); break;
        case 'trade':
          buffer.trade(e.seq, e.tsMicros, e.tradeId, e.priceTicks, e.qtyLots, e.aggressorSide, e.makerOrderId, e.makerAccountId, e.makerLeavesLots, e.takerOrderId, e.takerAccountId, e.takerLeavesLots);
          break;
        case 'cancelled': buffer.cancelled(e.seq, e.tsMicros, e.orderId, e.accountId, e.side, e.priceTicks, e.qtyLots, e.cancelReason); break;
      }
    }
    const decoded = buffer.decodeAll();
    assert.deepEqual(decoded, events.map((e) => ({ ...e }))); // fast-check's records have no prototype
    // Key order too: the journal and the API write events as JSON.
    assert.equal(JSON.stringify(decoded), JSON.stringify(events));
  }), { numRuns: process.env['CI'] ? 500 : 200 });
});
