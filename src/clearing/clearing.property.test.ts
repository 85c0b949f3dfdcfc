// Random command streams against the clearing house: deposits, withdrawals, orders that rest and trade (a tiny
// matching model: a maker order rests, a taker order crosses it at the maker's price), cancels, daily
// settlements with price moves, margin calls and liquidations, and expiries. After every command:
//   - the ledger balances (every balance recomputed from the entries) and each series' positions sum to zero;
//   - cash is conserved: all client cash + fee income + default fund + member guarantees + settlement account
//     = deposits − withdrawals + guarantees + default-fund contributions, counted independently here;
//   - no accepted order leaves free equity negative, unless it only reduced the position without raising
//     the requirement (an account in a call may trade out);
//   - after a daily settlement the settlement account is zero.
// Runs: 10,000 streams in CI (CI=true), a few hundred locally.

import { test } from 'node:test';
import { ci, Harness, streamArb } from './testkit-stream.js';
import fc from 'fast-check';

const streamRuns = ci ? 10_000 : 150;

test('random command streams keep the ledger balanced, positions net zero, cash conserved, free equity covered', () => {
  fc.assert(fc.property(streamArb, (commands) => {
    const harness = new Harness();
    harness.checkInvariants();
    for (const command of commands) {
      harness.run(command);
      harness.checkInvariants();
    }
  }), { numRuns: streamRuns });
});
