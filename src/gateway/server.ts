// The HTTP server: Fastify with TypeBox schemas on every route, signed requests (auth/), the REST API under
// /v1, OpenAPI at /openapi.json and /docs, Prometheus metrics at /metrics, /health. The exchange itself is
// the ExchangeService handed in: this file only wires requests to it.
//
//   request ─► parse (raw body kept) ─► authenticate (signature, replay, rate, permission) ─► schema
//           ─► route: check input (order-input.ts) ─► service.submit ─► view (decimal strings)

import './fastify-types.js';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { InvariantError } from '../core/assert.js';
import { Reason } from '../core/reasons.js';
import { defaultCatalogue, type Catalogue } from '../products/catalogue.js';
import { Authenticator } from './auth/authenticator.js';
import type { RateLimit } from './auth/rate-limiter.js';
import { SecretBox } from './auth/secret-box.js';
import { headerKey, headerSignature, headerTimestamp } from './auth/signature.js';
import { AuthStore } from './auth/store.js';
import type { GatewayContext } from './context.js';
import { ApiError, badRequest } from './errors.js';
import { FillStore } from './fills.js';
import { operatorRateBurstDefault, operatorRatePerSecDefault, rateBurstDefault, ratePerSecDefault, requestBodyBytesMax } from './limits.js';
import { GatewayMetrics } from './metrics.js';
import { ensureOperatorCredential, type OperatorCredential } from './operator-credential.js';
import { accountRoutes } from './routes/account.js';
import { indexRoutes } from './routes/indices.js';
import { marketRoutes } from './routes/market.js';
import { operatorRoutes } from './routes/operator.js';
import { tradingRoutes } from './routes/trading.js';
import { schemaError, type SchemaIssue } from './schema-errors.js';
import type { ExchangeServiceLike } from './service.js';
import { registerWebSocket } from './ws/route.js';
import { registerWebTerminal } from '../web/plugin.js';

export interface ServerOptions {
  readonly service: ExchangeServiceLike;
  readonly port: number;
  readonly host?: string;
  /** auth.sqlite, auth.key and operator.json live here; without it auth is in memory (tests). */
  readonly dataDir?: string;
  readonly catalogue?: Catalogue;
  readonly clockMs?: () => number;
  /** Per-key token bucket of account keys, and of operator keys. */
  readonly rateLimit?: RateLimit;
  readonly operatorRateLimit?: RateLimit;
  /** Where the JSON logs go; no stream, no logs. */
  readonly logStream?: Writable;
  readonly logLevel?: string;
  /** WebSocket heartbeat interval (tests shorten it). */
  readonly wsHeartbeatMs?: number;
  /** Called after a broken invariant was answered with 500: the state may be wrong, recovery is replay. */
  readonly onInvariantBroken?: (error: InvariantError) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly context: GatewayContext;
  readonly operator: OperatorCredential;
  /** Set when the server wrote DIR/operator.json on this start. */
  readonly operatorFile?: { readonly path: string; readonly created: boolean };
  close(): Promise<void>;
}

