// The token price index calculation, from its inputs to its level, keeping every intermediate value so that
// a fixing can be printed step by step and recomputed by hand. Pure and exact (nano-unit bigints):
//
//   1. per observation: blend = (3 × input + 1 × output) / 4, then into the index currency at the FX fixing;
//   2. per provider: the median of its matched model ids' blends (usually just one);
//   3. per constituent: the median across providers; with ≥ 3 providers, a provider further than
//      3 × 1.4826 × MAD from that median is set aside and the median is taken again over the rest;
//      a constituent with no price today carries its previous price for up to carryForwardFixingsMax fixings;
//   4. basket average A = Σ wᵢ pᵢ / Σ wᵢ (rounded once);
//   5. level = A / D, where the divisor D = num / den starts at 1 / 1. When the basket (members or weights)
//      differs from the previous fixing's, the old basket is valued at today's prices (A_old), its level
//      L_old = A_old / D_old, and D becomes A / L_old, so today's level equals L_old: no jump.

import { assert } from '../core/assert.js';
import type { Member } from './constituents.js';
import type { MatchedObservation } from './constituents.js';
import { convertNano, type FxInput } from './fx.js';
import type { Currency } from './observation.js';
import { absNano, divRoundHalfAway, medianNano, nanoPerUnit } from './price.js';

export const tokenMethodVersion = 'TTI-1.0';
export const outlierProvidersMin = 3;
/** 3 scaled MADs, the scale 1.4826 held as 14826 / 10000 so the test stays in integers. */
export const outlierMadScaleE4 = 14_826n;
export const outlierMadMultiple = 3n;
export const carryForwardFixingsMax = 5;
export const observationsPerFixingMax = 2_000;

export interface Divisor {
  readonly numeratorNano: bigint;
  readonly denominatorNano: bigint;
}
// D = 1, written as 1.000000000 / 1.000000000 so it reads as the ratio it is.
export const divisorOne: Divisor = { numeratorNano: nanoPerUnit, denominatorNano: nanoPerUnit };

export interface BasketEntry {
  readonly family: string;
  readonly weight: number;
  readonly priceNano: bigint;
  /** How many fixings in a row this price has been carried (0 when priced that day). */
  readonly carriedCount: number;
}

/** What a fixing needs from the one before it (stored with the fixing as an input). */
export interface PreviousLink {
  readonly date: string;
  readonly version: number;
  readonly levelNano: bigint;
  readonly divisor: Divisor;
  readonly basket: readonly BasketEntry[];
}

export interface TokenFixingInputs {
  readonly index: string;
  readonly date: string;
  readonly currency: Currency;
  readonly review: { readonly effective: string; readonly reason: string };
  readonly members: readonly Member[];
  readonly observations: readonly MatchedObservation[];
  readonly fx: FxInput | undefined;
  readonly previous: PreviousLink | undefined;
}

export interface ModelLine {
  readonly modelId: string;
  readonly source: string;
  readonly currency: Currency;
  readonly inputNanoPerMtok: bigint;
  readonly outputNanoPerMtok: bigint;
  /** (3 × input + output) / 4 in the observation's currency. */
  readonly blendSourceNano: bigint;
  /** The blend in the index currency (equal to blendSourceNano when no conversion applies). */
  readonly blendNano: bigint;
}
export interface ProviderLine {
  readonly provider: string;
  readonly models: readonly ModelLine[];
  readonly priceNano: bigint;
  readonly deviationNano: bigint;
  readonly outlier: boolean;
}
export type ConstituentStatus = 'priced' | 'carried' | 'missing';
export interface ConstituentLine {
  readonly family: string;
  readonly weight: number;
  readonly status: ConstituentStatus;
  readonly providers: readonly ProviderLine[];
  readonly medianAllNano: bigint | undefined;
  readonly madNano: bigint | undefined;
  /** |p − median| × 10000 must not exceed this × ... see outlierThresholdE4Nano. */
  readonly outlierThresholdE4Nano: bigint | undefined;
  readonly priceNano: bigint | undefined;
  readonly carriedCount: number;
}
export interface LinkStep {
  readonly oldBasket: readonly BasketEntry[];
  readonly oldBasketAverageNano: bigint;
  readonly oldLevelNano: bigint;
}
export interface TokenFixingResult {
  readonly constituents: readonly ConstituentLine[];
  readonly basket: readonly BasketEntry[];
  readonly weightSum: number;
  readonly basketAverageNano: bigint;
  readonly divisor: Divisor;
  /** Why the divisor is what it is: first fixing, carried from the previous, or relinked today. */
  readonly divisorRule: 'base' | 'unchanged' | 'relinked';
  readonly link: LinkStep | undefined;
  readonly levelNano: bigint;
  readonly flags: readonly string[];
}

