import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeGpuFixing, type GpuQuote } from './gpu-index.js';
import { decimalToNano } from './price.js';

const n = (text: string): bigint => decimalToNano(text)!;
const q = (contributor: string, price: string, qtyGpuHours: number): GpuQuote =>
  ({ contributor, gpu: 'H100', term: 'on-demand', priceNanoPerGpuHour: n(price), qtyGpuHours, quotedOn: '2026-11-02', source: 'test' });

const five = [q('c1', '1.80', 100), q('c2', '2.00', 300), q('c3', '2.20', 200), q('c4', '2.40', 300), q('c5', '3.50', 100)];

test('trimmed, quantity-weighted mean of five contributors', () => {
  const outcome = computeGpuFixing({ index: 'TGH-H100-USD', date: '2026-11-02', gpu: 'H100', quotes: five, previous: undefined });
  assert.ok(outcome.ok);
  // total 1000 GPU-hours; 10% = 100 trimmed at each end: c1 (100 @ 1.80) and c5 (100 @ 3.50) go entirely
  assert.equal(outcome.result.trimEachEndTenths, 1000n);
  // kept: 300 @ 2.00 + 200 @ 2.20 + 300 @ 2.40 = 600 + 440 + 720 = 1760 over 800 GPU-hours = 2.20
  assert.equal(outcome.result.levelNano, n('2.2'));
  assert.equal(outcome.result.method, 'trimmed-mean');
});

test('the trim cuts through a quote when the 10% boundary falls inside it', () => {
  const quotes = [q('c1', '1.80', 50), q('c2', '2.00', 300), q('c3', '2.20', 200), q('c4', '2.40', 300), q('c5', '3.50', 150)];
  const outcome = computeGpuFixing({ index: 'TGH-H100-USD', date: '2026-11-02', gpu: 'H100', quotes, previous: undefined });
  assert.ok(outcome.ok);
  // total 1000, trim 100 each end: bottom takes c1's 50 and 50 of c2 (250 left); top takes 100 of c5 (50 left)
  assert.deepEqual(outcome.result.lines.map((l) => l.keptTenths), [0n, 2500n, 2000n, 3000n, 500n]);
  // (250 × 2.00 + 200 × 2.20 + 300 × 2.40 + 50 × 3.50) / 800 = (500 + 440 + 720 + 175) / 800 = 2.29375
  assert.equal(outcome.result.levelNano, n('2.29375'));
});

test('too few contributors: the previous fixing moved by the change of the quotes present, flagged', () => {
  const previous = { date: '2026-11-02', version: 1, levelNano: n('2.2'), quotes: five };
  const today = [q('c2', '2.10', 999), q('c3', '2.20', 1), q('c4', '2.52', 300)];
  const outcome = computeGpuFixing({ index: 'TGH-H100-USD', date: '2026-11-03', gpu: 'H100', quotes: today, previous });
  assert.ok(outcome.ok);
  assert.equal(outcome.result.method, 'fallback');
  // 3 contributors < 5. Matched c2, c3, c4, weighted by their PREVIOUS quantities 300, 200, 300:
  // today    300 × 2.10 + 200 × 2.20 + 300 × 2.52 = 630 + 440 + 756 = 1826
  // previous 300 × 2.00 + 200 × 2.20 + 300 × 2.40 = 600 + 440 + 720 = 1760
  // level = 2.2 × 1826 / 1760 = 2.2 × 1.0375 = 2.2825
  assert.equal(outcome.result.levelNano, n('2.2825'));
  assert.match(outcome.result.flags[0]!, /fallback: 3 contributors/);
});

test('too few contributors and no previous fixing: no fixing, with the reason', () => {
  const outcome = computeGpuFixing({ index: 'TGH-H100-USD', date: '2026-11-02', gpu: 'H100', quotes: five.slice(0, 4), previous: undefined });
  assert.equal(outcome.ok, false);
  if (!outcome.ok) assert.match(outcome.message, /4 contributors \(at least 5 needed\)/);
});