/** Headers whose values are never logged, whatever a serializer or a debug setting would print. */
export const redactedHeaders = [headerKey, headerSignature, headerTimestamp, 'authorization'].map((h) => `req.headers["${h}"]`);

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const clockMs = options.clockMs ?? Date.now;
  const catalogue = options.catalogue ?? defaultCatalogue();
  const authStore = openAuthStore(options.dataDir, clockMs);
  const context: GatewayContext = {
    service: options.service, catalogue, authStore, clockMs,
    authenticator: new Authenticator(authStore, clockMs,
      options.rateLimit ?? { burst: rateBurstDefault, ratePerSec: ratePerSecDefault },
      options.operatorRateLimit ?? { burst: operatorRateBurstDefault, ratePerSec: operatorRatePerSecDefault }),
    fills: new FillStore(), metrics: new GatewayMetrics(),
  };
  const unsubscribe = options.service.onOutcome((_command, outcome) => context.metrics.tradesDone(context.fills.record(outcome)));
  const app = Fastify({
    logger: options.logStream ? { level: options.logLevel ?? 'info', stream: options.logStream, redact: { paths: redactedHeaders, censor: '[redacted]' } } : false,
    bodyLimit: requestBodyBytesMax,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('rawBody', undefined);
  installBodyParser(app);
  installErrorHandling(app, context, options.onInvariantBroken);
  app.addHook('preValidation', async (request) => {
    const required = request.routeOptions.config.auth;
    if (!required) return;
    request.principal = context.authenticator.authenticate({ method: request.method, pathWithQuery: request.url, body: request.rawBody ?? '', headers: request.headers }, required);
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'tokex API', version: '1', description: 'AI-token and GPU-hour futures. Signed requests: X-Tokex-Key, X-Tokex-Timestamp (Unix ms), X-Tokex-Signature = hex HMAC-SHA256(secret, timestamp + METHOD + pathWithQuery + body).' },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Tokex-Key' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: { tags: ['service'], summary: 'Liveness and the last sequence number' } }, async () => ({ status: 'ok', seq: options.service.exchange.seq }));
  app.get('/metrics', { schema: { tags: ['service'], summary: 'Prometheus metrics' } }, async (_request, reply) => {
    reply.type(context.metrics.registry.contentType);
    return context.metrics.registry.metrics();
  });
  for (const routes of [marketRoutes, indexRoutes, tradingRoutes, accountRoutes, operatorRoutes]) await app.register(routes(context), { prefix: '/v1' });
  const unsubscribeWs = await registerWebSocket(app, context, options.wsHeartbeatMs);
  await registerWebTerminal(app);

  const address = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const url = address.replace('[::1]', 'localhost');
  let operator: OperatorCredential;
  let operatorFile: RunningServer['operatorFile'];
  if (options.dataDir) {
    const ensured = ensureOperatorCredential(options.dataDir, authStore, url);
    operator = ensured.credential;
    operatorFile = { path: ensured.path, created: ensured.created };
  } else {
    operator = { ...authStore.createApiKey(0, ['operator', 'read']), url };
  }
  return {
    url, app, context, operator, ...(operatorFile ? { operatorFile } : {}),
    close: async () => {
      unsubscribe();
      unsubscribeWs();
      await app.close();
      authStore.close();
    },
  };
}

function openAuthStore(dataDir: string | undefined, clockMs: () => number): AuthStore {
  if (!dataDir) return AuthStore.open(':memory:', SecretBox.inMemory(), clockMs);
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'auth.sqlite');
  const store = AuthStore.open(path, SecretBox.openFile(join(dataDir, 'auth.key')), clockMs);
  chmodSync(path, 0o600);
  return store;
}

/** JSON bodies are parsed here, not by Fastify's parser, so that the exact text stays for the signature. */
function installBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: requestBodyBytesMax }, (request, body, done) => {
    const text = body as string;
    request.rawBody = text;
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(badRequest(Reason.malformed, `body is not valid JSON: ${(error as Error).message}`, 'body'), undefined);
    }
  });
}

function installErrorHandling(app: FastifyInstance, context: GatewayContext, onInvariantBroken?: (error: InvariantError) => void): void {
  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404);
    return badRequest(Reason.malformed, `no route ${request.method} ${request.url.split('?')[0]}`).body();
  });
  app.setErrorHandler(async (error: FastifyError | ApiError | InvariantError, request, reply) => {
    const apiError = toApiError(error);
    if (!apiError) {
      request.log.error({ err: error }, 'request failed');
      reply.code(500);
      if (error instanceof InvariantError) setImmediate(() => onInvariantBroken?.(error));
      return { code: 0, reason: 'internal_error', message: 'the server failed; the request may not have been applied' };
    }
    if (!apiError.counted) context.metrics.refused(apiError.code);
    reply.code(apiError.status).headers(apiError.headers);
    return apiError.body();
  });
}

function toApiError(error: FastifyError | ApiError | InvariantError): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof InvariantError) return undefined;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return schemaError(fastifyError.validation as unknown as SchemaIssue[], fastifyError.validationContext ?? 'request');
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) return new ApiError(413, Reason.malformed, `body larger than ${requestBodyBytesMax} bytes`, 'body');
  if (status === 415) return new ApiError(415, Reason.malformed, 'Content-Type must be application/json', 'body');
  if (status >= 400 && status < 500) return new ApiError(status, Reason.malformed, fastifyError.message);
  // The cluster's gateway client says which: not applied (503, safe to resend) or not known (504, look first).
  if (status === 503) return new ApiError(503, Reason.exchangeUnavailable, `the exchange cannot take the request now (${fastifyError.message}); it was not applied, send it again`, undefined, { 'retry-after': '1' });
  if (status === 504) return new ApiError(504, Reason.outcomeUnknown, `no answer in time (${fastifyError.message}); the request may have been applied: look it up (GET /v1/orders) before sending it again`);
  return undefined;
}
