// `tokex demo`: the exchange on one screen. Lists the contracts, lists today's series, opens the demo cast's
// accounts, runs their order flow through the whole pipeline (risk, matching, clearing, market data), prints
// what happens, and closes the day with a daily settlement.

import { ticksToDecimal } from '../core/decimal.js';
import { Side } from '../engine/protocol.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import type { Outcome } from '../exchange/outcome.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { runProducts, type Print } from '../products/cli.js';
import { ExchangeService } from '../server/exchange-service.js';
import { demoCast } from './agents.js';
import { sparkline } from './chart.js';
import { Simulation } from './simulation.js';

export interface DemoOptions {
  readonly date: string;
  readonly steps: number;
  readonly seed: number;
  readonly dataDir?: string;
  /** Trades printed one by one before the run goes quiet (progress only). */
  readonly tradesShown: number;
}

export async function runDemo(options: DemoOptions, print: Print, progress: (text: string) => void): Promise<{ trades: number; stateHash: string }> {
  const catalogue = defaultCatalogue();
  print(`tokex demo · trading date ${options.date} · seed ${options.seed} · ${options.dataDir ? `journal in ${options.dataDir}` : 'in memory'}`);
  print('');
  print('Contracts (src/products/data/catalogue.json):');
  runProducts(catalogue, false, print);
  const startMicros = Date.parse(`${options.date}T15:00:00Z`) * 1000;
  let tick = 0;
  const service = await ExchangeService.open({
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    catalogue, sessions: 'always-open', clock: () => startMicros + (tick += 1000),
  });
  const listed = await service.ensureListed(options.date);
  print('');
  print(`Listed ${service.exchange.allInstruments().length} series (${listed.length} new), twelve months per product; trading the two nearest:`);
  const symbols: string[] = [];
  for (const product of catalogue.products) {
    const near = service.exchange.allInstruments().filter((i) => i.product.code === product.code && !i.expired).slice(0, 2);
    for (const instrument of near) {
      symbols.push(instrument.symbol);
      const e = instrument.engine;
      const px = (t: number) => ticksToDecimal(t, product.tickSize);
      print(`  ${instrument.symbol.padEnd(8)} ${instrument.series.firstTradingDay} → ${instrument.series.lastTradingDay}  reference ${px(e.referencePriceTicks)}  limits ${px(e.limitDownTicks)} – ${px(e.limitUpTicks)} ${product.quoteUnit}`);
    }
  }
  const cast = demoCast();
  const simulation = await Simulation.create({ service, agents: cast, seed: options.seed, symbols, depositMinor: 50_000_000_00n });
  const names = new Map(cast.map((a) => [a.accountId, a.name]));
  print('');
  print(`Accounts: ${cast.map((a) => `${a.name} (${a.role})`).join(', ')}; each deposits 50,000,000.00 USD and CNY.`);
  print('');
  print(`Order flow: ${options.steps} agent turns. The first ${options.tradesShown} trades:`);
  let trades = 0;
  const takers = new Map<number, number>();
  service.onOutcome((command: ExchangeCommand, outcome: Outcome) => {
    if (command.type === 'newOrder' && outcome.orderId !== undefined) takers.set(outcome.orderId, command.accountId);
    for (const { symbol, event } of outcome.events) {
      if (event.kind !== 'trade') continue;
      trades++;
      if (trades > options.tradesShown) continue;
      const product = service.exchange.instrument(symbol)!.product;
      const buyer = event.aggressorSide === Side.buy ? event.takerOrderId : event.makerOrderId;
      const seller = event.aggressorSide === Side.buy ? event.makerOrderId : event.takerOrderId;
      const who = (orderId: number) => names.get(service.exchange.orders.get(orderId)?.accountId ?? -1) ?? '?';
      print(`  #${String(outcome.seq).padStart(5)} ${symbol.padEnd(7)} ${String(event.qtyLots).padStart(3)} lots @ ${ticksToDecimal(event.priceTicks, product.tickSize).padStart(8)}  buyer ${who(buyer).padEnd(12)} seller ${who(seller).padEnd(12)} (${event.aggressorSide === Side.buy ? 'buyer' : 'seller'} took)`);
    }
  });
  await simulation.run(options.steps, (done) => progress(`  … ${done}/${options.steps} turns, ${trades} trades, seq ${service.exchange.seq}`));
  progress('');
  print('');
  print('Markets after the session (price line: every trade, oldest left):');
  for (const symbol of symbols) {
    const instrument = service.exchange.instrument(symbol)!;
    const product = instrument.product;
    const px = (t: number) => (t > 0 ? ticksToDecimal(t, product.tickSize) : '-');
    const prices = instrument.trades.map((t) => t.priceTicks);
    const volume = instrument.trades.reduce((sum, t) => sum + t.qtyLots, 0);
    print(`  ${symbol.padEnd(7)} trades ${String(instrument.trades.length).padStart(4)}  volume ${String(volume).padStart(5)}  last ${px(prices.at(-1) ?? 0).padStart(8)}  bid/ask ${px(instrument.engine.bestBidTicks())}/${px(instrument.engine.bestAskTicks())}  OI ${service.exchange.clearing.openInterestLots(symbol)}  ${sparkline(prices, 40)}`);
  }
  const refused = simulation.rejectionsByReason;
  if (refused.size > 0) print(`Refused orders by reason: ${[...refused].map(([r, n]) => `${r} ${n}`).join(', ')}`);
  const settled = await service.submit({ type: 'settleDay', isoDate: options.date, closingWindowStartMicros: startMicros + (tick - 100_000) });
  const result = settled.result as { prices: { symbol: string; priceTicks: number; method: string }[]; report: { accounts: { owner: string; currency: string; variationMarginMinor: string; equityMinor: string; initialMarginMinor: string }[] } };
  print('');
  print(`End of day ${options.date}: daily settlement (seq ${settled.seq})`);
  for (const price of result.prices.filter((p) => symbols.includes(p.symbol))) {
    const product = service.exchange.instrument(price.symbol)!.product;
    print(`  ${price.symbol.padEnd(7)} settles at ${ticksToDecimal(price.priceTicks, product.tickSize)} (${price.method})`);
  }
  print('  account        ccy  variation margin        equity   initial margin');
  for (const line of result.report.accounts) {
    if (line.initialMarginMinor === '0' && line.variationMarginMinor === '0') continue;
    print(`  ${line.owner.padEnd(13)}  ${line.currency}  ${money(line.variationMarginMinor).padStart(16)}  ${money(line.equityMinor).padStart(13)}  ${money(line.initialMarginMinor).padStart(15)}`);
  }
  const stateHash = service.exchange.stateHash();
  print('');
  print(`${trades} trades, ${service.exchange.seq} sequenced commands, state hash ${stateHash}. Ledger balanced after every command (asserted).`);
  await service.close();
  return { trades, stateHash };
}

function money(minor: string): string {
  const negative = minor.startsWith('-');
  const digits = (negative ? minor.slice(1) : minor).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}.${digits.slice(-2)}`;
}
