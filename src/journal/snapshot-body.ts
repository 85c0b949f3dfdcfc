// Turns a plain-data state into a snapshot body and back: a JSON skeleton plus binary blobs.
//
// JSON alone is slow and large for a million resting orders, so two kinds of value leave the skeleton:
//   - typed arrays are stored as raw bytes (an engine that keeps its book in columns pays a memcpy);
//   - an array of at least snapshotColumnarLengthMin plain objects that all have the same keys, each key
//     holding only numbers, only booleans or only strings, is stored column by column: numbers as Int32Array
//     when every value fits, else Float64Array (exact for every safe integer), booleans as Uint8Array,
//     strings as a dictionary of distinct values plus Uint32Array indices (symbols repeat). It reads back as
//     the same array of objects.
// Tagged objects in the skeleton have the key "$t" (bigint, blob, columns, map, set); a state object that
// itself has a "$t" key is refused, so decoding is never ambiguous. Values must be plain data: objects,
// arrays, Maps, Sets, finite numbers, strings, booleans, null, bigint, typed arrays.

import { assert } from '../core/assert.js';
import { snapshotColumnarLengthMin } from './limits.js';

type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
type TypedArrayConstructor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray; new (length: number): TypedArray; BYTES_PER_ELEMENT: number };

const typedArrayTypes: Record<string, TypedArrayConstructor> = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
} as unknown as Record<string, TypedArrayConstructor>;

const blobAlignBytes = 8;
const columnKeysMax = 64;

export interface SnapshotBody {
  readonly skeleton: Uint8Array;
  /** Byte arrays each padded to blobAlignBytes; offsets in the skeleton count from the first. */
  readonly blobs: readonly Uint8Array[];
  readonly blobBytes: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeBody(state: unknown): SnapshotBody {
  const blobs: Uint8Array[] = [];
  let blobBytes = 0;
  const addBlob = (array: TypedArray): BlobRef => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    const offset = blobBytes;
    blobs.push(bytes);
    blobBytes += bytes.length;
    const pad = padding(bytes.length);
    if (pad > 0) {
      blobs.push(new Uint8Array(pad));
      blobBytes += pad;
    }
    return { offset, length: array.length, type: array.constructor.name };
  };
  const toSkeleton = (value: unknown): unknown => {
    switch (typeof value) {
      case 'bigint':
        return { $t: 'bigint', v: value.toString() };
      case 'number':
        assert(Number.isFinite(value), `snapshot state holds a non-finite number ${value}`);
        return value;
      case 'string':
      case 'boolean':
        return value;
      case 'object':
        break;
      default:
        assert(false, `snapshot state holds a ${typeof value}`);
    }
    if (value === null) return null;
    if (ArrayBuffer.isView(value)) {
      assert(!(value instanceof DataView) && value.constructor.name in typedArrayTypes, 'snapshot state holds a DataView');
      // Copied, so that the state may change while the snapshot is written out asynchronously.
      return { $t: 'blob', ...addBlob((value as TypedArray).slice()) };
    }
    if (Array.isArray(value)) return toColumns(value, addBlob) ?? value.map(toSkeleton);
    if (value instanceof Map) return { $t: 'map', entries: [...value].map(([k, v]) => [toSkeleton(k), toSkeleton(v)]) };
    if (value instanceof Set) return { $t: 'set', values: [...value].map(toSkeleton) };
    const prototype = Object.getPrototypeOf(value);
    assert(prototype === Object.prototype || prototype === null, `snapshot state holds a ${value.constructor?.name ?? 'class'} instance`);
    assert(!Object.hasOwn(value, '$t'), 'snapshot state objects may not have a "$t" key (reserved)');
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) if (field !== undefined) out[key] = toSkeleton(field);
    return out;
  };
  const skeleton = encoder.encode(JSON.stringify(toSkeleton(state)));
  return { skeleton, blobs, blobBytes };
}

export function padding(bytes: number): number {
  return (blobAlignBytes - (bytes % blobAlignBytes)) % blobAlignBytes;
}

interface BlobRef {
  readonly offset: number;
  readonly length: number;
  readonly type: string;
}
type ColumnRef = { kind: 'number' | 'boolean'; blob: BlobRef } | { kind: 'string'; dictionary: string[]; blob: BlobRef };

