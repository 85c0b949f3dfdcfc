import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reason } from '../core/reasons.js';
import { ContributionBook, type TokenSubmission } from './contributions.js';
import type { TokenObservation } from './observation.js';

const reference: TokenObservation = {
  provider: 'openai', modelId: 'gpt-5.5', currency: 'USD', inputNanoPerMtok: 5_000_000_000n, outputNanoPerMtok: 30_000_000_000n,
  cachedInputNanoPerMtok: undefined, observedAt: '2026-11-19', sourceKind: 'reference', source: 'genai', deprecated: false, note: undefined,
};
const good: TokenSubmission = {
  submissionId: 's1', contributorId: 'acme', provider: 'openai', modelId: 'gpt-5.5', currency: 'USD',
  inputPerMtok: '5.5', outputPerMtok: '30', observedAt: '2026-11-20',
};

function book(): ContributionBook {
  return new ContributionBook([{ id: 'acme', name: 'Acme Compute' }], ['openai/gpt-5.5'], [reference]);
}

function snapshot(b: ContributionBook) {
  return { count: b.observations.length, last: b.lastObservation('openai', 'gpt-5.5') };
}

test('a valid submission is kept with its contributor as the source', () => {
  const b = book();
  const outcome = b.submit(good);
  assert.ok(outcome.ok);
  assert.equal(outcome.observation.source, 'contributor:acme');
  assert.equal(outcome.observation.inputNanoPerMtok, 5_500_000_000n);
  assert.equal(b.observations.length, 1);
});

const bad: [string, Partial<TokenSubmission>, number, string, RegExp][] = [
  ['unknown contributor', { contributorId: 'mallory' }, Reason.unknownContributor, 'contributorId', /not a registered contributor/],
  ['unknown model', { modelId: 'gpt-9' }, Reason.unknownModel, 'modelId', /openai\/gpt-9 is not a model/],
  ['zero price', { inputPerMtok: '0' }, Reason.priceNotPositive, 'inputPerMtok', /must be positive/],
  ['negative price', { outputPerMtok: '-1' }, Reason.priceNotPositive, 'outputPerMtok', /must be positive/],
  ['not a decimal', { inputPerMtok: '5,5' }, Reason.wrongType, 'inputPerMtok', /decimal string/],
  // 30 → 50 is +66.7% > 50%
  ['implausible change', { outputPerMtok: '50' }, Reason.implausiblePriceChange, 'outputPerMtok', /more than 50%.*confirmed: true/],
];

for (const [name, change, code, field, message] of bad) {
  test(`refused, and nothing changes: ${name}`, () => {
    const b = book();
    const before = snapshot(b);
    const outcome = b.submit({ ...good, ...change });
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.equal(outcome.code, code);
    assert.equal(outcome.field, field);
    assert.match(outcome.message, message);
    assert.deepEqual(snapshot(b), before);
  });
}

test('a duplicate is refused, by id or by content; a confirmed big change is accepted', () => {
  const b = book();
  assert.ok(b.submit(good).ok);
  const before = snapshot(b);
  const again = b.submit(good);
  assert.equal(again.ok, false);
  if (!again.ok) assert.equal(again.code, Reason.duplicateSubmission);
  const sameContent = b.submit({ ...good, submissionId: 's2' });
  assert.equal(sameContent.ok, false);
  assert.deepEqual(snapshot(b), before);
  const confirmed = b.submit({ ...good, submissionId: 's3', observedAt: '2026-11-21', outputPerMtok: '60', confirmed: true });
  assert.ok(confirmed.ok);
});
