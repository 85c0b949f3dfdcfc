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

export function encodeExchangeCommand(command: ExchangeCommand): Uint8Array {
  switch (command.type) {
    case 'newOrder': {
      const symbol = encoder.encode(command.symbol);
      const clientOrderId = encoder.encode(command.clientOrderId);
      assert(symbol.length <= symbolBytesMax, `symbol of ${symbol.length} bytes`);
      assert(clientOrderId.length <= clientOrderIdBytesMax, `clientOrderId of ${clientOrderId.length} bytes`);
      const bytes = new Uint8Array(newOrderFixedBytes + symbol.length + clientOrderId.length);
      const view = new DataView(bytes.buffer);
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
      let at = 30;
      bytes[at++] = symbol.length;
      bytes.set(symbol, at);
      at += symbol.length;
      bytes[at++] = clientOrderId.length;
      bytes.set(clientOrderId, at);
      return bytes;
    }
    case 'cancel': {
      const bytes = new Uint8Array(13);
      const view = new DataView(bytes.buffer);
      bytes[0] = tagCancel;
      view.setUint32(1, command.accountId, true);
      view.setFloat64(5, command.orderId, true);
      return bytes;
    }
    case 'amend': {
      const bytes = new Uint8Array(21);
      const view = new DataView(bytes.buffer);
      bytes[0] = tagAmend;
      view.setUint32(1, command.accountId, true);
      view.setFloat64(5, command.orderId, true);
      view.setUint32(13, command.priceTicks, true);
      view.setUint32(17, command.qtyLots, true);
      return bytes;
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
