import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvariantError } from '../core/assert.js';
import type { EngineCommand } from '../engine/protocol.js';
import { decodeAdmin, encodeAdmin } from './admin-codec.js';
import { commandBytesMax, decodeCommand, encodeCommand, type ExchangeCommand } from './codec.js';
import { symbolBytesMax } from './limits.js';

const id = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const price = fc.oneof(fc.integer({ min: -1_000_000, max: 10_000_000 }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }));
const seqTime = { seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), tsMicros: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) };
const symbol = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: symbolBytesMax });

const command: fc.Arbitrary<EngineCommand> = fc.oneof(
  fc.record({
    ...seqTime,
    kind: fc.constant('new' as const),
    orderId: id,
    accountId: id,
    side: fc.constantFrom(0, 1),
    type: fc.constantFrom(0, 1, 2, 3),
    timeInForce: fc.constantFrom(0, 1, 2, 3, 4),
    priceTicks: price,
    stopPriceTicks: price,
    qtyLots: id,
    postOnly: fc.boolean(),
    expireTsMicros: id,
    stpMode: fc.constantFrom(0, 1, 2, 3),
  }),
  fc.record({ ...seqTime, kind: fc.constant('cancel' as const), orderId: id, accountId: id }),
  fc.record({ ...seqTime, kind: fc.constant('amend' as const), orderId: id, accountId: id, priceTicks: price, qtyLots: id }),
  fc.record({ ...seqTime, kind: fc.constant('massCancel' as const), accountId: id }),
  fc.record({ ...seqTime, kind: fc.constant('setPhase' as const), phase: fc.constantFrom(0, 1, 2, 3) }),
  fc.record({ ...seqTime, kind: fc.constant('setReference' as const), referencePriceTicks: price, limitBps: fc.integer({ min: 0, max: 0xffffffff }) }),
  fc.record({ ...seqTime, kind: fc.constant('time' as const) }),
) as fc.Arbitrary<EngineCommand>;

test('property: every command kind round-trips through the binary codec, at any buffer offset', () => {
  const buf = new Uint8Array(commandBytesMax + 64);
  fc.assert(
    fc.property(symbol, command, fc.integer({ min: 0, max: 64 }), (sym, cmd, offset) => {
      const exchangeCommand: ExchangeCommand = { symbol: sym, command: cmd };
      const written = encodeCommand(buf, offset, exchangeCommand);
      assert.ok(written <= commandBytesMax);
      const decoded = decodeCommand(buf.subarray(offset, offset + written), cmd.seq, cmd.tsMicros);
      // fast-check may build null-prototype records; compare plain copies.
      assert.deepEqual(decoded, { symbol: sym, command: { ...cmd } });
    }),
    { numRuns: 2000 },
  );
});

test('a new order is 2 + symbol + 53 bytes; a truncated payload or a bad enum fails loudly', () => {
  const buf = new Uint8Array(commandBytesMax);
  const order: ExchangeCommand = {
    symbol: 'GPUH-H100-2606',
    command: { seq: 5, tsMicros: 9, kind: 'new', orderId: 1, accountId: 2, side: 1, type: 0, timeInForce: 0, priceTicks: 250, stopPriceTicks: 0, qtyLots: 3, postOnly: false, expireTsMicros: 0, stpMode: 0 } as EngineCommand,
  };
  const written = encodeCommand(buf, 0, order);
  assert.equal(written, 2 + 14 + 53);
  assert.throws(() => decodeCommand(buf.subarray(0, written - 1), 5, 9), InvariantError);
  const badSide = buf.slice(0, written);
  badSide[2 + 14 + 16] = 7;
  assert.throws(() => decodeCommand(badSide, 5, 9), /side 7 out of range/);
  assert.throws(() => encodeCommand(buf, 0, { ...order, symbol: 'has space' }), /printable ASCII/);
  assert.throws(() => encodeCommand(buf, 0, { ...order, command: { ...order.command, qtyLots: 1.5 } as EngineCommand }), InvariantError);
});

test('admin commands round-trip as JSON, bigint amounts included', () => {
  const deposit = { type: 'deposit', accountId: 7, amountMinor: 123456789012345678901234567890n, currency: 'USD' };
  assert.deepEqual(decodeAdmin(encodeAdmin(deposit)), deposit);
  assert.throws(() => encodeAdmin({ type: 'x', note: { $bigint: '1' } }), /reserved/);
  assert.deepEqual(decodeAdmin(encodeAdmin({ type: 'x', debts: [-5n, 0n] })), { type: 'x', debts: [-5n, 0n] });
  assert.throws(() => decodeAdmin(new TextEncoder().encode('[1,2]')), InvariantError);
  assert.throws(() => encodeAdmin({ type: '' }), InvariantError);
});
