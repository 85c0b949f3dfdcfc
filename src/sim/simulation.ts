// Runs the agents against the exchange: opens their accounts, keeps a fair value per series that wanders
// (the "true" price of compute the market discovers), and lets one agent act per step.

import { assert } from '../core/assert.js';
import type { Outcome } from '../exchange/outcome.js';
import { isOpen } from '../exchange/orders.js';
import type { ExchangeService } from '../server/exchange-service.js';
import type { Agent, MarketView } from './agents.js';
import { Prng } from './prng.js';

export interface SimulationOptions {
  readonly service: ExchangeService;
  readonly agents: readonly Agent[];
  readonly seed: number;
  /** The series to trade (e.g. the two nearest months of each product). */
  readonly symbols: readonly string[];
  /** Deposited in each currency for every agent. */
  readonly depositMinor: bigint;
}

/** How far the fair value may wander from the day's reference: inside the daily limit, so trading never locks. */
export const fairDriftBpsMax = 600;

export class Simulation implements MarketView {
  readonly rng: Prng;
  private readonly fair = new Map<string, number>();
  private readonly own = new Map<Agent, Map<string, number[]>>();
  stepsRun = 0;
  readonly rejectionsByReason = new Map<string, number>();

  private constructor(private readonly options: SimulationOptions) {
    this.rng = new Prng(options.seed);
    for (const symbol of options.symbols) {
      const instrument = options.service.exchange.instrument(symbol);
      assert(instrument !== undefined, `simulation symbol ${symbol} is not listed`);
      this.fair.set(symbol, instrument.engine.referencePriceTicks);
    }
  }

  static async create(options: SimulationOptions): Promise<Simulation> {
    const simulation = new Simulation(options);
    for (const agent of options.agents) {
      const created = await options.service.submit({ type: 'createAccount', name: agent.name, accountType: agent.accountType });
      assert(created.rejection === undefined, `account for ${agent.name}: ${created.rejection?.message}`);
      agent.accountId = (created.result as { accountId: number }).accountId;
      for (const currency of ['USD', 'CNY'] as const) {
        await options.service.submit({ type: 'deposit', accountId: agent.accountId, currency, amountMinor: options.depositMinor });
      }
      simulation.own.set(agent, new Map());
    }
    return simulation;
  }

  get symbols(): readonly string[] {
    return this.options.symbols;
  }

  fairTicks(symbol: string): number {
    return this.fair.get(symbol)!;
  }

  bestBidTicks(symbol: string): number {
    return this.options.service.exchange.instrument(symbol)!.engine.bestBidTicks();
  }

  bestAskTicks(symbol: string): number {
    return this.options.service.exchange.instrument(symbol)!.engine.bestAskTicks();
  }

  /** One agent's turn; resolves with the outcomes of its commands. */
  async step(): Promise<Outcome[]> {
    this.wander();
    const agent = this.rng.pick(this.options.agents);
    const own = this.own.get(agent)!;
    const commands = agent.act(this, this.rng, own);
    const outcomes = await Promise.all(commands.map((c) => this.options.service.submit(c)));
    for (const outcome of outcomes) {
      if (outcome.rejection) this.rejectionsByReason.set(outcome.rejection.reason, (this.rejectionsByReason.get(outcome.rejection.reason) ?? 0) + 1);
      if (outcome.orderId === undefined) continue;
      const record = this.options.service.exchange.orders.get(outcome.orderId);
      if (!record || record.accountId !== agent.accountId) continue;
      const list = own.get(record.symbol) ?? [];
      if (!list.includes(record.orderId)) list.push(record.orderId);
      own.set(record.symbol, list);
    }
    for (const [symbol, ids] of own) {
      own.set(symbol, ids.filter((id) => {
        const record = this.options.service.exchange.orders.get(id);
        return record !== undefined && isOpen(record);
      }));
    }
    this.stepsRun++;
    return outcomes;
  }

  async run(steps: number, onProgress?: (done: number) => void): Promise<void> {
    for (let i = 0; i < steps; i++) {
      await this.step();
      if (onProgress && (i + 1) % 100 === 0) onProgress(i + 1);
    }
  }

  /** A random walk of one series' value per step, bounded around its reference. */
  private wander(): void {
    const symbol = this.rng.pick(this.options.symbols);
    const reference = this.options.service.exchange.instrument(symbol)!.engine.referencePriceTicks;
    const bound = Math.floor((reference * fairDriftBpsMax) / 10_000);
    const next = this.fair.get(symbol)! + this.rng.int(-1, 1);
    this.fair.set(symbol, Math.min(reference + bound, Math.max(reference - bound, next)));
  }
}
