import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalogue } from '../products/catalogue.js';
import { groupCatalogue, isToken, parseGroup } from './subjects.js';

const catalogue = defaultCatalogue();

test('a group is named by its products in catalogue order, whatever order they were given in', () => {
  const a = parseGroup(catalogue, 'TKC,TKF');
  const b = parseGroup(catalogue, 'TKF, TKC');
  assert.ok(a.ok && b.ok);
  assert.equal(a.group.name, 'TKF_TKC');
  assert.deepEqual(a.group, b.group);
});

test('no group means every product', () => {
  const all = parseGroup(catalogue, '');
  assert.ok(all.ok);
  assert.deepEqual(all.group.productCodes, catalogue.products.map((p) => p.code));
});

test('unknown and repeated product codes are refused with the reason', () => {
  const unknown = parseGroup(catalogue, 'TKF,XYZ');
  assert.ok(!unknown.ok);
  assert.match(unknown.message, /"XYZ" is not a product code/);
  const twice = parseGroup(catalogue, 'TKF,TKF');
  assert.ok(!twice.ok);
  assert.match(twice.message, /appears twice/);
});

test('a group engine sees only its products', () => {
  const group = parseGroup(catalogue, 'GPH');
  assert.ok(group.ok);
  const own = groupCatalogue(catalogue, group.group);
  assert.deepEqual(own.products.map((p) => p.code), ['GPH']);
  assert.equal(own.byCode.has('TKF'), false);
});

test('subject tokens: no dots, wildcards, spaces or empty', () => {
  assert.equal(isToken('gw-1_a', 32), true);
  for (const bad of ['', 'a.b', 'a*', '>', 'a b', 'x'.repeat(33)]) assert.equal(isToken(bad, 32), false, bad);
});
