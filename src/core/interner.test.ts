import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvariantError } from './assert.js';
import { Interner } from './interner.js';

test('an interner gives dense ids in first-seen order, finds without adding, and refuses a text past its bound', () => {
  const symbols = new Interner(3, 'symbols in the test');
  assert.deepEqual(['TKFH27', 'GPHZ26', 'TKFH27', 'TKCF27'].map((s) => symbols.id(s)), [0, 1, 0, 2]);
  assert.deepEqual([symbols.text(0), symbols.text(1), symbols.text(2)], ['TKFH27', 'GPHZ26', 'TKCF27']);
  assert.equal(symbols.find('GPHZ26'), 1);
  assert.equal(symbols.find('TKEF27'), -1);
  assert.equal(symbols.find('TKEF27'), -1, 'find added nothing');
  assert.equal(symbols.id('GPHZ26'), 1, 'a known text past the bound still answers');
  assert.throws(() => symbols.id('TKEF27'), (error) => error instanceof InvariantError && /more than 3 symbols in the test/.test(error.message));
});
