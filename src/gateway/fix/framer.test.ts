import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeMessage } from './codec.js';
import { FixFramer } from './framer.js';
import { messageBytesMax } from './limits.js';

const sample = (seq: number, text: string): Buffer => encodeMessage('D', [[34, String(seq)], [58, text]]);

test('any split of a stream of messages yields exactly those messages, in order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.stringMatching(/^[a-z ]{1,60}$/), { minLength: 1, maxLength: 8 }),
      fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 40 }),
      (texts, cuts) => {
        const frames = texts.map((t, i) => sample(i + 1, t));
        const stream = Buffer.concat(frames);
        const framer = new FixFramer();
        const got: Buffer[] = [];
        let at = 0;
        for (let i = 0; at < stream.length; i++) {
          const size = cuts[i % cuts.length]!;
          for (const out of framer.push(stream.subarray(at, at + size))) {
            assert.equal(out.kind, 'frame');
            if (out.kind === 'frame') got.push(out.frame);
          }
          at += size;
        }
        assert.deepEqual(got, frames);
        assert.equal(framer.bufferedBytes, 0);
      },
    ),
  );
});

test('several messages in one chunk, then a partial one kept for later', () => {
  const a = sample(1, 'one');
  const b = sample(2, 'two');
  const c = sample(3, 'three');
  const framer = new FixFramer();
  const out = framer.push(Buffer.concat([a, b, c.subarray(0, 10)]));
  assert.deepEqual(out.map((o) => o.kind), ['frame', 'frame']);
  assert.equal(framer.bufferedBytes, 10);
  assert.deepEqual(framer.push(c.subarray(10)), [{ kind: 'frame', frame: c }]);
});

test('garbage is fatal with a reason: bad prefix, bad BodyLength, misplaced CheckSum, oversize', () => {
  const cases: [Buffer, RegExp][] = [
    [Buffer.from('GET / HTTP/1.1\r\n'), /does not start with 8=FIX.4.4/],
    [Buffer.from('8=FIX.4.2\x019=5\x01'), /does not start with 8=FIX.4.4/],
    [Buffer.from('8=FIX.4.4\x019=1x\x01'), /BodyLength \(9\) is not a number/],
    [Buffer.from('8=FIX.4.4\x019=\x01'), /BodyLength \(9\) is empty/],
    [Buffer.from(`8=FIX.4.4\x019=${messageBytesMax}\x01`), /over the limit/],
    [Buffer.from(sample(1, 'x').toString('latin1').replace(/^(8=FIX.4.4\x019=)(\d+)/, (_, p, n) => p + (Number(n) - 2))), /no CheckSum/],
  ];
  for (const [bytes, why] of cases) {
    const out = new FixFramer().push(bytes);
    const last = out[out.length - 1];
    assert.equal(last?.kind, 'fatal', why.source);
    assert.match(last?.kind === 'fatal' ? last.text : '', why);
  }
});

test('garbage after a good message: the good one is delivered, then fatal', () => {
  const out = new FixFramer().push(Buffer.concat([sample(1, 'ok'), Buffer.from('junk')]));
  assert.deepEqual(out.map((o) => o.kind), ['frame', 'fatal']);
});
