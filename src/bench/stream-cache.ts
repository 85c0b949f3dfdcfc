// Finds the benchmark stream: reuses a cached TKXSTRM1 file under os.tmpdir() when it is intact, otherwise
// generates it with the project's generator and caches it (written under a temporary name, then renamed, so
// two benchmarks started together never read half a file).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStream, type StreamColumns } from './stream-format.js';
import { generateStream, sidecarText, type StreamSidecar } from './stream-generator.js';

/** The md5 ../shared/bench/README.md publishes for seed 42, 1,000,000 commands. */
export const publishedMd5 = { seed: 42, count: 1_000_000, md5: '065e8d8034c1bb0e627226543eb2246b' } as const;

export interface LoadedStream {
  columns: StreamColumns;
  sidecar: StreamSidecar;
  path: string;
  md5: string;
  /** true when the published md5 applies to this seed and count and matched. */
  md5Published: boolean;
  source: 'cache' | 'generated';
}

export function streamCachePath(count: number, seed: number): string {
  return join(tmpdir(), 'tokex-bench', `tkxstrm1-seed${seed}-count${count}.bin`);
}

export function loadStream(count: number, seed: number): LoadedStream {
  const path = streamCachePath(count, seed);
  if (existsSync(path) && existsSync(path + '.json')) {
    try {
      return checked(readFileSync(path), JSON.parse(readFileSync(path + '.json', 'utf8')) as StreamSidecar, count, seed, path, 'cache');
    } catch {
      // A damaged or foreign cache file is regenerated below, never trusted.
    }
  }
  const { bytes, sidecar } = generateStream(count, seed);
  mkdirSync(join(tmpdir(), 'tokex-bench'), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial + '.json', sidecarText(sidecar));
  writeFileSync(partial, bytes);
  renameSync(partial + '.json', path + '.json');
  renameSync(partial, path);
  return checked(bytes, sidecar, count, seed, path, 'generated');
}

function checked(bytes: Uint8Array, sidecar: StreamSidecar, count: number, seed: number, path: string, source: LoadedStream['source']): LoadedStream {
  const columns = readStream(bytes);
  const md5 = createHash('md5').update(bytes).digest('hex');
  const published = seed === publishedMd5.seed && count === publishedMd5.count;
  if (columns.header.count !== count || columns.header.seed !== seed >>> 0) {
    throw new Error(`${path}: header says seed ${columns.header.seed}, count ${columns.header.count}; wanted seed ${seed}, count ${count}`);
  }
  if (sidecar.count !== count || sidecar.seed !== seed >>> 0 || sidecar.expected === undefined) {
    throw new Error(`${path}.json does not describe seed ${seed}, count ${count}`);
  }
  if (published && md5 !== publishedMd5.md5) throw new Error(`${path}: md5 ${md5} is not the published ${publishedMd5.md5}`);
  return { columns, sidecar, path, md5, md5Published: published, source };
}