export function computeTokenFixing(inputs: TokenFixingInputs): TokenFixingResult {
  assert(inputs.observations.length <= observationsPerFixingMax, `more than ${observationsPerFixingMax} observations`);
  assert(inputs.previous === undefined || inputs.previous.date < inputs.date, 'the previous fixing must be earlier');
  const previousBasket = new Map((inputs.previous?.basket ?? []).map((e) => [e.family, e]));
  const constituents = inputs.members.map((member) => constituentLine(member, inputs, previousBasket.get(member.family)));
  const basket: BasketEntry[] = constituents
    .filter((c) => c.priceNano !== undefined)
    .map((c) => ({ family: c.family, weight: c.weight, priceNano: c.priceNano!, carriedCount: c.carriedCount }));
  assert(basket.length > 0, `${inputs.index} ${inputs.date}: no constituent has a price today or a price to carry`);
  const { average: basketAverageNano, weightSum } = weightedAverage(basket);
  assert(basketAverageNano > 0n, 'basket average must be positive');

  let divisor = divisorOne;
  let divisorRule: TokenFixingResult['divisorRule'] = 'base';
  let link: LinkStep | undefined;
  const previous = inputs.previous;
  if (previous !== undefined) {
    if (sameComposition(previous.basket, basket)) {
      divisor = previous.divisor;
      divisorRule = 'unchanged';
    } else {
      const todayPrice = new Map(basket.map((e) => [e.family, e.priceNano]));
      const oldBasket = previous.basket.map((e) => ({ ...e, priceNano: todayPrice.get(e.family) ?? e.priceNano }));
      const oldBasketAverageNano = weightedAverage(oldBasket).average;
      const oldLevelNano = levelOf(oldBasketAverageNano, previous.divisor);
      divisor = { numeratorNano: basketAverageNano, denominatorNano: oldLevelNano };
      divisorRule = 'relinked';
      link = { oldBasket, oldBasketAverageNano, oldLevelNano };
    }
  }
  const levelNano = levelOf(basketAverageNano, divisor);
  if (link) assert(levelNano === link.oldLevelNano, 'a relinked level must equal the old basket level');
  const flags: string[] = [];
  for (const c of constituents) {
    if (c.status !== 'priced') flags.push(`${c.family} ${c.status}`);
    if (c.providers.some((p) => p.outlier)) flags.push(`${c.family}: outlier set aside`);
  }
  if (divisorRule === 'relinked') flags.push('divisor relinked');
  return { constituents, basket, weightSum, basketAverageNano, divisor, divisorRule, link, levelNano, flags };
}

/** level = A / D = A × den / num, rounded half away from zero. */
export function levelOf(averageNano: bigint, divisor: Divisor): bigint {
  return divRoundHalfAway(averageNano * divisor.denominatorNano, divisor.numeratorNano);
}

function weightedAverage(basket: readonly BasketEntry[]): { average: bigint; weightSum: number } {
  let sum = 0n;
  let weightSum = 0;
  for (const entry of basket) {
    sum += BigInt(entry.weight) * entry.priceNano;
    weightSum += entry.weight;
  }
  return { average: divRoundHalfAway(sum, BigInt(weightSum)), weightSum };
}

function sameComposition(a: readonly BasketEntry[], b: readonly BasketEntry[]): boolean {
  if (a.length !== b.length) return false;
  const weights = new Map(a.map((e) => [e.family, e.weight]));
  return b.every((e) => weights.get(e.family) === e.weight);
}

function constituentLine(member: Member, inputs: TokenFixingInputs, previous: BasketEntry | undefined): ConstituentLine {
  const byProvider = new Map<string, ModelLine[]>();
  for (const { family, observation } of inputs.observations) {
    if (family !== member.family) continue;
    const blendSourceNano = divRoundHalfAway(3n * observation.inputNanoPerMtok + observation.outputNanoPerMtok, 4n);
    const line: ModelLine = {
      modelId: observation.modelId, source: observation.source, currency: observation.currency,
      inputNanoPerMtok: observation.inputNanoPerMtok, outputNanoPerMtok: observation.outputNanoPerMtok,
      blendSourceNano, blendNano: convertNano(blendSourceNano, observation.currency, inputs.currency, inputs.fx),
    };
    byProvider.set(observation.provider, [...(byProvider.get(observation.provider) ?? []), line]);
  }
  const prices = [...byProvider.entries()].map(([provider, models]) => ({ provider, models, priceNano: medianNano(models.map((m) => m.blendNano)) }));
  if (prices.length === 0) {
    const carry = previous !== undefined && previous.carriedCount < carryForwardFixingsMax;
    return {
      family: member.family, weight: member.weight, status: carry ? 'carried' : 'missing', providers: [],
      medianAllNano: undefined, madNano: undefined, outlierThresholdE4Nano: undefined,
      priceNano: carry ? previous.priceNano : undefined, carriedCount: carry ? previous.carriedCount + 1 : 0,
    };
  }
  const medianAllNano = medianNano(prices.map((p) => p.priceNano));
  const deviations = prices.map((p) => absNano(p.priceNano - medianAllNano));
  const testOutliers = prices.length >= outlierProvidersMin;
  const madNano = testOutliers ? medianNano(deviations) : undefined;
  const outlierThresholdE4Nano = madNano === undefined ? undefined : outlierMadMultiple * outlierMadScaleE4 * madNano;
  const providers: ProviderLine[] = prices.map((p, i) => ({
    ...p, deviationNano: deviations[i]!,
    outlier: outlierThresholdE4Nano !== undefined && deviations[i]! * 10_000n > outlierThresholdE4Nano,
  }));
  const kept = providers.filter((p) => !p.outlier);
  assert(kept.length > 0, 'the median itself can never be an outlier');
  return {
    family: member.family, weight: member.weight, status: 'priced', providers, medianAllNano, madNano,
    outlierThresholdE4Nano, priceNano: medianNano(kept.map((p) => p.priceNano)), carriedCount: 0,
  };
}
