// What travels in the log and back. A command message is the exchange codec's bytes (src/exchange/codec.ts)
// with the envelope in NATS headers: gateway id, request id, and the optional tsMicros. The stream's sequence
// number is the command's place in the exchange's order, and comes with every delivery, so it is not stored.
//
// The timestamp: by default a command is stamped with the time the stream leader STORED it (JetStream's own
// message timestamp). It is assigned once, replicated with the message, and so identical on every replica and
// every replay, and it follows the stream order except across a leader change (the exchange clamps it to be
// non-decreasing). A publisher may instead carry tsMicros in the envelope (replays of recorded sessions,
// tests); gateways facing the public never set it, so no client can move the exchange's clock.
//
// An outcome is JSON (bigint amounts as {"$bigint": "..."}) without the book updates: those are market data,
// not the answer to the sender.

import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { assert } from '../core/assert.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import { decodeExchangeCommand, encodeExchangeCommand } from '../exchange/codec.js';
import type { Outcome } from '../exchange/outcome.js';
import { commandBytesMax, gatewayIdBytesMax, requestIdBytesMax } from './limits.js';
import { header, isToken, msgIdOf } from './subjects.js';

export interface CommandEnvelope {
  readonly gatewayId: string;
  readonly requestId: string;
  readonly tsMicros?: number;
  readonly command: ExchangeCommand;
}

/** A command as the log delivered it: its sequence and the timestamp every replica applies it with. */
export interface LogEntry {
  readonly logSeq: number;
  readonly tsMicros: number;
  readonly gatewayId: string;
  readonly requestId: string;
  readonly command: ExchangeCommand;
}

export function encodeEnvelope(envelope: CommandEnvelope): { data: Uint8Array; headers: MsgHdrs; msgId: string } {
  assert(isToken(envelope.gatewayId, gatewayIdBytesMax), `gatewayId ${JSON.stringify(envelope.gatewayId)}`);
  assert(isToken(envelope.requestId, requestIdBytesMax), `requestId ${JSON.stringify(envelope.requestId)}`);
  const data = encodeExchangeCommand(envelope.command);
  assert(data.length <= commandBytesMax, `command of ${data.length} bytes`);
  const headers = natsHeaders();
  headers.set(header.gatewayId, envelope.gatewayId);
  headers.set(header.requestId, envelope.requestId);
  if (envelope.tsMicros !== undefined) {
    assert(Number.isSafeInteger(envelope.tsMicros) && envelope.tsMicros >= 0, `tsMicros ${envelope.tsMicros}`);
    headers.set(header.tsMicros, String(envelope.tsMicros));
  }
  return { data, headers, msgId: msgIdOf(envelope.gatewayId, envelope.requestId) };
}

/** storedNanos is JetStream's timestamp of the stored message (the same on every replica). */
export function decodeEntry(logSeq: number, storedNanos: number, headers: MsgHdrs | undefined, data: Uint8Array): LogEntry {
  assert(headers !== undefined, `log entry ${logSeq} has no envelope headers`);
  const carried = headers.get(header.tsMicros);
  const tsMicros = carried === '' ? Math.floor(storedNanos / 1_000) : Number(carried);
  assert(Number.isSafeInteger(tsMicros) && tsMicros >= 0, `log entry ${logSeq}: tsMicros ${carried || storedNanos}`);
  return {
    logSeq, tsMicros,
    gatewayId: headers.get(header.gatewayId),
    requestId: headers.get(header.requestId),
    command: decodeExchangeCommand(data),
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeOutcome(outcome: Outcome): Uint8Array {
  const { bookUpdates: _marketData, ...answer } = outcome;
  return encoder.encode(JSON.stringify(answer, (_key, value: unknown) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value)));
}

export function decodeOutcome(bytes: Uint8Array): Outcome {
  const value = JSON.parse(decoder.decode(bytes), (_key, field: unknown) => {
    if (field !== null && typeof field === 'object' && typeof (field as { $bigint?: unknown }).$bigint === 'string') return BigInt((field as { $bigint: string }).$bigint);
    return field;
  }) as Omit<Outcome, 'bookUpdates'>;
  assert(typeof value.seq === 'number' && Array.isArray(value.events), 'outcome without seq or events');
  return { ...value, bookUpdates: [] };
}
