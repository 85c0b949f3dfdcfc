// Schema violations as the API's error shape, naming the field: an unknown field is unknown_field, a missing
// one missing_field, a wrong JSON type wrong_type, a number out of its range qty_out_of_range or
// price_out_of_range (else malformed), anything else malformed with what the field should look like.

import { Reason } from '../core/reasons.js';
import { ApiError, badRequest } from './errors.js';

export interface SchemaIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

/** What a pattern-checked field should look like, for the message. */
const shapeHints: Readonly<Record<string, string>> = {
  price: 'a decimal string like "5.125"',
  stopPrice: 'a decimal string like "5.125"',
  amount: 'a positive decimal string like "1000000.00"',
  date: 'an ISO date like "2026-11-25"',
  clientOrderId: 'printable ASCII without spaces',
  symbol: 'a series code like "TKFH27"',
  deposit: 'AMOUNT:CURRENCY like "1000000:USD"',
};

function fieldName(path: string, context: string): string {
  const trimmed = path.replace(/^\//, '').replace(/\//g, '.');
  return trimmed === '' ? context : trimmed;
}

function join(path: string, name: string): string {
  const base = fieldName(path, '');
  return base === '' ? name : `${base}.${name}`;
}

export function schemaError(issues: readonly SchemaIssue[], context: string): ApiError {
  const unknown = issues.find((i) => i.keyword === 'additionalProperties');
  if (unknown) {
    const names = (unknown.params['additionalProperties'] as string[] | undefined) ?? [];
    const field = join(unknown.instancePath, names[0] ?? '?');
    return badRequest(Reason.unknownField, `unknown field ${field} in the ${context}`, field);
  }
  const missing = issues.find((i) => i.keyword === 'required');
  if (missing) {
    const names = (missing.params['requiredProperties'] as string[] | undefined) ?? (missing.params['missingProperty'] ? [missing.params['missingProperty'] as string] : []);
    const field = join(missing.instancePath, names[0] ?? '?');
    return badRequest(Reason.missingField, `field ${field} is required in the ${context}`, field);
  }
  const issue = issues.find((i) => i.keyword !== 'boolean') ?? issues[0];
  if (!issue) return badRequest(Reason.malformed, `the ${context} does not match its schema`);
  const field = fieldName(issue.instancePath, context);
  const leaf = field.split('.').pop()!;
  switch (issue.keyword) {
    case 'type':
      return badRequest(Reason.wrongType, `${field} must be of type ${String(issue.params['type'])}`, field);
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
      const code = leaf === 'qty' ? Reason.qtyOutOfRange : leaf === 'price' || leaf === 'stopPrice' ? Reason.priceOutOfRange : Reason.malformed;
      return badRequest(code, `${field} ${issue.message ?? 'is out of range'}`, field);
    }
    case 'const': case 'anyOf': case 'enum': {
      const allowed = issues.filter((i) => i.keyword === 'const' && i.instancePath === issue.instancePath).map((i) => String(i.params['allowedValue']));
      const list = allowed.length > 0 ? allowed : ((issue.params['allowedValues'] as unknown[] | undefined) ?? []).map(String);
      return badRequest(Reason.malformed, `${field} must be one of ${list.join(', ')}`, field);
    }
    case 'pattern': case 'format':
      return badRequest(Reason.malformed, `${field} must be ${shapeHints[leaf] ?? 'well formed'}`, field);
    case 'minLength': case 'maxLength': case 'minItems': case 'maxItems': case 'minProperties':
      return badRequest(Reason.malformed, `${field} ${issue.message ?? 'has the wrong size'}`, field);
    default:
      return badRequest(Reason.malformed, `${field} ${issue.message ?? 'is malformed'}`, field);
  }
}
