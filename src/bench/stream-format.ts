// TKXSTRM1: the reference order stream shared with ../shared/bench/gen-stream.mjs, so that tokex and its
// peers replay identical input. Little-endian; a 32-byte header, then 16-byte records:
//   header: 0 char[8] magic, 8 u32 version, 12 u32 recordBytes, 16 u32 count, 20 u32 seed,
//           24 u32 startMidTicks, 28 u32 reserved (0)
//   record: 0 u8 kind, 1 u8 side, 2 u16 reserved, 4 u32 orderId, 8 u32 priceTicks, 12 u32 qtyLots
// The reader turns the records into typed-array columns once, so a replay loop touches no objects.

export const streamMagic = 'TKXSTRM1';
export const streamVersion = 1;
export const streamHeaderBytes = 32;
export const streamRecordBytes = 16;
/** A stream bigger than this is not a benchmark input we expect (16 M records = 256 MB). */
export const streamCountMax = 1 << 24;

export const StreamKind = { add: 1, cancel: 2, ioc: 3 } as const;
export type StreamKind = (typeof StreamKind)[keyof typeof StreamKind];
export const StreamSide = { buy: 0, sell: 1 } as const;

export interface StreamHeader {
  readonly version: number;
  readonly recordBytes: number;
  readonly count: number;
  readonly seed: number;
  readonly startMidTicks: number;
}

export interface StreamColumns {
  readonly header: StreamHeader;
  /** 1 = ADD (GTC limit), 2 = CANCEL (of a resting order), 3 = IOC (marketable limit). */
  readonly kind: Uint8Array;
  /** 0 = buy, 1 = sell; for CANCEL the side of the target order. */
  readonly side: Uint8Array;
  /** ADD/IOC: the new id; CANCEL: the target's id. */
  readonly orderId: Uint32Array;
  /** ADD/IOC: the limit price; CANCEL: the target's price. */
  readonly priceTicks: Uint32Array;
  /** ADD/IOC: the quantity; CANCEL: 0. */
  readonly qtyLots: Uint32Array;
}

export class StreamFormatError extends Error {
  override name = 'StreamFormatError';
}

/** Writes the header fields into the first 32 bytes of buf. */
export function writeStreamHeader(buf: Uint8Array, count: number, seed: number, startMidTicks: number): void {
  const view = new DataView(buf.buffer, buf.byteOffset, streamHeaderBytes);
  for (let k = 0; k < streamMagic.length; k++) view.setUint8(k, streamMagic.charCodeAt(k));
  view.setUint32(8, streamVersion, true);
  view.setUint32(12, streamRecordBytes, true);
  view.setUint32(16, count, true);
  view.setUint32(20, seed >>> 0, true);
  view.setUint32(24, startMidTicks, true);
  view.setUint32(28, 0, true);
}

export function readStreamHeader(buf: Uint8Array): StreamHeader {
  if (buf.length < streamHeaderBytes) {
    throw new StreamFormatError(`stream is ${buf.length} bytes, shorter than the ${streamHeaderBytes}-byte TKXSTRM1 header`);
  }
  let magic = '';
  for (let k = 0; k < streamMagic.length; k++) magic += String.fromCharCode(buf[k]!);
  if (magic !== streamMagic) {
    throw new StreamFormatError(`stream magic is ${JSON.stringify(magic)}, expected "${streamMagic}" (not a TKXSTRM1 file)`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, streamHeaderBytes);
  const header: StreamHeader = {
    version: view.getUint32(8, true),
    recordBytes: view.getUint32(12, true),
    count: view.getUint32(16, true),
    seed: view.getUint32(20, true),
    startMidTicks: view.getUint32(24, true),
  };
  if (header.version !== streamVersion) {
    throw new StreamFormatError(`stream version is ${header.version}; this reader knows version ${streamVersion} only`);
  }
  if (header.recordBytes !== streamRecordBytes) {
    throw new StreamFormatError(`stream recordBytes is ${header.recordBytes}; version ${streamVersion} records are ${streamRecordBytes} bytes`);
  }
  if (header.count > streamCountMax) {
    throw new StreamFormatError(`stream count ${header.count} exceeds the limit of ${streamCountMax} records`);
  }
  return header;
}

/** Validates the header, the length and every record, then returns the records as columns. */
export function readStream(buf: Uint8Array): StreamColumns {
  const header = readStreamHeader(buf);
  const bytesExpected = streamHeaderBytes + header.count * streamRecordBytes;
  if (buf.length !== bytesExpected) {
    throw new StreamFormatError(
      `stream is ${buf.length} bytes but its header announces ${header.count} records (${bytesExpected} bytes)` +
        (buf.length < bytesExpected ? ': the file is truncated' : ': trailing bytes after the last record'),
    );
  }
  const n = header.count;
  const columns: StreamColumns = {
    header,
    kind: new Uint8Array(n),
    side: new Uint8Array(n),
    orderId: new Uint32Array(n),
    priceTicks: new Uint32Array(n),
    qtyLots: new Uint32Array(n),
  };
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  for (let i = 0; i < n; i++) {
    const at = streamHeaderBytes + i * streamRecordBytes;
    const kind = view.getUint8(at);
    const side = view.getUint8(at + 1);
    const orderId = view.getUint32(at + 4, true);
    const qtyLots = view.getUint32(at + 12, true);
    if (kind < StreamKind.add || kind > StreamKind.ioc) throw recordError(i, `kind ${kind} is not 1 (ADD), 2 (CANCEL) or 3 (IOC)`);
    if (side > StreamSide.sell) throw recordError(i, `side ${side} is not 0 (buy) or 1 (sell)`);
    if (orderId === 0) throw recordError(i, 'orderId is 0; ids start at 1');
    if (kind === StreamKind.cancel ? qtyLots !== 0 : qtyLots === 0) {
      throw recordError(i, kind === StreamKind.cancel ? `CANCEL carries qtyLots ${qtyLots}, expected 0` : 'qtyLots is 0 on an order');
    }
    columns.kind[i] = kind;
    columns.side[i] = side;
    columns.orderId[i] = orderId;
    columns.priceTicks[i] = view.getUint32(at + 8, true);
    columns.qtyLots[i] = qtyLots;
  }
  return columns;
}

function recordError(index: number, why: string): StreamFormatError {
  return new StreamFormatError(`stream record ${index} (byte ${streamHeaderBytes + index * streamRecordBytes}): ${why}`);
}
