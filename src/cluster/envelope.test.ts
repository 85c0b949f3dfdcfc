import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntry, decodeOutcome, encodeEnvelope, encodeOutcome } from './envelope.js';
import { header } from './subjects.js';

const command = { type: 'deposit', accountId: 3, currency: 'USD', amountMinor: 2n ** 70n } as const;

test('a command round-trips with its envelope; the stored time stamps it unless the publisher carried one', () => {
  const stored = 1_795_597_821_364_550_123;
  const plain = encodeEnvelope({ gatewayId: 'g1', requestId: 'r-1', command });
  assert.equal(plain.msgId, 'g1:r-1');
  const entry = decodeEntry(42, stored, plain.headers, plain.data);
  assert.deepEqual(entry, { logSeq: 42, tsMicros: Math.floor(stored / 1000), gatewayId: 'g1', requestId: 'r-1', command });
  const stamped = encodeEnvelope({ gatewayId: 'g1', requestId: 'r-2', tsMicros: 7, command });
  assert.equal(stamped.headers.get(header.tsMicros), '7');
  assert.equal(decodeEntry(43, stored, stamped.headers, stamped.data).tsMicros, 7);
});

test('ids that are not subject tokens are refused before anything is sent', () => {
  assert.throws(() => encodeEnvelope({ gatewayId: 'g.1', requestId: 'r', command }), /gatewayId/);
  assert.throws(() => encodeEnvelope({ gatewayId: 'g', requestId: 'r 1', command }), /requestId/);
});

test('outcomes keep bigints and drop book updates', () => {
  const outcome = { seq: 9, events: [], bookUpdates: [{ symbol: 'X' }] as never[], result: { cashMinor: 2n ** 64n } };
  assert.deepEqual(decodeOutcome(encodeOutcome(outcome)), { seq: 9, events: [], bookUpdates: [], result: { cashMinor: 2n ** 64n } });
});
