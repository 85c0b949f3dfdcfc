// An account's positions, balances and margin, as the account sees them (and the operator or a regulator
// through /v1/accounts/{accountId}). Money is a decimal string in the currency's major unit.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { GatewayContext } from '../context.js';
import { minorScaleOf, money, price } from '../views.js';
import { accountOf } from './trading.js';

export function positionsOf(ctx: GatewayContext, accountId: number) {
  const exchange = ctx.service.exchange;
  const positions = [];
  for (const instrument of exchange.allInstruments()) {
    const qty = exchange.clearing.positionLots(accountId, instrument.symbol);
    if (qty === 0) continue;
    const mark = exchange.clearing.series(instrument.symbol)?.markPriceTicks ?? 0;
    positions.push({ symbol: instrument.symbol, qty, side: qty > 0 ? 'long' : 'short', markPrice: mark > 0 ? price(mark, instrument.product) : null });
  }
  return positions;
}

export function marginOf(ctx: GatewayContext, accountId: number) {
  const report = ctx.service.exchange.clearing.marginReport(accountId);
  return {
    accountId, status: report.status, killSwitch: report.killSwitch,
    currencies: report.currencies.map((c) => {
      const m = (amount: bigint) => money(amount, minorScaleOf(ctx.catalogue, c.currency));
      return {
        currency: c.currency, cash: m(c.cashMinor), unrealisedPnl: m(c.unrealisedMinor), equity: m(c.equityMinor),
        initialMargin: m(c.margin.initialMinor), maintenanceMargin: m(c.margin.maintenanceMinor),
        requiredWithOrders: m(c.requiredWithOrdersMinor), freeEquity: m(c.freeEquityMinor),
        marginCall: c.marginCall ? { amount: m(c.marginCall.callMinor), deadlineMicros: c.marginCall.deadlineMicros } : null,
      };
    }),
  };
}

export function balancesOf(ctx: GatewayContext, accountId: number) {
  return {
    balances: marginOf(ctx, accountId).currencies.map((c) => ({ currency: c.currency, cash: c.cash, equity: c.equity, available: c.freeEquity })),
  };
}

const read = { auth: ['read'] as const };

export function accountRoutes(ctx: GatewayContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/positions', { config: read, schema: { tags: ['account'], summary: 'Your open positions (signed lots)' } }, async (request) => ({
      positions: positionsOf(ctx, accountOf(request)),
    }));
    app.get('/balances', { config: read, schema: { tags: ['account'], summary: 'Cash, equity and what is available for new orders' } }, async (request) => balancesOf(ctx, accountOf(request)));
    app.get('/margin', { config: read, schema: { tags: ['account'], summary: 'Margin requirement, equity and any margin call' } }, async (request) => marginOf(ctx, accountOf(request)));
  };
}
