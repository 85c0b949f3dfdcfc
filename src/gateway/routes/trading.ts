// An account's own orders: new, amend, cancel, mass cancel, and queries. An account sees and touches only
// its own orders: another account's order is answered exactly as an unknown one (404 unknown_order).

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Reason } from '../../core/reasons.js';
import { isOpen, type OrderRecord } from '../../exchange/orders.js';
import { submit, type GatewayContext } from '../context.js';
import { ApiError } from '../errors.js';
import { fillsOfOrder, type Fill } from '../fills.js';
import { fillsPerRequestMax, ordersPerRequestMax } from '../limits.js';
import { checkAmend, checkNewOrder, liveInstrument } from '../order-input.js';
import { AmendBody, NewOrderBody, OrderIdParams, Symbol } from '../schemas.js';
import { orderView, price, sideNames } from '../views.js';

/** The trading account behind the request's key; the operator's key has none. */
export function accountOf(request: FastifyRequest): number {
  const principal = request.principal;
  if (!principal || principal.accountId === 0) throw new ApiError(403, Reason.forbidden, 'this key belongs to no trading account; use an account\'s API key');
  return principal.accountId;
}

export function fillView(ctx: GatewayContext, fill: Fill) {
  const product = ctx.service.exchange.instrument(fill.symbol)!.product;
  return {
    tradeId: fill.tradeId, orderId: fill.orderId, symbol: fill.symbol, side: sideNames[fill.side],
    price: price(fill.priceTicks, product), qty: fill.qtyLots, liquidity: fill.liquidity, tsMicros: fill.tsMicros,
  };
}

function view(ctx: GatewayContext, order: OrderRecord) {
  return orderView(order, ctx.service.exchange.instrument(order.symbol)!.product);
}

function ownOrder(ctx: GatewayContext, accountId: number, orderId: number): OrderRecord {
  const order = ctx.service.exchange.orders.get(orderId);
  if (!order || order.accountId !== accountId) throw new ApiError(404, Reason.unknownOrder, `order ${orderId} is not one of your orders`, 'orderId');
  return order;
}

const trade = { auth: ['trade'] as const };
const read = { auth: ['read'] as const };

export function tradingRoutes(ctx: GatewayContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/orders', { config: trade, schema: { tags: ['orders'], summary: 'Place an order', body: NewOrderBody } }, async (request, reply) => {
      const accountId = accountOf(request);
      const checked = checkNewOrder(ctx.service.exchange, accountId, request.body, ctx.clockMs());
      if (!checked.ok) throw checked.error;
      const outcome = await submit(ctx, checked.value);
      const orderId = outcome.orderId!;
      const order = ctx.service.exchange.orders.get(orderId)!;
      reply.code(201);
      return { ...view(ctx, order), fills: fillsOfOrder(outcome, orderId).map((f) => fillView(ctx, f)) };
    });

    app.patch('/orders/:orderId', { config: trade, schema: { tags: ['orders'], summary: 'Amend price and/or total qty', params: OrderIdParams, body: AmendBody } }, async (request) => {
      const accountId = accountOf(request);
      const { orderId } = request.params;
      const checked = checkAmend(ctx.service.exchange, accountId, orderId, request.body);
      if (!checked.ok) throw checked.error;
      const outcome = await submit(ctx, checked.value);
      return { ...view(ctx, ownOrder(ctx, accountId, orderId)), fills: fillsOfOrder(outcome, orderId).map((f) => fillView(ctx, f)) };
    });

    app.delete('/orders/:orderId', { config: trade, schema: { tags: ['orders'], summary: 'Cancel an order', params: OrderIdParams } }, async (request) => {
      const accountId = accountOf(request);
      const { orderId } = request.params;
      const order = ownOrder(ctx, accountId, orderId);
      if (!isOpen(order)) throw new ApiError(409, Reason.orderNotResting, `order ${orderId} is ${order.status}, not open`, 'orderId');
      await submit(ctx, { type: 'cancel', accountId, orderId });
      return view(ctx, ownOrder(ctx, accountId, orderId));
    });

    app.delete('/orders', {
      config: trade,
      schema: { tags: ['orders'], summary: 'Cancel all open orders (of one series with symbol)', querystring: Type.Object({ symbol: Type.Optional(Symbol) }, { additionalProperties: false }) },
    }, async (request) => {
      const accountId = accountOf(request);
      let symbol = '';
      if (request.query.symbol !== undefined) {
        const found = liveInstrument(ctx.service.exchange, request.query.symbol);
        if (!found.ok) throw found.error;
        symbol = found.value.symbol;
      }
      const outcome = await submit(ctx, { type: 'massCancel', accountId, symbol });
      return { cancelled: (outcome.result as { cancelled: number }).cancelled };
    });

    app.get('/orders/:orderId', { config: read, schema: { tags: ['orders'], summary: 'One of your orders', params: OrderIdParams } }, async (request) => {
      return view(ctx, ownOrder(ctx, accountOf(request), request.params.orderId));
    });

    app.get('/orders', {
      config: read,
      schema: {
        tags: ['orders'], summary: 'Your orders, newest first',
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')])), symbol: Type.Optional(Symbol),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ordersPerRequestMax })),
        }, { additionalProperties: false }),
      },
    }, async (request) => {
      const accountId = accountOf(request);
      const symbol = request.query.symbol === undefined ? undefined : ctx.service.exchange.instrument(request.query.symbol)?.symbol ?? request.query.symbol;
      const orders = ctx.service.exchange.orders.ofAccount(accountId, (request.query.status ?? 'open') === 'open', symbol);
      orders.sort((a, b) => b.orderId - a.orderId);
      return { orders: orders.slice(0, request.query.limit ?? ordersPerRequestMax).map((o) => view(ctx, o)) };
    });

    app.get('/fills', {
      config: read,
      schema: {
        tags: ['account'], summary: 'Your fills, newest first',
        querystring: Type.Object({ symbol: Type.Optional(Symbol), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: fillsPerRequestMax })) }, { additionalProperties: false }),
      },
    }, async (request) => {
      const accountId = accountOf(request);
      const symbol = request.query.symbol === undefined ? undefined : ctx.service.exchange.instrument(request.query.symbol)?.symbol ?? request.query.symbol;
      return { fills: ctx.fills.ofAccount(accountId, request.query.limit ?? 100, symbol).map((f) => fillView(ctx, f)) };
    });
  };
}
