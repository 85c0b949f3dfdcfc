// Public market data: products, series, book, trades, candles, ticker, daily statistics and settlement
// prices. No signature needed; every number that is a price is a decimal string.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Reason } from '../../core/reasons.js';
import { Side } from '../../engine/protocol.js';
import type { Instrument } from '../../exchange/instrument.js';
import { candleIntervals, type CandleInterval } from '../../marketdata/candles.js';
import { CalendarRangeError } from '../../products/calendar.js';
import { listSeries } from '../../products/listing.js';
import type { GatewayContext } from '../context.js';
import { ApiError, badRequest } from '../errors.js';
import { bookDepthDefault, bookDepthMax, candlesPerRequestMax, tradesPerRequestDefault, tradesPerRequestMax } from '../limits.js';
import { IsoDate, SymbolParams, literals } from '../schemas.js';
import { phaseName, price, priceOrNull, sideNames } from '../views.js';

function instrumentOf(ctx: GatewayContext, symbol: string): Instrument {
  const instrument = ctx.service.exchange.instrument(symbol);
  if (!instrument) throw new ApiError(404, Reason.unknownSymbol, `symbol ${symbol} is not a listed series`, 'symbol');
  return instrument;
}

function productView(p: GatewayContext['catalogue']['products'][number]) {
  return {
    code: p.code, name: p.name, group: p.group, underlyingIndex: p.underlyingIndex, currency: p.currency,
    contractUnit: p.contractUnit, quoteUnit: p.quoteUnit, tickSize: p.tickSize, tickValue: p.tickValue,
    qtyMin: p.qtyLotsMin, qtyMax: p.qtyLotsMax, priceLimitBps: p.limitBps,
    initialMarginBps: p.initialMarginBps, maintenanceMarginBps: p.maintenanceMarginBps,
    positionLimits: p.positionLimits, fees: p.fees, tradingHours: p.tradingHours.description,
    timeZone: p.tradingHours.timeZone, listing: p.listing, holidayCalendar: p.holidayCalendar,
  };
}

export function seriesView(ctx: GatewayContext, symbol: string) {
  const instrument = ctx.service.exchange.instrument(symbol)!;
  const { product, series, engine } = instrument;
  const clearing = ctx.service.exchange.clearing.series(symbol);
  return {
    symbol, longSymbol: series.longSymbol, product: product.code, contractMonth: series.contractMonth,
    firstTradingDay: series.firstTradingDay, lastTradingDay: series.lastTradingDay, finalSettlementDay: series.finalSettlementDay,
    tickSize: product.tickSize, previousSettlement: priceOrNull(engine.referencePriceTicks, product),
    limitDown: priceOrNull(engine.limitDownTicks, product), limitUp: priceOrNull(engine.limitUpTicks, product),
    phase: instrument.expired ? 'expired' : phaseName(engine.phase), frontMonth: clearing?.isSpotMonth ?? series.frontMonth,
  };
}

