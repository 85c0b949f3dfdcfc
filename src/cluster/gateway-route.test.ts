import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalogue } from '../products/catalogue.js';
import { routeCommand } from './gateway-client.js';
import { parseGroup, type ProductGroup } from './subjects.js';

const group = (codes: string): ProductGroup => {
  const parsed = parseGroup(defaultCatalogue(), codes);
  assert.ok(parsed.ok);
  return parsed.group;
};
const tokens = group('TKF,TKE');
const rest = group('TKC,GPH');
const cancel = { type: 'cancel', accountId: 1, orderId: 7 } as const;
const phase = { type: 'setPhase', symbol: 'GPHM26', phase: 2 } as const;

test('a command naming a symbol goes to the group trading its product', () => {
  assert.equal(routeCommand([tokens, rest], phase), rest);
  assert.equal(routeCommand([tokens, rest], { type: 'massCancel', accountId: 1, symbol: 'TKE-2026-06' }), tokens);
});

test('one without a symbol needs the group named, unless there is only one', () => {
  assert.equal(routeCommand([tokens], cancel), tokens);
  assert.match(routeCommand([tokens, rest], cancel) as string, /^group: a cancel names no symbol; say which group \(TKF_TKE, TKC_GPH\)/);
  assert.equal(routeCommand([tokens, rest], cancel, 'TKC_GPH'), rest);
  assert.match(routeCommand([tokens, rest], cancel, 'TKF') as string, /^group: TKF is not one of/);
});

test('a symbol and a group that disagree, a product no engine trades, and a bad symbol are refused', () => {
  assert.match(routeCommand([tokens, rest], phase, 'TKF_TKE') as string, /GPHM26 is traded by group TKC_GPH, not TKF_TKE/);
  assert.match(routeCommand([tokens], phase) as string, /no engine group trades product GPH/);
  assert.match(routeCommand([tokens], { ...phase, symbol: 'nonsense' }) as string, /^symbol: /);
});
