import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStoreFactory } from './file-store.js';
import { MemoryStoreFactory, type FixStoreFactory } from './store.js';

const frame = (n: number): Buffer => Buffer.from(`8=FIX.4.4\x019=5\x0135=8\x01#${n}\x0110=000\x01`, 'latin1');

function exercise(factory: FixStoreFactory): void {
  const store = factory.open('CLIENT1');
  assert.equal(store.nextSenderSeq(), 1);
  assert.equal(store.nextTargetSeq(), 1);
  for (let seq = 1; seq <= 5; seq++) store.saveSent(seq, frame(seq));
  store.setNextTargetSeq(9);
  assert.deepEqual(store.sent(2, 4).map((m) => m.seq), [2, 3, 4]);
  assert.deepEqual(store.sent(4, 100).map((m) => m.frame), [frame(4), frame(5)]);
  assert.throws(() => store.saveSent(9, frame(9)), /next sender seq is 6/);
  store.close();
}

test('memory store: sequences and sent messages survive reopening in the same process', () => {
  const factory = new MemoryStoreFactory();
  exercise(factory);
  const again = factory.open('CLIENT1');
  assert.equal(again.nextSenderSeq(), 6);
  assert.equal(again.nextTargetSeq(), 9);
  assert.equal(factory.open('OTHER').nextSenderSeq(), 1);
  again.reset();
  assert.equal(again.nextSenderSeq(), 1);
  assert.deepEqual(again.sent(1, 10), []);
});

test('file store: sequences and sent messages survive a restart; reset truncates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-fix-store-'));
  try {
    exercise(new FileStoreFactory(dir));
    const reopened = new FileStoreFactory(dir).open('CLIENT1');
    assert.equal(reopened.nextSenderSeq(), 6);
    assert.equal(reopened.nextTargetSeq(), 9);
    assert.deepEqual(reopened.sent(1, 5).map((m) => m.frame), [1, 2, 3, 4, 5].map(frame));
    reopened.reset();
    reopened.saveSent(1, frame(42));
    reopened.close();
    const afterReset = new FileStoreFactory(dir).open('CLIENT1');
    assert.equal(afterReset.nextSenderSeq(), 2);
    assert.equal(afterReset.nextTargetSeq(), 1);
    assert.deepEqual(afterReset.sent(1, 5).map((m) => m.frame), [frame(42)]);
    afterReset.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file store: a torn last record is dropped; a logged message is never given a second seq', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-fix-store-'));
  try {
    const store = new FileStoreFactory(dir).open('C2');
    store.saveSent(1, frame(1));
    store.close();
    const log = join(dir, 'C2', 'messages.log');
    // A crash after appending seq 2 but before the seqnums write, then a torn seq 3.
    appendFileSync(log, Buffer.concat([Buffer.from(`2 ${frame(2).length}\n`), frame(2), Buffer.from('\n3 40\n8=FIX')]));
    const reopened = new FileStoreFactory(dir).open('C2');
    assert.equal(reopened.nextSenderSeq(), 3);
    assert.deepEqual(reopened.sent(1, 3).map((m) => m.seq), [1, 2]);
    reopened.saveSent(3, frame(3));
    reopened.close();
    assert.ok(readFileSync(log, 'latin1').endsWith(`3 ${frame(3).length}\n${frame(3).toString('latin1')}\n`));
    assert.throws(() => new FileStoreFactory(dir).open('../evil'), /not safe/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file store: past its size limit the log is rewritten with the kept frames, and reopens the same', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-fix-store-'));
  try {
    const factory = new FileStoreFactory(dir, { logBytesMax: 300 });
    const store = factory.open('C3');
    for (let seq = 1; seq <= 12; seq++) store.saveSent(seq, frame(seq));
    const log = readFileSync(join(dir, 'C3', 'messages.log'), 'latin1');
    // Every frame is still there (memory keeps them all), in order, and only once: the rewrite dropped nothing.
    assert.equal(log.split('\n8=FIX').length - 1, 12);
    store.close();
    const reopened = factory.open('C3');
    assert.equal(reopened.nextSenderSeq(), 13);
    assert.deepEqual(reopened.sent(1, 12).map((m) => m.frame), Array.from({ length: 12 }, (_, i) => frame(i + 1)));
    reopened.saveSent(13, frame(13));
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
