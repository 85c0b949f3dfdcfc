import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForUpdate } from '@pydantic/genai-prices';
import { constituentList, matchObservations, reviewOn, tiers, validateConstituentList, type ConstituentList } from './constituents.js';
import { importGenaiPrices, type GenaiProvider } from './genai-import.js';
import type { TokenObservation } from './observation.js';

test('every member of every list in force on 2026-11-20 is priced by the bundled data, at least once', async () => {
  const data = (await waitForUpdate()) as unknown as GenaiProvider[];
  const { observations } = importGenaiPrices(data, '2026-11-20', 'genai');
  for (const tier of tiers) {
    const list = constituentList(tier);
    const review = reviewOn(list, '2026-11-20')!;
    const matched = matchObservations(list, review.members, observations);
    for (const member of review.members) {
      assert.ok(matched.some((m) => m.family === member.family), `${tier}: ${member.family} has no observation`);
    }
  }
});

test('reviews: the one in force is the last effective on or before the date', () => {
  const list = constituentList('FRONTIER');
  assert.equal(reviewOn(list, '2026-06-30'), undefined);
  assert.equal(reviewOn(list, '2026-09-30')!.effective, '2026-07-01');
  assert.equal(reviewOn(list, '2026-10-01')!.effective, '2026-10-01');
});

test('a contributed price outranks the reference price for the same provider model', () => {
  const list = constituentList('FRONTIER');
  const base: TokenObservation = {
    provider: 'x-ai', modelId: 'grok-4.6', currency: 'USD', inputNanoPerMtok: 2n, outputNanoPerMtok: 6n, cachedInputNanoPerMtok: undefined,
    observedAt: '2026-11-20', sourceKind: 'reference', source: 'genai', deprecated: false, note: undefined,
  };
  const contributed = { ...base, inputNanoPerMtok: 3n, sourceKind: 'contributor' as const, source: 'contributor:acme' };
  const matched = matchObservations(list, [{ family: 'grok-4.6', weight: 1 }], [base, contributed]);
  assert.deepEqual(matched.map((m) => m.observation.source), ['contributor:acme']);
  const deprecated = matchObservations(list, [{ family: 'grok-4.6', weight: 1 }], [{ ...base, deprecated: true }]);
  assert.equal(deprecated.length, 0);
});

test('bad lists are refused at load with the field named', () => {
  const good = constituentList('EFFICIENT');
  const bad = (change: Partial<ConstituentList>): ConstituentList => ({ ...good, ...change });
  assert.throws(() => validateConstituentList(bad({ reviews: [{ effective: '2026-07-01', reason: 'x', members: [{ family: 'nope', weight: 1 }] }] })), /unknown family "nope"/);
  assert.throws(() => validateConstituentList(bad({ reviews: [{ effective: '2026-07-01', reason: 'x', members: [{ family: 'llama-3.1-8b', weight: 0 }] }] })), /weight of llama-3.1-8b/);
  assert.throws(() => validateConstituentList(bad({ reviews: [...good.reviews, ...good.reviews] })), /increasing/);
});
