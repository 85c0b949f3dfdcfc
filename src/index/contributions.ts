// Contributor submissions of token prices (the gateway authenticates and signs; this validates). A
// submission is accepted only if the contributor is known, the model is known, both prices are positive
// decimals, the change against the last observation of that provider model stays within the plausibility
// band unless the contributor confirms it, and it is not a duplicate. A rejection is a value (reason code,
// field, message) and leaves the book exactly as it was.

import { assert } from '../core/assert.js';
import { Reason, type ReasonCode } from '../core/reasons.js';
import { currencies, type Currency, type TokenObservation } from './observation.js';
import { absNano, decimalToNano, nanoToDecimal, priceNanoMax } from './price.js';

/** A change of more than 50% against the last observation needs `confirmed: true`. */
export const plausibleChangePercentMax = 50n;
export const contributionsPerBookMax = 1_000_000;

export interface Contributor {
  readonly id: string;
  readonly name: string;
}

export interface TokenSubmission {
  readonly submissionId: string;
  readonly contributorId: string;
  readonly provider: string;
  readonly modelId: string;
  readonly currency: string;
  /** Decimal strings, price per million tokens ("2.50"). */
  readonly inputPerMtok: string;
  readonly outputPerMtok: string;
  readonly observedAt: string;
  readonly confirmed?: boolean;
}

export type SubmissionOutcome =
  | { readonly ok: true; readonly observation: TokenObservation }
  | { readonly ok: false; readonly code: ReasonCode; readonly field: string; readonly message: string };

export class ContributionBook {
  private readonly contributors: ReadonlyMap<string, Contributor>;
  private readonly knownModels: ReadonlySet<string>;
  private readonly submissionIds = new Set<string>();
  private readonly keys = new Set<string>();
  private readonly last = new Map<string, TokenObservation>();
  private readonly accepted: TokenObservation[] = [];

  /** `knownModels` holds "provider/modelId"; `history` seeds the last observation of each (e.g. reference prices). */
  constructor(contributors: readonly Contributor[], knownModels: Iterable<string>, history: readonly TokenObservation[] = []) {
    this.contributors = new Map(contributors.map((c) => [c.id, c]));
    this.knownModels = new Set(knownModels);
    for (const observation of history) this.last.set(modelKey(observation.provider, observation.modelId), observation);
  }

  get observations(): readonly TokenObservation[] {
    return this.accepted;
  }

  lastObservation(provider: string, modelId: string): TokenObservation | undefined {
    return this.last.get(modelKey(provider, modelId));
  }

  submit(submission: TokenSubmission): SubmissionOutcome {
    const outcome = this.validate(submission);
    if (!outcome.ok) return outcome;
    assert(this.accepted.length < contributionsPerBookMax, `contribution book holds ${contributionsPerBookMax} observations`);
    this.submissionIds.add(submission.submissionId);
    this.keys.add(submissionKey(submission));
    this.last.set(modelKey(submission.provider, submission.modelId), outcome.observation);
    this.accepted.push(outcome.observation);
    return outcome;
  }

  private validate(s: TokenSubmission): SubmissionOutcome {
    if (!this.contributors.has(s.contributorId)) {
      return reject(Reason.unknownContributor, 'contributorId', `contributorId "${s.contributorId}" is not a registered contributor`);
    }
    if (this.submissionIds.has(s.submissionId) || this.keys.has(submissionKey(s))) {
      return reject(Reason.duplicateSubmission, 'submissionId',
        `duplicate: ${s.contributorId} already submitted ${s.provider}/${s.modelId} at ${s.observedAt} (submissionId "${s.submissionId}")`);
    }
    if (!this.knownModels.has(modelKey(s.provider, s.modelId))) {
      return reject(Reason.unknownModel, 'modelId', `${s.provider}/${s.modelId} is not a model the index knows (check provider and modelId)`);
    }
    if (!currencies.includes(s.currency as Currency)) {
      return reject(Reason.wrongType, 'currency', `currency must be one of ${currencies.join(', ')}, got "${s.currency}"`);
    }
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(s.observedAt)) {
      return reject(Reason.wrongType, 'observedAt', `observedAt must be an ISO date or UTC instant, got "${s.observedAt}"`);
    }
    const input = decimalToNano(s.inputPerMtok);
    const output = decimalToNano(s.outputPerMtok);
    for (const [field, value, text] of [['inputPerMtok', input, s.inputPerMtok], ['outputPerMtok', output, s.outputPerMtok]] as const) {
      if (value === undefined) return reject(Reason.wrongType, field, `${field} must be a decimal string with at most 9 decimals, got "${text}"`);
      if (value <= 0n || value > priceNanoMax) return reject(Reason.priceNotPositive, field, `${field} must be positive and at most ${nanoToDecimal(priceNanoMax)}, got ${text}`);
    }
    const previous = this.lastObservation(s.provider, s.modelId);
    if (previous && previous.currency === s.currency && s.confirmed !== true) {
      for (const [field, now, before] of [['inputPerMtok', input!, previous.inputNanoPerMtok], ['outputPerMtok', output!, previous.outputNanoPerMtok]] as const) {
        if (absNano(now - before) * 100n > plausibleChangePercentMax * before) {
          return reject(Reason.implausiblePriceChange, field,
            `${field} ${nanoToDecimal(now)} moves more than ${plausibleChangePercentMax}% from the last observation ${nanoToDecimal(before)} (${previous.source}); resubmit with confirmed: true if it is right`);
        }
      }
    }
    return { ok: true, observation: {
      provider: s.provider, modelId: s.modelId, currency: s.currency as Currency, inputNanoPerMtok: input!, outputNanoPerMtok: output!,
      cachedInputNanoPerMtok: undefined, observedAt: s.observedAt, sourceKind: 'contributor', source: `contributor:${s.contributorId}`,
      deprecated: false, note: s.confirmed === true ? 'confirmed by the contributor' : undefined,
    } };
  }
}

function reject(code: ReasonCode, field: string, message: string): SubmissionOutcome {
  return { ok: false, code, field, message };
}

function modelKey(provider: string, modelId: string): string {
  return `${provider}/${modelId}`;
}

function submissionKey(s: TokenSubmission): string {
  return `${s.contributorId}\u0000${s.provider}\u0000${s.modelId}\u0000${s.observedAt}`;
}
