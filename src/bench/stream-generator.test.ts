import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readStream } from './stream-format.js';
import { generateStream, sidecarText } from './stream-generator.js';

const referencePath = fileURLToPath(new URL('../../../shared/bench/gen-stream.mjs', import.meta.url));
const haveReference = existsSync(referencePath);
const skipWhy = haveReference ? false : `the reference generator ${referencePath} is absent (it ships in ../shared/bench)`;
const dir = mkdtempSync(join(tmpdir(), 'tokex-gen-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs ../shared/bench/gen-stream.mjs in a temp dir and returns its stream and sidecar bytes. */
function reference(count: number, seed: number): { bytes: Buffer; sidecar: string } {
  const out = join(dir, `ref-${seed}-${count}.bin`);
  const run = spawnSync(process.execPath, [referencePath, '--count', String(count), '--seed', String(seed), '--out', out], { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return { bytes: readFileSync(out), sidecar: readFileSync(out + '.json', 'utf8') };
}

function assertSameAsReference(count: number, seed: number): void {
  const ref = reference(count, seed);
  const own = generateStream(count, seed);
  assert.equal(own.bytes.length, ref.bytes.length);
  assert.ok(Buffer.from(own.bytes).equals(ref.bytes), `stream bytes differ for seed ${seed}, count ${count}`);
  assert.equal(sidecarText(own.sidecar), ref.sidecar);
  assert.deepEqual(own.sidecar, JSON.parse(ref.sidecar));
}

test('seed 42, 20,000 commands: same bytes and sidecar as the reference generator', { skip: skipWhy }, () => {
  assertSameAsReference(20_000, 42);
});

test('other seeds and sizes (including 0 and 1) match too', { skip: skipWhy }, () => {
  assertSameAsReference(0, 42);
  assertSameAsReference(1, 1);
  assertSameAsReference(3_000, 0xffff_ffff);
  assertSameAsReference(5_000, 7);
});

test('seed 42, 1,000,000 commands (CI only): the published md5 and the reference bytes', { skip: process.env.CI ? skipWhy : 'set CI=true to run the full-size check' }, () => {
  const own = generateStream(1_000_000, 42);
  assert.equal(createHash('md5').update(own.bytes).digest('hex'), '065e8d8034c1bb0e627226543eb2246b');
  assertSameAsReference(1_000_000, 42);
});

test('the stream is readable and its sidecar agrees with the records', () => {
  const { bytes, sidecar } = generateStream(20_000, 42);
  const s = readStream(bytes);
  assert.equal(s.header.count, 20_000);
  assert.equal(s.header.seed, 42);
  let adds = 0, cancels = 0, iocs = 0;
  for (let i = 0; i < s.header.count; i++) {
    if (s.kind[i] === 1) adds++;
    else if (s.kind[i] === 2) cancels++;
    else iocs++;
  }
  assert.deepEqual({ adds, cancels, iocs }, { adds: sidecar.mix.adds, cancels: sidecar.mix.cancels, iocs: sidecar.mix.iocs });
  assert.equal(sidecar.expected.cancelsOfLiveOrders, cancels);
  assert.ok(sidecar.expected.fills > 0 && sidecar.expected.restingOrders > 0);
  assert.ok(sidecar.expected.bestBid < sidecar.expected.bestAsk, 'the final book is not crossed');
});

test('different seeds give different streams; the same seed the same one', () => {
  const a = generateStream(2_000, 1).bytes;
  assert.ok(Buffer.from(a).equals(Buffer.from(generateStream(2_000, 1).bytes)));
  assert.ok(!Buffer.from(a).equals(Buffer.from(generateStream(2_000, 2).bytes)));
});
