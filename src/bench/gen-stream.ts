// CLI twin of ../shared/bench/gen-stream.mjs, same arguments and same files (stream, `<out>.json` sidecar,
// optional CSV), written by the project's own generator.
//
// Usage: node --import tsx src/bench/gen-stream.ts [--count 1000000] [--seed 42] [--out stream.bin] [--csv stream.csv]

import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readStream } from './stream-format.js';
import { generateStream, sidecarText, type GeneratedStream } from './stream-generator.js';

/** Writes the stream and its sidecar (and a CSV twin when csvPath is given); returns what was generated. */
export function writeStreamFiles(count: number, seed: number, outPath: string, csvPath?: string): GeneratedStream {
  const generated = generateStream(count, seed);
  writeFileSync(outPath, generated.bytes);
  if (csvPath !== undefined) writeFileSync(csvPath, csvText(generated.bytes));
  writeFileSync(outPath + '.json', sidecarText(generated.sidecar));
  return generated;
}

/** Header line "kind,side,id,price,qty", kind in A|C|I, side in B|S, as the reference writes it. */
export function csvText(bytes: Uint8Array): string {
  const s = readStream(bytes);
  const lines = ['kind,side,id,price,qty'];
  for (let i = 0; i < s.header.count; i++) {
    lines.push(`${'ACI'[s.kind[i]! - 1]},${s.side[i] === 0 ? 'B' : 'S'},${s.orderId[i]},${s.priceTicks[i]},${s.qtyLots[i]}`);
  }
  return lines.join('\n') + '\n';
}

function main(): void {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string', default: 'stream.bin' },
      csv: { type: 'string' },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  if (!Number.isInteger(count) || count < 0) throw new Error(`--count must be a non-negative integer, got '${values.count}'`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${values.seed}'`);
  const { bytes, sidecar } = writeStreamFiles(count, seed, values.out, values.csv);
  console.log(JSON.stringify({ out: values.out, bytes: bytes.length, ...sidecar.mix, ...sidecar.expected }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
