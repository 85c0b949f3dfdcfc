// The request signature of issue 5, item 4, shared by the server (verify) and the client (sign):
//   X-Tokex-Signature = lowercase hex HMAC-SHA256(secret, timestamp + METHOD + pathWithQuery + body)
// with X-Tokex-Timestamp in Unix milliseconds. The body is the exact bytes sent ('' when there is none).

import { createHmac, timingSafeEqual } from 'node:crypto';

export const headerKey = 'x-tokex-key';
export const headerTimestamp = 'x-tokex-timestamp';
export const headerSignature = 'x-tokex-signature';

export function signaturePayload(timestampMs: string, method: string, pathWithQuery: string, body: string): string {
  return timestampMs + method.toUpperCase() + pathWithQuery + body;
}

export function sign(secret: string, timestampMs: string, method: string, pathWithQuery: string, body: string): string {
  return createHmac('sha256', secret).update(signaturePayload(timestampMs, method, pathWithQuery, body)).digest('hex');
}

/** Constant-time comparison, so that the time taken does not reveal how many leading characters matched. */
export function signatureMatches(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(givenHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex, 'hex'));
}
