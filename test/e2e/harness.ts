// Starts a real server on a free loopback port over an in-memory exchange (always open, today's series
// listed), with an operator client and helpers to open funded accounts. Tests talk to it over real sockets.

import { ticksToDecimal } from '../../src/core/decimal.js';
import type { FixingStore } from '../../src/index/store.js';
import { defaultCatalogue } from '../../src/products/catalogue.js';
import { TokexClient, type Credential } from '../../src/gateway/client.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/gateway/server.js';
import { memoryService } from '../../src/gateway/service.js';

export interface Harness {
  readonly server: RunningServer;
  readonly operator: TokexClient;
  readonly publicClient: TokexClient;
  /** The front-month TKF series. */
  readonly symbol: string;
  /** A price of that series as the API writes it: its reference price moved by offsetTicks. */
  price(offsetTicks: number): string;
  openAccount(name: string): Promise<{ client: TokexClient; credential: Credential; account: number; created: Record<string, unknown> }>;
  stateHash(): string;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<ServerOptions> = {}, extra: { fixings?: FixingStore } = {}): Promise<Harness> {
  const service = memoryService({ catalogue: defaultCatalogue(), sessions: 'always-open', clockMicros: () => Date.now() * 1000, ...extra });
  const server = await startServer({ service, port: 0, ...overrides });
  const operator = new TokexClient(server.url, server.operator);
  const instrument = service.exchange.allInstruments().find((i) => i.product.code === 'TKF' && i.series.frontMonth)!;
  const symbol = instrument.symbol;
  return {
    server, operator, symbol,
    price: (offsetTicks) => ticksToDecimal(instrument.engine.referencePriceTicks + offsetTicks, instrument.product.tickSize),
    publicClient: new TokexClient(server.url),
    openAccount: async (name) => {
      const created = await operator.post('/v1/accounts', { name, type: 'speculator', deposits: [{ currency: 'USD', amount: '1000000' }] });
      const credential = { apiKey: created.apiKey as string, apiSecret: created.apiSecret as string };
      return { client: new TokexClient(server.url, credential), credential, account: created.account as number, created };
    },
    stateHash: () => service.exchange.stateHash(),
    close: () => server.close(),
  };
}
