import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import WebSocket, { WebSocketServer } from 'ws';
import { unitsToDecimal } from '../../core/decimal.js';
import { FrameWriter } from './frame-writer.js';
import { decodeFrames } from './frames-testkit.js';

/** Texts of every length class: empty, short, 125/126 around the 7-bit limit, 16-bit, 64-bit, non-ASCII. */
const text = fc.oneof(
  fc.string({ maxLength: 130 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 120, max: 130 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 65_530, max: 65_540 }).map((n) => 'y'.repeat(n)),
  fc.integer({ min: 100_000, max: 200_000 }).map((n) => 'z'.repeat(n)),
);

test('frames carry exactly the texts, in order, with the shortest length encoding, across slab changes', () => {
  fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), (texts, flushes) => {
    const chunks: Buffer[] = [];
    const w = new FrameWriter((b) => chunks.push(Buffer.from(b)));
    texts.forEach((t, i) => {
      w.text(t);
      if (flushes[i]) w.flush();
    });
    w.flush();
    assert.equal(w.pendingBytes, 0);
    assert.deepEqual(decodeFrames(Buffer.concat(chunks)).map((p) => p.toString('utf8')), texts);
  }), { numRuns: 300 });
});

test('int, decimal and string write what String, unitsToDecimal and JSON.stringify write', () => {
  fc.assert(fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 12 }), fc.string(), (n, scale, s) => {
    const chunks: Buffer[] = [];
    const w = new FrameWriter((b) => chunks.push(Buffer.from(b)));
    w.begin();
    w.int(n);
    w.ascii(' ');
    w.decimal(n, scale);
    w.ascii(' ');
    w.string(s);
    w.end();
    w.flush();
    assert.equal(decodeFrames(Buffer.concat(chunks))[0]!.toString('utf8'), `${String(n)} ${unitsToDecimal(n, scale)} ${JSON.stringify(s)}`);
  }), { numRuns: 3000 });
});

test('a frame that outgrows the slab is carried whole to a new one; frames already whole leave first', () => {
  const chunks: Buffer[] = [];
  const w = new FrameWriter((b) => chunks.push(Buffer.from(b)));
  w.text('first');
  w.begin();
  for (let i = 0; i < 20_000; i++) w.int(i);
  w.end();
  w.flush();
  const payloads = decodeFrames(Buffer.concat(chunks)).map((p) => p.toString('utf8'));
  assert.equal(payloads[0], 'first');
  assert.equal(payloads[1], Array.from({ length: 20_000 }, (_, i) => String(i)).join(''));
  assert.ok(chunks.length >= 2, 'the whole first frame was handed over before the slab changed');
});

test('a ws client reads the frames as messages; the frames of one turn leave in one write', async () => {
  const server = new WebSocketServer({ port: 0 });
  const client = await new Promise<WebSocket>((resolve) => server.on('listening', () => resolve(new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`))));
  try {
    const writesPerTurn: number[] = [];
    server.on('connection', (socket) => {
      const raw = (socket as unknown as { _socket: { write(b: Buffer): void } })._socket;
      const w = new FrameWriter((b) => {
        writesPerTurn[writesPerTurn.length - 1]!++;
        raw.write(Buffer.from(b));
      });
      writesPerTurn.push(0);
      for (const t of ['a', 'é'.repeat(70), 'b'.repeat(20_000), '{"x":1}']) w.text(t);
      setImmediate(() => {
        writesPerTurn.push(0);
        w.text('c'.repeat(70_000));
      });
    });
    const got: string[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on('message', (data) => {
        got.push(String(data));
        if (got.length === 5) resolve();
      });
      client.on('error', reject);
    });
    assert.deepEqual(got.map((g) => g.length), [1, 70, 20_000, 7, 70_000]);
    assert.equal(got[1], 'é'.repeat(70));
    assert.deepEqual(writesPerTurn, [1, 1], 'one write per turn');
  } finally {
    client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a frame left open (its writer failed half-way) is not sent by a flush; the whole frames before it are', () => {
  const chunks: Buffer[] = [];
  const w = new FrameWriter((b) => chunks.push(Buffer.from(b)));
  w.text('whole');
  w.begin();
  w.ascii('{"half":');
  w.flush();
  assert.deepEqual(decodeFrames(Buffer.concat(chunks)).map((p) => p.toString('utf8')), ['whole']);
});
