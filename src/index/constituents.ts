// Constituent lists are data (data/constituents-*.json): each tier names model families, each family a rule
// over provider model ids (which ids at which provider are "the same model"), and a dated list of reviews,
// each with its members, weights and the reason for the change. This file validates a list and answers two
// questions: who are the members on a date, and which observations belong to which family.

import { assert } from '../core/assert.js';
import frontier from './data/constituents-FRONTIER.json' with { type: 'json' };
import efficient from './data/constituents-EFFICIENT.json' with { type: 'json' };
import china from './data/constituents-CHINA.json' with { type: 'json' };
import { sourceRank, type TokenObservation } from './observation.js';

export type Tier = 'FRONTIER' | 'EFFICIENT' | 'CHINA';
export const tiers: readonly Tier[] = ['FRONTIER', 'EFFICIENT', 'CHINA'];

export const familiesPerListMax = 64;
export const membersPerReviewMax = 32;
export const matchRulesPerFamilyMax = 32;
export const memberWeightMax = 1_000;

export interface MatchRule {
  readonly provider: string;
  readonly ids?: readonly string[];
  /** Anchored by the author; tested against the provider's model id as written. */
  readonly regex?: string;
}
export interface Family {
  readonly family: string;
  readonly lab: string;
  readonly match: readonly MatchRule[];
}
export interface Member {
  readonly family: string;
  /** A positive integer; the index uses weight / Σ weights. Equal weights (all 1) at launch. */
  readonly weight: number;
}
export interface Review {
  readonly effective: string;
  readonly reason: string;
  readonly members: readonly Member[];
}
export interface ConstituentList {
  readonly tier: Tier;
  readonly description: string;
  readonly families: readonly Family[];
  readonly reviews: readonly Review[];
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a list; a bad list is a defect in checked-in data, so it asserts (with the file and field). */
export function validateConstituentList(list: ConstituentList): ConstituentList {
  const where = `constituents-${list.tier}.json`;
  assert(tiers.includes(list.tier), `${where}: unknown tier "${list.tier}"`);
  assert(list.families.length > 0 && list.families.length <= familiesPerListMax, `${where}: 1-${familiesPerListMax} families`);
  const names = new Set<string>();
  for (const family of list.families) {
    assert(!names.has(family.family), `${where}: family "${family.family}" defined twice`);
    names.add(family.family);
    assert(family.match.length > 0 && family.match.length <= matchRulesPerFamilyMax, `${where}: family ${family.family} needs 1-${matchRulesPerFamilyMax} match rules`);
    for (const rule of family.match) {
      assert((rule.ids?.length ?? 0) > 0 || rule.regex !== undefined, `${where}: family ${family.family}, provider ${rule.provider}: ids or regex`);
      if (rule.regex !== undefined) new RegExp(rule.regex); // throws on a malformed pattern at load
    }
  }
  assert(list.reviews.length > 0, `${where}: at least one review`);
  let previous = '';
  for (const review of list.reviews) {
    assert(isoDatePattern.test(review.effective) && review.effective > previous, `${where}: reviews must have increasing YYYY-MM-DD dates (${review.effective})`);
    assert(review.reason.length > 0, `${where}: review ${review.effective} needs a reason`);
    assert(review.members.length > 0 && review.members.length <= membersPerReviewMax, `${where}: review ${review.effective}: 1-${membersPerReviewMax} members`);
    const seen = new Set<string>();
    for (const member of review.members) {
      assert(names.has(member.family), `${where}: review ${review.effective}: unknown family "${member.family}"`);
      assert(!seen.has(member.family), `${where}: review ${review.effective}: "${member.family}" listed twice`);
      assert(Number.isSafeInteger(member.weight) && member.weight > 0 && member.weight <= memberWeightMax, `${where}: review ${review.effective}: weight of ${member.family} must be an integer 1-${memberWeightMax}`);
      seen.add(member.family);
    }
    previous = review.effective;
  }
  return list;
}

const lists: Readonly<Record<Tier, ConstituentList>> = {
  FRONTIER: validateConstituentList(frontier as ConstituentList),
  EFFICIENT: validateConstituentList(efficient as ConstituentList),
  CHINA: validateConstituentList(china as ConstituentList),
};

export function constituentList(tier: Tier): ConstituentList {
  return lists[tier];
}

/** The review in force on a date (the last one effective on or before it), or undefined before the first. */
export function reviewOn(list: ConstituentList, isoDate: string): Review | undefined {
  let found: Review | undefined;
  for (const review of list.reviews) if (review.effective <= isoDate) found = review;
  return found;
}

export function familyMatches(family: Family, provider: string, modelId: string): boolean {
  return family.match.some((rule) => rule.provider === provider &&
    ((rule.ids?.includes(modelId) ?? false) || (rule.regex !== undefined && new RegExp(rule.regex).test(modelId))));
}

export interface MatchedObservation {
  readonly family: string;
  readonly observation: TokenObservation;
}

/**
 * The observations that price the members: not deprecated, matched by a member family's rule, and for each
 * provider model only the best source in the hierarchy of inputs (own trades, then contributors, then the
 * reference list prices). A model id matched by two families is a data defect.
 */
export function matchObservations(list: ConstituentList, members: readonly Member[], observations: readonly TokenObservation[]): MatchedObservation[] {
  const families = members.map((m) => list.families.find((f) => f.family === m.family)!);
  const best = new Map<string, MatchedObservation>();
  for (const observation of observations) {
    if (observation.deprecated) continue;
    const matched = families.filter((f) => familyMatches(f, observation.provider, observation.modelId));
    if (matched.length === 0) continue;
    assert(matched.length === 1, `${observation.provider}/${observation.modelId} matches families ${matched.map((f) => f.family).join(', ')}`);
    const key = `${observation.provider}\u0000${observation.modelId}`;
    const held = best.get(key);
    if (!held || sourceRank[observation.sourceKind] < sourceRank[held.observation.sourceKind]) {
      best.set(key, { family: matched[0]!.family, observation });
    }
  }
  return [...best.values()].sort((a, b) => compareText(a.family, b.family) ||
    compareText(a.observation.provider, b.observation.provider) || compareText(a.observation.modelId, b.observation.modelId));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
