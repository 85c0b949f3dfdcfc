// Test support: an exchange with series listed, always open, and funded accounts.

import { OrderType, Side, StpMode, TimeInForce } from '../engine/protocol.js';
import { defaultCatalogue } from '../products/catalogue.js';
import type { ExchangeCommand, NewOrderRequest } from './commands.js';
import { demoReferenceTicks } from './reference-prices.js';
import { Exchange } from './exchange.js';

export const testDate = '2026-11-25';
export const tsStart = Date.UTC(2026, 10, 25, 15, 0) * 1000;

export interface Testbed {
  readonly exchange: Exchange;
  readonly accounts: number[];
  readonly symbols: string[];
  /** Every command sent so far, with its timestamp: the journal a replay reads. */
  readonly log: { command: ExchangeCommand; tsMicros: number }[];
  send(command: ExchangeCommand): ReturnType<Exchange['submit']>;
}

export function testbed(accountCount = 2, usdMinor = 10_000_000_00n): Testbed {
  const exchange = new Exchange({ catalogue: defaultCatalogue(), sessions: 'always-open' });
  const log: { command: ExchangeCommand; tsMicros: number }[] = [];
  let ts = tsStart;
  const send = (command: ExchangeCommand) => {
    ts += 1000;
    log.push({ command, tsMicros: ts });
    return exchange.submit(command, ts);
  };
  const listed = send({ type: 'listSeries', isoDate: testDate, referenceTicksByProduct: demoReferenceTicks(exchange.options.catalogue) });
  const symbols = (listed.result as { listed: string[] }).listed;
  const accounts: number[] = [];
  for (let i = 0; i < accountCount; i++) {
    const created = send({ type: 'createAccount', name: `trader ${i + 1}`, accountType: 'speculator' });
    const accountId = (created.result as { accountId: number }).accountId;
    send({ type: 'deposit', accountId, currency: 'USD', amountMinor: usdMinor });
    send({ type: 'deposit', accountId, currency: 'CNY', amountMinor: usdMinor });
    accounts.push(accountId);
  }
  return { exchange, accounts, symbols, log, send };
}

export function limitOrder(accountId: number, symbol: string, side: Side, priceTicks: number, qtyLots: number, timeInForce: TimeInForce = TimeInForce.GTC): NewOrderRequest {
  return {
    type: 'newOrder', accountId, symbol, side, orderType: OrderType.limit, timeInForce, priceTicks, stopPriceTicks: 0,
    qtyLots, postOnly: false, expireTsMicros: 0, stpMode: StpMode.cancelAggressing, clientOrderId: '',
  };
}
