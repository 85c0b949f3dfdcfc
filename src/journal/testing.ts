// Helpers shared by this folder's tests: temporary directories and small payloads. Not used in production.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalWriter, type AppendRecord, type WriterOptions } from './writer.js';

export function withTempDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-journal-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  let result: T;
  try {
    result = body(dir);
  } catch (error) {
    cleanup();
    throw error;
  }
  if (result instanceof Promise) return result.finally(cleanup) as T;
  cleanup();
  return result;
}

/** A payload whose bytes depend on seq, so a misplaced or mixed-up record shows in comparisons. */
export function payloadFor(seq: number, bytes = 24): Uint8Array {
  const payload = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) payload[i] = (seq * 31 + i * 7) & 0xff;
  return payload;
}

export function recordsFor(seqFirst: number, count: number, bytes = 24): AppendRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 1,
    seq: seqFirst + i,
    tsMicros: 1_700_000_000_000_000 + (seqFirst + i) * 10,
    payload: payloadFor(seqFirst + i, bytes),
  }));
}

/** Writes seqs 1..count with payloads of payloadBytes, in batches of batchSize (each its own durable write). */
export async function writeJournal(dir: string, count: number, batchSize: number, payloadBytes: number, options: WriterOptions = {}): Promise<void> {
  const writer = JournalWriter.open(dir, options);
  for (let first = 1; first <= count; first += batchSize) writer.appendBatchSync(recordsFor(first, Math.min(batchSize, count - first + 1), payloadBytes));
  await writer.close();
}
