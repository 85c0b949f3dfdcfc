import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Harness, streamArb } from './testkit-stream.js';

const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

test('snapshot → JSON → restore gives the same state hash, and the copy continues identically', () => {
  fc.assert(fc.property(streamArb, fc.nat(40), (commands, cut) => {
    const original = new Harness();
    const at = Math.min(cut, commands.length);
    for (const command of commands.slice(0, at)) original.run(command);
    const copy = original.fork();
    assert.equal(copy.house.stateHash(), original.house.stateHash());
    for (const command of commands.slice(at)) {
      original.run(command);
      copy.run(command);
    }
    copy.checkInvariants();
    assert.equal(copy.house.stateHash(), original.house.stateHash());
  }), { numRuns: ci ? 1_500 : 40 });
});

test('the state hash changes when the state does', () => {
  const harness = new Harness();
  const before = harness.house.stateHash();
  harness.run({ kind: 'deposit', account: 0, usd: true, amount: 1n });
  assert.notEqual(harness.house.stateHash(), before);
});