/** The columnar form of a uniform array of flat objects, or null when the array is not one. */
function toColumns(array: unknown[], addBlob: (array: TypedArray) => BlobRef): unknown {
  if (array.length < snapshotColumnarLengthMin) return null;
  const first = array[0];
  if (!isPlainObject(first)) return null;
  const keys = Object.keys(first);
  if (keys.length === 0 || keys.length > columnKeysMax || keys.includes('$t')) return null;
  for (const item of array) if (!isPlainObject(item) || Object.keys(item).length !== keys.length) return null;
  const columns: ColumnRef[] = [];
  for (const key of keys) {
    const column = toColumn(array as Record<string, unknown>[], key);
    if (column === null) return null;
    columns.push(column.kind === 'string' ? { kind: 'string', dictionary: column.dictionary, blob: addBlob(column.values) } : { kind: column.kind, blob: addBlob(column.values) });
  }
  return { $t: 'columns', length: array.length, keys, columns };
}

type Column = { kind: 'number' | 'boolean'; values: TypedArray } | { kind: 'string'; dictionary: string[]; values: Uint32Array };

function toColumn(array: readonly Record<string, unknown>[], key: string): Column | null {
  const sample = array[0]![key];
  const n = array.length;
  if (typeof sample === 'number') {
    const values = new Float64Array(n);
    let int32 = true;
    for (let i = 0; i < n; i++) {
      const v = array[i]![key];
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      values[i] = v;
      if ((v | 0) !== v || Object.is(v, -0)) int32 = false;
    }
    return { kind: 'number', values: int32 ? Int32Array.from(values) : values };
  }
  if (typeof sample === 'boolean') {
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = array[i]![key];
      if (typeof v !== 'boolean') return null;
      values[i] = v ? 1 : 0;
    }
    return { kind: 'boolean', values };
  }
  if (typeof sample === 'string') {
    const values = new Uint32Array(n);
    const indexOf = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const v = array[i]![key];
      if (typeof v !== 'string') return null;
      let index = indexOf.get(v);
      if (index === undefined) {
        index = indexOf.size;
        indexOf.set(v, index);
      }
      values[i] = index;
    }
    return { kind: 'string', dictionary: [...indexOf.keys()], values };
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Rebuilds the state; blobs is the blob section (any alignment: misaligned columns are copied). */
export function decodeBody(skeletonBytes: Uint8Array, blobs: Uint8Array): unknown {
  const blobAt = (ref: BlobRef): TypedArray => {
    const Type = typedArrayTypes[ref.type];
    assert(Type !== undefined, `unknown typed array type ${ref.type}`);
    const byteLength = ref.length * Type.BYTES_PER_ELEMENT;
    assert(ref.offset >= 0 && ref.offset + byteLength <= blobs.length, `blob ${ref.offset}+${byteLength} outside the blob section`);
    const start = blobs.byteOffset + ref.offset;
    if (start % Type.BYTES_PER_ELEMENT === 0) return new Type(blobs.buffer, start, ref.length);
    const copy = blobs.slice(ref.offset, ref.offset + byteLength);
    return new Type(copy.buffer, 0, ref.length);
  };
  const fromSkeleton = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(fromSkeleton);
    const tagged = value as Record<string, unknown>;
    switch (tagged.$t) {
      case undefined: {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(tagged)) out[key] = fromSkeleton(tagged[key]);
        return out;
      }
      case 'bigint':
        return BigInt(tagged.v as string);
      case 'blob':
        // Copied out of the file buffer so that the state owns its arrays.
        return blobAt(tagged as never).slice();
      case 'map':
        return new Map((tagged.entries as [unknown, unknown][]).map(([k, v]) => [fromSkeleton(k), fromSkeleton(v)]));
      case 'set':
        return new Set((tagged.values as unknown[]).map(fromSkeleton));
      case 'columns':
        return fromColumns(tagged as never, blobAt);
      default:
        assert(false, `unknown snapshot tag ${String(tagged.$t)}`);
    }
  };
  return fromSkeleton(JSON.parse(decoder.decode(skeletonBytes)));
}

function fromColumns(
  tagged: { length: number; keys: string[]; columns: ColumnRef[] },
  blobAt: (ref: BlobRef) => TypedArray,
): Record<string, unknown>[] {
  const { length, keys } = tagged;
  const columns = tagged.columns.map((column) => blobAt(column.blob));
  const kinds = tagged.columns.map((column) => column.kind);
  const dictionaries = tagged.columns.map((column) => (column.kind === 'string' ? column.dictionary : []));
  for (const column of columns) assert(column.length === length, 'snapshot column length disagrees with its array');
  dictionaries.forEach((dictionary, k) => {
    if (kinds[k] === 'string') assert((columns[k] as Uint32Array).every((index) => index < dictionary.length), 'string column index outside its dictionary');
  });
  const out: Record<string, unknown>[] = new Array(length);
  for (let i = 0; i < length; i++) {
    const item: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      const raw = columns[k]![i] as number;
      const kind = kinds[k];
      item[keys[k]!] = kind === 'number' ? raw : kind === 'boolean' ? raw === 1 : dictionaries[k]![raw];
    }
    out[i] = item;
  }
  return out;
}
