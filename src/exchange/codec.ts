// Exchange commands as bytes, for the journal and the cluster's command log. Order entry is most of the
// traffic, so new orders, cancels and amends have a fixed binary layout; the rare operator and account
// commands are JSON (bigint amounts as {"$bigint": "..."}). Sequence number and timestamp are not in the
// payload: the log that carries the bytes stamps them.
//
// Binary layout (little-endian), after the tag byte:
//   newOrder (tag 1): side u8, orderType u8, timeInForce u8, postOnly u8, stpMode u8, accountId u32,
//     priceTicks u32, stopPriceTicks u32, qtyLots u32, expireTsMicros f64, symbol (u8 length + ASCII),
//     clientOrderId (u8 length + UTF-8)
//   cancel (tag 2): accountId u32, orderId f64
//   amend (tag 3): accountId u32, orderId f64, priceTicks u32, qtyLots u32
//   JSON (tag 0x7b, the '{' of the JSON text itself): every other command

import { assert } from '../core/assert.js';
import type { ExchangeCommand } from './commands.js';

const tagNewOrder = 1;
const tagCancel = 2;
const tagAmend = 3;
const tagJson = 0x7b;

export const symbolBytesMax = 32;
export const clientOrderIdBytesMax = 64;
const newOrderFixedBytes = 1 + 5 + 4 * 4 + 8 + 1 + 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A fresh copy of the command's bytes. */
export function encodeExchangeCommand(command: ExchangeCommand): Uint8Array {
  return encodeExchangeCommandInto(command, ownScratch).slice();
}

/**
 * Where order entry encodes: the bytes of the last command encoded into it, valid until the next call. The
 * journal copies them into its batch at once, so no buffer is allocated per order.
 */
export class CommandScratch {
  readonly bytes = new Uint8Array(newOrderFixedBytes + symbolBytesMax + clientOrderIdBytesMax);
  readonly view = new DataView(this.bytes.buffer);
}

const ownScratch = new CommandScratch();

/** Writes a string's UTF-8 after a u8 length at `at`; returns the next offset. ASCII is copied in a loop. */
function writeShortText(scratch: CommandScratch, at: number, text: string, bytesMax: number, what: string): number {
  const bytes = scratch.bytes;
  const n = text.length;
  let ascii = n <= bytesMax;
  for (let i = 0; ascii && i < n; i++) ascii = text.charCodeAt(i) < 0x80;
  if (ascii) {
    bytes[at++] = n;
    for (let i = 0; i < n; i++) bytes[at++] = text.charCodeAt(i);
    return at;
  }
  const utf8 = encoder.encode(text);
  assert(utf8.length <= bytesMax, `${what} of ${utf8.length} bytes`);
  bytes[at++] = utf8.length;
  bytes.set(utf8, at);
  return at + utf8.length;
}

/** The command's bytes, in scratch for order entry (see CommandScratch), else a new array. */
export function encodeExchangeCommandInto(command: ExchangeCommand, scratch: CommandScratch): Uint8Array {
  const bytes = scratch.bytes;
  const view = scratch.view;
  switch (command.type) {
    case 'newOrder': {
      bytes[0] = tagNewOrder;
      bytes[1] = command.side;
      bytes[2] = command.orderType;
      bytes[3] = command.timeInForce;
      bytes[4] = command.postOnly ? 1 : 0;
      bytes[5] = command.stpMode;
      view.setUint32(6, command.accountId, true);
      view.setUint32(10, command.priceTicks, true);
      view.setUint32(14, command.stopPriceTicks, true);
      view.setUint32(18, command.qtyLots, true);
      view.setFloat64(22, command.expireTsMicros, true);
      let at = writeShortText(scratch, 30, command.symbol, symbolBytesMax, 'symbol');
      at = writeShortText(scratch, at, command.clientOrderId, clientOrderIdBytesMax, 'clientOrderId');
      return bytes.subarray(0, at);
    }
    case 'cancel': {
      bytes[0] = tagCancel;
      view.setUint32(1, command.accountId, true);
      view.setFloat64(5, command.orderId, true);
      return bytes.subarray(0, 13);
    }
    case 'amend': {
      bytes[0] = tagAmend;
      view.setUint32(1, command.accountId, true);
      view.setFloat64(5, command.orderId, true);
      view.setUint32(13, command.priceTicks, true);
      view.setUint32(17, command.qtyLots, true);
      return bytes.subarray(0, 21);
    }
    default:
      return encoder.encode(JSON.stringify(command, (_key, value: unknown) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value)));
  }
}

export function decodeExchangeCommand(bytes: Uint8Array): ExchangeCommand {
  assert(bytes.length > 0, 'empty command payload');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (bytes[0]) {
    case tagNewOrder: {
      assert(bytes.length >= newOrderFixedBytes, `newOrder payload of ${bytes.length} bytes`);
      let at = 30;
      const symbolBytes = bytes[at++]!;
      const symbol = decoder.decode(bytes.subarray(at, at + symbolBytes));
      at += symbolBytes;
      const clientOrderIdBytes = bytes[at++]!;
      assert(at + clientOrderIdBytes === bytes.length, 'newOrder payload length does not match its strings');
      return {
        type: 'newOrder',
        side: bytes[1]!,
        orderType: bytes[2]!,
        timeInForce: bytes[3]!,
        postOnly: bytes[4] === 1,
        stpMode: bytes[5]!,
        accountId: view.getUint32(6, true),
        priceTicks: view.getUint32(10, true),
        stopPriceTicks: view.getUint32(14, true),
        qtyLots: view.getUint32(18, true),
        expireTsMicros: view.getFloat64(22, true),
        symbol,
        clientOrderId: decoder.decode(bytes.subarray(at, at + clientOrderIdBytes)),
      } as ExchangeCommand;
    }
    case tagCancel:
      assert(bytes.length === 13, `cancel payload of ${bytes.length} bytes`);
      return { type: 'cancel', accountId: view.getUint32(1, true), orderId: view.getFloat64(5, true) };
    case tagAmend:
      assert(bytes.length === 21, `amend payload of ${bytes.length} bytes`);
      return { type: 'amend', accountId: view.getUint32(1, true), orderId: view.getFloat64(5, true), priceTicks: view.getUint32(13, true), qtyLots: view.getUint32(17, true) };
    case tagJson: {
      const value: unknown = JSON.parse(decoder.decode(bytes), (_key, field: unknown) => {
        if (field !== null && typeof field === 'object' && typeof (field as { $bigint?: unknown }).$bigint === 'string') {
          const digits = (field as { $bigint: string }).$bigint;
          assert(/^-?\d+$/.test(digits), `bad $bigint ${digits}`);
          return BigInt(digits);
        }
        return field;
      });
      assert(value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string', 'command JSON without a type');
      return value as ExchangeCommand;
    }
    default:
      assert(false, `unknown command tag ${bytes[0]}`);
  }
}
