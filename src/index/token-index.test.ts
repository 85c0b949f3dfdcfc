// Hand-computed fixings. Prices are chosen so each blend is easy: input = output = x gives (3x + x) / 4 = x.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatchedObservation } from './constituents.js';
import { decimalToNano } from './price.js';
import { computeTokenFixing, type PreviousLink, type TokenFixingInputs, type TokenFixingResult } from './token-index.js';

const n = (text: string): bigint => decimalToNano(text)!;

function obs(family: string, provider: string, input: string, output: string = input, currency: 'USD' | 'CNY' = 'USD'): MatchedObservation {
  return { family, observation: {
    provider, modelId: `${provider}-${family}`, currency, inputNanoPerMtok: n(input), outputNanoPerMtok: n(output),
    cachedInputNanoPerMtok: undefined, observedAt: '2026-11-02', sourceKind: 'reference', source: 'test', deprecated: false, note: undefined,
  } };
}

function inputs(date: string, members: string[], observations: MatchedObservation[], previous?: PreviousLink): TokenFixingInputs {
  return {
    index: 'TTI-TEST-USD', date, currency: 'USD', review: { effective: '2026-11-01', reason: 'test' },
    members: members.map((family) => ({ family, weight: 1 })), observations, fx: undefined, previous,
  };
}

function link(date: string, result: TokenFixingResult): PreviousLink {
  return { date, version: 1, levelNano: result.levelNano, divisor: result.divisor, basket: result.basket };
}

const dayOne = [
  obs('A', 'p1', '10.0'), obs('A', 'p2', '10.4'), obs('A', 'p3', '9.8'), obs('A', 'p4', '20.0'),
  obs('B', 'q1', '2', '6'),
];

test('an outlier is set aside before the median is taken', () => {
  const result = computeTokenFixing(inputs('2026-11-02', ['A', 'B'], dayOne));
  const a = result.constituents[0]!;
  // A: blends 10.0, 10.4, 9.8, 20.0; median of all = (10.0 + 10.4) / 2 = 10.2
  assert.equal(a.medianAllNano, n('10.2'));
  // deviations 0.2, 0.2, 0.4, 9.8 → MAD = (0.2 + 0.4) / 2 = 0.3; threshold 3 × 1.4826 × 0.3 = 1.33434
  assert.equal(a.madNano, n('0.3'));
  // p4 is 9.8 away > 1.33434: outlier; p3 (0.4 away) stays
  assert.deepEqual(a.providers.map((p) => p.outlier), [false, false, false, true]);
  // A = median of the rest {10.0, 10.4, 9.8} = 10.0 (it would have been 10.2 with p4)
  assert.equal(a.priceNano, n('10'));
  // B: one provider, blend (3 × 2 + 6) / 4 = 3.0, no outlier test under 3 providers
  assert.equal(result.constituents[1]!.priceNano, n('3'));
  assert.equal(result.constituents[1]!.madNano, undefined);
  // level = (10.0 + 3.0) / 2 / D, D = 1 on the first fixing → 6.5
  assert.equal(result.basketAverageNano, n('6.5'));
  assert.equal(result.divisorRule, 'base');
  assert.equal(result.levelNano, n('6.5'));
  assert.ok(result.flags.includes('A: outlier set aside'));
});

test('with two providers nothing is an outlier, even far apart', () => {
  const result = computeTokenFixing(inputs('2026-11-02', ['A'], [obs('A', 'p1', '1'), obs('A', 'p2', '100')]));
  // median of two = (1 + 100) / 2 = 50.5
  assert.equal(result.levelNano, n('50.5'));
  assert.equal(result.constituents[0]!.providers.some((p) => p.outlier), false);
});

test('a constituent added on a review day moves nothing; later moves are scaled by the divisor', () => {
  const first = computeTokenFixing(inputs('2026-11-02', ['A', 'B'], dayOne));
  const withC = [...dayOne, obs('C', 'r1', '1')];
  const second = computeTokenFixing(inputs('2026-11-03', ['A', 'B', 'C'], withC, link('2026-11-02', first)));
  // new basket average: (10 + 3 + 1) / 3 = 4.6666666666… → 4.666666667
  assert.equal(second.basketAverageNano, 4_666_666_667n);
  // old basket {A, B} at today's prices: (10 + 3) / 2 = 6.5; old level = 6.5 / (1/1) = 6.5
  assert.equal(second.link!.oldBasketAverageNano, n('6.5'));
  assert.equal(second.link!.oldLevelNano, n('6.5'));
  // D = 4.666666667 / 6.5; level = 4.666666667 × 6.5 / 4.666666667 = 6.5: no jump
  assert.deepEqual(second.divisor, { numeratorNano: 4_666_666_667n, denominatorNano: n('6.5') });
  assert.equal(second.divisorRule, 'relinked');
  assert.equal(second.levelNano, first.levelNano);

  // next day C goes from 1 to 2.5: average (10 + 3 + 2.5) / 3 = 5.1666666666… → 5.166666667
  const third = computeTokenFixing(inputs('2026-11-04', ['A', 'B', 'C'], [...dayOne, obs('C', 'r1', '2.5')], link('2026-11-03', second)));
  assert.equal(third.basketAverageNano, 5_166_666_667n);
  assert.equal(third.divisorRule, 'unchanged');
  // level = 5.166666667 × 6.5 / 4.666666667 = 33.5833333355 / 4.666666667 = 7.196428570… → 7.196428571
  // (the exact basket ratio 15.5 / 14 × 6.5 = 7.19642857142…, the same to nine decimals)
  assert.equal(third.levelNano, 7_196_428_571n);
});

test('a constituent without prices carries its last price, then drops out with a relink', () => {
  let previous: PreviousLink | undefined;
  let result = computeTokenFixing(inputs('2026-11-02', ['A', 'B'], dayOne));
  previous = link('2026-11-02', result);
  const onlyA = dayOne.filter((o) => o.family === 'A');
  for (let day = 3; day <= 7; day++) {
    result = computeTokenFixing(inputs(`2026-11-0${day}`, ['A', 'B'], onlyA, previous));
    // B carried at 3.0 for up to 5 fixings: the basket and the level stay (10 + 3) / 2 = 6.5
    assert.equal(result.constituents[1]!.status, 'carried');
    assert.equal(result.levelNano, n('6.5'));
    previous = link(`2026-11-0${day}`, result);
  }
  result = computeTokenFixing(inputs('2026-11-08', ['A', 'B'], onlyA, previous));
  // the sixth day B is missing: the basket is {A} at 10, relinked so the level stays 6.5
  assert.equal(result.constituents[1]!.status, 'missing');
  assert.equal(result.divisorRule, 'relinked');
  assert.equal(result.levelNano, n('6.5'));
});

test('a CNY index converts USD blends at the FX fixing', () => {
  const cny: TokenFixingInputs = {
    ...inputs('2026-11-02', ['B'], [obs('B', 'q1', '2', '6'), obs('B', 'q2', '20', '20', 'CNY')]),
    currency: 'CNY', fx: { pair: 'USDCNY', rate: '7.1', source: 'operator' },
  };
  const result = computeTokenFixing(cny);
  const [q1, q2] = result.constituents[0]!.providers;
  // q1: blend 3.0 USD × 7.1 = 21.3 CNY; q2 is already CNY: 20
  assert.equal(q1!.models[0]!.blendNano, n('21.3'));
  assert.equal(q2!.models[0]!.blendNano, n('20'));
  // median of two = (21.3 + 20) / 2 = 20.65
  assert.equal(result.levelNano, n('20.65'));
});
