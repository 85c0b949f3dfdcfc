// Snapshots of the whole state at a seq, one file each: snapshot-<seq, 20 digits>.tks in the snapshot dir.
//
// Layout (little-endian):
//   0  magic "TKXS"            4  version u16 (1)       6  flags u16 (0)
//   8  seq u64                 16 skeleton bytes u64    24 blob bytes u64
//   32 body CRC-32 u32 (over everything after the header)          36 header CRC-32 u32 (over bytes 0..35)
//   40 skeleton (UTF-8 JSON), zero padding to a multiple of 8, then the blob section (snapshot-body.ts).
// Written atomically: a temporary file is written and fsynced, renamed into place, and the directory fsynced,
// so a crash leaves either the old set of snapshots or the new one. Loading takes the newest file that
// validates and reports the others it had to skip; an older valid snapshot plus a longer journal replay is
// always a correct start.

import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { assert } from '../core/assert.js';
import { getU16, getU32, peekU64, putU16, putU32, putU64 } from './bytes.js';
import { crc32 } from './crc.js';
import { snapshotBytesMax, snapshotHeaderBytes } from './limits.js';
import { decodeBody, encodeBody, padding } from './snapshot-body.js';
import { ensureDir, fsyncDir } from './segment-file.js';

/** "TKXS" */
const snapshotMagic = [0x54, 0x4b, 0x58, 0x53] as const;
const snapshotFormatVersion = 1;

export interface SnapshotFile {
  readonly seq: number;
  readonly file: string;
}

export interface SnapshotWritten extends SnapshotFile {
  readonly bytes: number;
}

export interface SkippedSnapshot {
  readonly file: string;
  readonly reason: string;
}

export interface LoadedSnapshot extends SnapshotFile {
  readonly state: unknown;
}

export interface NewestSnapshot {
  /** null when no snapshot validates (start from an empty state and replay the whole journal). */
  readonly newest: LoadedSnapshot | null;
  /** Newer files that failed validation, newest first. */
  readonly skipped: readonly SkippedSnapshot[];
}

export function snapshotFileName(seq: number): string {
  assert(Number.isSafeInteger(seq) && seq >= 0, `snapshot seq must be a non-negative safe integer, got ${seq}`);
  return `snapshot-${String(seq).padStart(20, '0')}.tks`;
}

/** Snapshot files in dir, newest (highest seq) first; a missing dir holds none. */
export function listSnapshots(dir: string): SnapshotFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const snapshots: SnapshotFile[] = [];
  for (const name of names) {
    const match = /^snapshot-(\d{20})\.tks$/.exec(name);
    if (match) snapshots.push({ seq: Number(match[1]), file: join(dir, name) });
  }
  return snapshots.sort((a, b) => b.seq - a.seq);
}

/**
 * Writes state as the snapshot at seq (replacing one at the same seq); resolves once it is durable. The state
 * is encoded (copied) synchronously before the first await, so the caller may go on changing it meanwhile.
 */
export async function writeSnapshot(dir: string, seq: number, state: unknown): Promise<SnapshotWritten> {
  ensureDir(dir);
  const body = encodeBody(state);
  const skeletonPad = new Uint8Array(padding(body.skeleton.length));
  const chunks = [body.skeleton, skeletonPad, ...body.blobs];
  const bodyBytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  assert(snapshotHeaderBytes + bodyBytes <= snapshotBytesMax, `snapshot of ${bodyBytes} bytes exceeds snapshotBytesMax`);
  let bodyCrc = 0;
  for (const chunk of chunks) bodyCrc = crc32(chunk, bodyCrc);
  const header = new Uint8Array(snapshotHeaderBytes);
  header.set(snapshotMagic, 0);
  putU16(header, 4, snapshotFormatVersion);
  putU16(header, 6, 0);
  putU64(header, 8, seq);
  putU64(header, 16, body.skeleton.length);
  putU64(header, 24, body.blobBytes);
  putU32(header, 32, bodyCrc);
  putU32(header, 36, crc32(header.subarray(0, 36)));
  const file = join(dir, snapshotFileName(seq));
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    let position = 0;
    for (const chunk of [header, ...chunks]) {
      let written = 0;
      while (written < chunk.length) {
        written += (await handle.write(chunk, written, chunk.length - written, position + written)).bytesWritten;
      }
      position += chunk.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  fsyncDir(dir);
  return { seq, file, bytes: snapshotHeaderBytes + bodyBytes };
}

/** The newest snapshot that validates, and the newer ones that did not. */
export function loadNewestSnapshot(dir: string): NewestSnapshot {
  const skipped: SkippedSnapshot[] = [];
  for (const snapshot of listSnapshots(dir)) {
    const loaded = loadSnapshot(snapshot);
    if (typeof loaded === 'string') skipped.push({ file: snapshot.file, reason: loaded });
    else return { newest: loaded, skipped };
  }
  return { newest: null, skipped };
}

/** The snapshot's state, or why the file is not a valid snapshot. */
export function loadSnapshot(snapshot: SnapshotFile): LoadedSnapshot | string {
  const bytes = readFileSync(snapshot.file);
  const fault = checkSnapshotBytes(bytes, snapshot.seq);
  if (fault !== null) return fault;
  const skeletonBytes = peekU64(bytes, 16);
  const blobStart = snapshotHeaderBytes + skeletonBytes + padding(skeletonBytes);
  try {
    const state = decodeBody(bytes.subarray(snapshotHeaderBytes, snapshotHeaderBytes + skeletonBytes), bytes.subarray(blobStart));
    return { seq: snapshot.seq, file: snapshot.file, state };
  } catch (error) {
    // The checksum passed, so this is a writer bug; an older snapshot may still be good.
    return `body does not decode: ${(error as Error).message}`;
  }
}

/** Why bytes are not a valid snapshot at seq, or null. Checks the header and the body checksum. */
export function checkSnapshotBytes(bytes: Uint8Array, seq: number): string | null {
  if (bytes.length < snapshotHeaderBytes) return `file is ${bytes.length} bytes, shorter than its header`;
  if (snapshotMagic.some((byte, i) => bytes[i] !== byte)) return 'bad magic (not a tokex snapshot)';
  if (getU32(bytes, 36) !== crc32(bytes.subarray(0, 36))) return 'header checksum mismatch';
  if (getU16(bytes, 4) !== snapshotFormatVersion) return `unsupported snapshot version ${getU16(bytes, 4)}`;
  if (peekU64(bytes, 8) !== seq) return `header seq ${peekU64(bytes, 8)} disagrees with the file name (${seq})`;
  const skeletonBytes = peekU64(bytes, 16);
  const expectedBytes = snapshotHeaderBytes + skeletonBytes + padding(skeletonBytes) + peekU64(bytes, 24);
  if (bytes.length !== expectedBytes) return `file is ${bytes.length} bytes, header says ${expectedBytes}`;
  if (getU32(bytes, 32) !== crc32(bytes.subarray(snapshotHeaderBytes))) return 'body checksum mismatch';
  return null;
}

/** Removes all but the newest keep snapshots, and leftovers of interrupted writes. Returns removed files. */
export function pruneSnapshots(dir: string, keep: number): string[] {
  assert(Number.isInteger(keep) && keep >= 1, 'keep at least one snapshot');
  const removed = listSnapshots(dir).slice(keep).map((snapshot) => snapshot.file);
  for (const name of readdirSync(dir)) if (/^snapshot-\d{20}\.tks\.tmp$/.test(name)) removed.push(join(dir, name));
  for (const file of removed) rmSync(file, { force: true });
  if (removed.length > 0) fsyncDir(dir);
  return removed;
}
