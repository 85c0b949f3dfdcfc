// Shared pieces of the request schemas (TypeBox; the same schemas make the OpenAPI document). Objects refuse
// unknown fields; bodies are checked without type coercion (a quantity sent as "3" is wrong_type).

import { Type } from '@fastify/type-provider-typebox';
import { clientOrderIdCharsMax } from './limits.js';
import { orderTypeNames, sideNames, timeInForceNames } from './views.js';

export const Decimal = (description: string) => Type.String({ pattern: '^[0-9]{1,12}(\\.[0-9]{1,12})?$', description });
export const Symbol = Type.String({ pattern: '^[A-Za-z0-9-]{2,16}$', description: 'series code, e.g. TKFH27' });
export const IsoDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
export const Id = (description: string) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description });
export const Currency = Type.Union([Type.Literal('USD'), Type.Literal('CNY')]);

export function literals<T extends string>(values: readonly T[]) {
  return Type.Union(values.map((v) => Type.Literal(v)));
}

export const SideSchema = literals(sideNames);
export const OrderTypeSchema = literals(orderTypeNames);
export const TimeInForceSchema = literals(timeInForceNames);

export const NewOrderBody = Type.Object({
  symbol: Symbol,
  side: SideSchema,
  type: OrderTypeSchema,
  price: Type.Optional(Decimal('limit price (limit and stop_limit orders)')),
  stopPrice: Type.Optional(Decimal('trigger price (stop and stop_limit orders)')),
  qty: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'whole lots' }),
  timeInForce: Type.Optional(TimeInForceSchema),
  expireTime: Type.Optional(Type.Integer({ minimum: 1, description: 'GTD expiry, Unix milliseconds' })),
  postOnly: Type.Optional(Type.Boolean()),
  clientOrderId: Type.Optional(Type.String({ pattern: `^[!-~]{1,${clientOrderIdCharsMax}}$` })),
}, { additionalProperties: false });

export const AmendBody = Type.Object({
  price: Type.Optional(Decimal('new limit price')),
  qty: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'new total order quantity (filled included)' })),
}, { additionalProperties: false, minProperties: 1 });

export const OrderIdParams = Type.Object({ orderId: Id('exchange order id') }, { additionalProperties: false });
export const SymbolParams = Type.Object({ symbol: Symbol }, { additionalProperties: false });
export const AccountParams = Type.Object({ accountId: Id('account id') }, { additionalProperties: false });
