// What a WebSocket client may send, as TypeBox schemas checked like REST bodies (no coercion, unknown fields
// refused): first the op, then the op's own schema, so that errors name the field of the op the client meant.

import { Type, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifySchema } from 'fastify';
import { Reason } from '../../core/reasons.js';
import { badRequest, type ApiError } from '../errors.js';
import { schemaError, type SchemaIssue } from '../schema-errors.js';
import { NewOrderBody, Symbol, literals } from '../schemas.js';
import type { NewOrderInput } from '../order-input.js';

export const channels = ['book', 'trades', 'ticker'] as const;
export type Channel = (typeof channels)[number];
export const ops = ['subscribe', 'unsubscribe', 'login', 'ping', 'order', 'cancel'] as const;

const RequestId = Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'echoed in the answer' }));

const schemas = {
  subscribe: Type.Object({ op: Type.Literal('subscribe'), id: RequestId, channel: literals(channels), symbol: Symbol }, { additionalProperties: false }),
  unsubscribe: Type.Object({ op: Type.Literal('unsubscribe'), id: RequestId, channel: literals(channels), symbol: Symbol }, { additionalProperties: false }),
  login: Type.Object({
    op: Type.Literal('login'), id: RequestId, apiKey: Type.String({ maxLength: 64 }), timestamp: Type.String({ pattern: '^[0-9]{1,16}$' }),
    signature: Type.String({ maxLength: 64 }), cancelOnDisconnect: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false }),
  ping: Type.Object({ op: Type.Literal('ping'), id: RequestId }, { additionalProperties: false }),
  order: Type.Object({ op: Type.Literal('order'), id: RequestId, order: NewOrderBody }, { additionalProperties: false }),
  cancel: Type.Object({ op: Type.Literal('cancel'), id: RequestId, orderId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false }),
};

export type ClientMessage =
  | { op: 'subscribe' | 'unsubscribe'; id?: number; channel: Channel; symbol: string }
  | { op: 'login'; id?: number; apiKey: string; timestamp: string; signature: string; cancelOnDisconnect?: boolean }
  | { op: 'ping'; id?: number }
  | { op: 'order'; id?: number; order: NewOrderInput }
  | { op: 'cancel'; id?: number; orderId: number };

type Check = (value: unknown) => { value?: unknown; error?: SchemaIssue[] };
const compile = (schema: object): Check => TypeBoxValidatorCompiler({ schema: schema as FastifySchema, httpPart: 'body', method: 'POST', url: '/v1/ws' }) as unknown as Check;
const opCheck = compile(Type.Object({ op: literals(ops) }));
const checks = Object.fromEntries(Object.entries(schemas).map(([op, schema]) => [op, compile(schema)])) as Record<keyof typeof schemas, Check>;

export function parseClientMessage(text: string): { ok: true; message: ClientMessage } | { ok: false; error: ApiError; id?: number } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: badRequest(Reason.malformed, `message is not valid JSON: ${(error as Error).message}`, 'message') };
  }
  const id = typeof json === 'object' && json !== null && Number.isSafeInteger((json as { id?: unknown }).id) ? (json as { id: number }).id : undefined;
  const op = opCheck(json);
  if (op.error) return refusal(schemaError(op.error, 'message'), id);
  const checked = checks[(json as { op: keyof typeof schemas }).op](json);
  if (checked.error) return refusal(schemaError(checked.error, 'message'), id);
  return { ok: true, message: json as ClientMessage };
}

/** A module function rather than a closure made for every message. */
function refusal(error: ApiError, id: number | undefined): { ok: false; error: ApiError; id?: number } {
  return id === undefined ? { ok: false as const, error } : { ok: false as const, error, id };
}
