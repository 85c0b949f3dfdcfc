// A small signed client for the REST API (fetch-based), used by the CLI and the tests. It signs exactly the
// bytes it sends: the path with its query as written, and the JSON text of the body.

import { headerKey, headerSignature, headerTimestamp, sign } from './auth/signature.js';

export interface Credential {
  readonly apiKey: string;
  readonly apiSecret: string;
}

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export class ApiResponseError extends Error {
  constructor(readonly response: ApiResponse) {
    super(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
  }
}

export function signedHeaders(credential: Credential, method: string, pathWithQuery: string, body: string, timestampMs: number): Record<string, string> {
  const timestamp = String(timestampMs);
  return {
    [headerKey]: credential.apiKey,
    [headerTimestamp]: timestamp,
    [headerSignature]: sign(credential.apiSecret, timestamp, method, pathWithQuery, body),
  };
}

export class TokexClient {
  constructor(
    readonly url: string,
    private readonly credential?: Credential,
    private readonly clockMs: () => number = Date.now,
  ) {}

  /** Sends one request; signed when the client holds a credential. Never throws on an HTTP error status. */
  async request<T = any>(method: string, pathWithQuery: string, body?: unknown): Promise<ApiResponse<T>> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = text === '' ? {} : { 'content-type': 'application/json' };
    if (this.credential) Object.assign(headers, signedHeaders(this.credential, method, pathWithQuery, text, this.clockMs()));
    const response = await fetch(this.url + pathWithQuery, { method, headers, ...(text === '' ? {} : { body: text }) });
    const raw = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return { status: response.status, headers: response.headers, body: (contentType.includes('json') && raw !== '' ? JSON.parse(raw) : raw) as T };
  }

  /** As request, but a status of 400 or above throws ApiResponseError. */
  async call<T = any>(method: string, pathWithQuery: string, body?: unknown): Promise<T> {
    const response = await this.request<T>(method, pathWithQuery, body);
    if (response.status >= 400) throw new ApiResponseError(response);
    return response.body;
  }

  get<T = any>(path: string): Promise<T> { return this.call<T>('GET', path); }
  post<T = any>(path: string, body?: unknown): Promise<T> { return this.call<T>('POST', path, body); }
  patch<T = any>(path: string, body?: unknown): Promise<T> { return this.call<T>('PATCH', path, body); }
  delete<T = any>(path: string): Promise<T> { return this.call<T>('DELETE', path); }
}