export function marketRoutes(ctx: GatewayContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/products', { schema: { tags: ['market data'], summary: 'The product catalogue' } }, async () => ({
      products: ctx.catalogue.products.map(productView),
    }));

    app.get('/series', {
      schema: {
        tags: ['market data'], summary: 'Listed series (or, with date, the listing calendar of that date)',
        querystring: Type.Object({ date: Type.Optional(IsoDate), product: Type.Optional(Type.String({ pattern: '^[A-Z]{2,5}$' })) }, { additionalProperties: false }),
      },
    }, async (request) => {
      const { date, product } = request.query;
      if (date === undefined) {
        const symbols = ctx.service.exchange.allInstruments().filter((i) => product === undefined || i.product.code === product).map((i) => i.symbol);
        return { series: symbols.map((s) => seriesView(ctx, s)) };
      }
      let calendar;
      try {
        calendar = listSeries(ctx.catalogue, date, product);
      } catch (error) {
        if (error instanceof CalendarRangeError) throw badRequest(Reason.malformed, error.message, 'date');
        throw error;
      }
      return {
        series: calendar.map((s) => ctx.service.exchange.instrument(s.symbol) ? { ...seriesView(ctx, s.symbol), listed: true } : {
          symbol: s.symbol, longSymbol: s.longSymbol, product: s.product, contractMonth: s.contractMonth,
          firstTradingDay: s.firstTradingDay, lastTradingDay: s.lastTradingDay, finalSettlementDay: s.finalSettlementDay,
          tickSize: ctx.catalogue.byCode.get(s.product)!.tickSize, previousSettlement: null, limitDown: null, limitUp: null,
          phase: 'not_listed', frontMonth: s.frontMonth, listed: false,
        }),
      };
    });

    app.get('/markets/:symbol/book', {
      schema: {
        tags: ['market data'], summary: 'Order book by price level', params: SymbolParams,
        querystring: Type.Object({ depth: Type.Optional(Type.Integer({ minimum: 1, maximum: bookDepthMax })) }, { additionalProperties: false }),
      },
    }, async (request) => {
      const instrument = instrumentOf(ctx, request.params.symbol);
      const depth = request.query.depth ?? bookDepthDefault;
      const level = (l: { priceTicks: number; qtyLots: number; orderCount: number }) => ({ price: price(l.priceTicks, instrument.product), qty: l.qtyLots, orders: l.orderCount });
      return {
        symbol: instrument.symbol, bookSeq: instrument.book.snapshot().bookSeq, seq: ctx.service.exchange.seq,
        bids: instrument.engine.depth(Side.buy, depth).map(level), asks: instrument.engine.depth(Side.sell, depth).map(level),
      };
    });

    app.get('/markets/:symbol/trades', {
      schema: {
        tags: ['market data'], summary: 'Recent trades, newest first', params: SymbolParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: tradesPerRequestMax })) }, { additionalProperties: false }),
      },
    }, async (request) => {
      const instrument = instrumentOf(ctx, request.params.symbol);
      const trades = instrument.trades.slice(-(request.query.limit ?? tradesPerRequestDefault)).reverse();
      return {
        symbol: instrument.symbol,
        trades: trades.map((t) => ({ tradeId: t.tradeId, tsMicros: t.tsMicros, price: price(t.priceTicks, instrument.product), qty: t.qtyLots, aggressorSide: sideNames[t.aggressorSide] })),
      };
    });

    app.get('/markets/:symbol/candles', {
      schema: {
        tags: ['market data'], summary: 'OHLCV candles, oldest first', params: SymbolParams,
        querystring: Type.Object({
          interval: Type.Optional(literals(Object.keys(candleIntervals) as CandleInterval[])),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: candlesPerRequestMax })),
        }, { additionalProperties: false }),
      },
    }, async (request) => {
      const instrument = instrumentOf(ctx, request.params.symbol);
      const interval = request.query.interval ?? '1m';
      const p = instrument.product;
      return {
        symbol: instrument.symbol, interval,
        candles: instrument.candles.get(interval)!.list(request.query.limit).map((c) => ({
          startSec: c.startSec, open: price(c.openTicks, p), high: price(c.highTicks, p), low: price(c.lowTicks, p),
          close: price(c.closeTicks, p), volume: c.volumeLots, trades: c.tradeCount,
        })),
      };
    });

    app.get('/markets/:symbol/ticker', { schema: { tags: ['market data'], summary: 'Last, high, low, volume, best bid and ask', params: SymbolParams } }, async (request) => {
      const instrument = instrumentOf(ctx, request.params.symbol);
      const e = instrument.engine;
      const t = instrument.ticker.view(e.bestBidTicks(), e.bestAskTicks(), e.referencePriceTicks);
      const p = instrument.product;
      return {
        symbol: t.symbol, last: priceOrNull(t.lastTicks, p), high: priceOrNull(t.highTicks, p), low: priceOrNull(t.lowTicks, p),
        volume: t.volumeLots, trades: t.tradeCount, bestBid: priceOrNull(t.bestBidTicks, p), bestAsk: priceOrNull(t.bestAskTicks, p),
        previousSettlement: priceOrNull(t.previousSettlementTicks, p), change: t.lastTicks > 0 && t.previousSettlementTicks > 0 ? price(t.changeTicks, p) : null,
        phase: phaseName(e.phase),
      };
    });

    app.get('/markets/:symbol/statistics', { schema: { tags: ['market data'], summary: 'Previous settlement, open interest and today\'s volume', params: SymbolParams } }, async (request) => {
      const instrument = instrumentOf(ctx, request.params.symbol);
      const t = instrument.ticker.view(0, 0, instrument.engine.referencePriceTicks);
      return {
        symbol: instrument.symbol, previousSettlement: priceOrNull(instrument.engine.referencePriceTicks, instrument.product),
        openInterest: ctx.service.exchange.clearing.openInterestLots(instrument.symbol), volume: t.volumeLots, trades: t.tradeCount,
      };
    });

    app.get('/settlements/:date', {
      schema: { tags: ['market data'], summary: 'Daily settlement prices and open interest of a settled day', params: Type.Object({ date: IsoDate }, { additionalProperties: false }) },
    }, async (request) => {
      const report = ctx.service.exchange.clearing.settlementReport(request.params.date);
      if (!report) throw new ApiError(404, Reason.malformed, `no settlement report for ${request.params.date} (kept: the last 31 settled days)`, 'date');
      const productOf = (symbol: string) => ctx.service.exchange.instrument(symbol)?.product;
      return {
        date: report.date,
        prices: report.prices.map((sp) => {
          const p = productOf(sp.symbol);
          return { symbol: sp.symbol, price: p ? price(sp.priceTicks, p) : String(sp.priceTicks), previous: p ? price(sp.previousTicks, p) : String(sp.previousTicks), method: sp.method };
        }),
        openInterest: report.openInterest.map((o) => ({ symbol: o.symbol, openInterest: o.lots })),
      };
    });
  };
}

