import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StreamExpected } from './stream-generator.js';
import { outcomeDiff } from './verify.js';

const expected: StreamExpected = {
  fills: 5, tradedLots: 20, tradedNotional: '2000000', iocUnfilledLots: 3, cancelsOfLiveOrders: 2,
  restingOrders: 4, restingLots: 11, bestBid: 99_999, bestAsk: 100_001, restingOrdersMax: 9,
};

test('an outcome equal to the sidecar has no diff; notional compares as a decimal string', () => {
  assert.deepEqual(outcomeDiff(expected, { fills: 5, tradedLots: 20, tradedNotional: 2_000_000, bestAsk: 100_001 }), []);
});

test('each differing field is named with both values', () => {
  assert.deepEqual(outcomeDiff(expected, { tradedLots: 19, restingOrders: 4, bestBid: 0 }), [
    'tradedLots: expected 20, got 19',
    'bestBid: expected 99999, got 0',
  ]);
});
