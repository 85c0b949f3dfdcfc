// The one error shape of the API: HTTP status plus {code, reason, message, field?}, the code and reason from
// core/reasons.ts (the same codes as FIX rejects). Business refusals from the exchange map to a status here.

import { Reason, reasonSlug } from '../core/reasons.js';
import type { Rejection } from '../exchange/outcome.js';

export interface ErrorBody {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
  readonly field?: string;
}

export class ApiError extends Error {
  /** Already counted in the metrics (a refusal that came back from the exchange). */
  counted = false;

  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly field?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    const base = { code: this.code, reason: reasonSlug(this.code), message: this.message };
    return this.field === undefined ? base : { ...base, field: this.field };
  }
}

const statusByCode = new Map<number, number>([
  [Reason.unknownOrder, 404],
  [Reason.unknownAccount, 404],
  [Reason.unauthorised, 401],
  [Reason.badSignature, 401],
  [Reason.staleTimestamp, 401],
  [Reason.replayedSignature, 401],
  [Reason.forbidden, 403],
  [Reason.notOwner, 404],
  [Reason.rateLimited, 429],
]);

/** 1xxx → 400, 2xxx risk → 422, 3xxx market state → 409, 4xxx per table (else 422). */
export function statusOf(code: number): number {
  const exact = statusByCode.get(code);
  if (exact !== undefined) return exact;
  if (code >= 1000 && code < 2000) return 400;
  if (code >= 3000 && code < 4000) return 409;
  return 422;
}

export function fromRejection(rejection: Rejection): ApiError {
  const error = new ApiError(statusOf(rejection.code), rejection.code, rejection.message, rejection.field);
  error.counted = true;
  return error;
}

export function badRequest(code: number, message: string, field?: string): ApiError {
  return new ApiError(statusOf(code), code, message, field);
}
