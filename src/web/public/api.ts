// REST from the browser: public GETs, and requests signed exactly as the gateway checks them
// (hex HMAC-SHA256(secret, timestamp + METHOD + pathWithQuery + body)) with Web Crypto. The demo credential
// comes from GET /demo/credential, which only a demo server on this machine answers.

export interface Credential {
  readonly accountId: number;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly deposits: Readonly<Record<string, string>>;
}

export interface ApiErrorBody {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
  readonly field?: string;
}

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody | undefined) {
    super(body?.message ?? `HTTP ${status}`);
  }
}

const encoder = new TextEncoder();

export async function hmacHex(secret: string, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(payload)));
  return [...signature].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = text === '' ? undefined : (JSON.parse(text) as unknown);
  if (!response.ok) throw new ApiFailure(response.status, body as ApiErrorBody | undefined);
  return body as T;
}

export async function getPublic<T>(path: string): Promise<T> {
  return parse<T>(await fetch(path));
}

export class SignedApi {
  constructor(readonly credential: Credential) {}

  async request<T>(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', path: string, body?: unknown): Promise<T> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(Date.now());
    const headers: Record<string, string> = {
      'x-tokex-key': this.credential.apiKey,
      'x-tokex-timestamp': timestamp,
      'x-tokex-signature': await hmacHex(this.credential.apiSecret, timestamp + method + path + text),
    };
    if (text !== '') headers['content-type'] = 'application/json';
    return parse<T>(await fetch(path, { method, headers, ...(text === '' ? {} : { body: text }) }));
  }

  /** The WebSocket login message: the same signature over GET /v1/ws with an empty body. */
  async login(): Promise<{ op: 'login'; apiKey: string; timestamp: string; signature: string }> {
    const timestamp = String(Date.now());
    return { op: 'login', apiKey: this.credential.apiKey, timestamp, signature: await hmacHex(this.credential.apiSecret, `${timestamp}GET/v1/ws`) };
  }
}

export async function demoCredential(): Promise<Credential | undefined> {
  const response = await fetch('/demo/credential');
  if (!response.ok) return undefined;
  return (await response.json()) as Credential;
}
