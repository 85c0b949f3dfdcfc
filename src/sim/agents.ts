// The participants who make the demo market live, and the load generator's traffic: each agent looks at the
// market and decides its next commands. They trade as their counterparts in the AI supply chain would:
//   market maker  quotes both sides around its fair value and re-quotes as the value moves;
//   hedger        an AI lab or app that buys token futures to fix what inference will cost it;
//   producer      an inference provider or GPU cloud that sells forward what it will produce;
//   speculator    takes a view and trades it with IOC orders.

import { OrderType, Side, StpMode, TimeInForce } from '../engine/protocol.js';
import type { AccountType, ExchangeCommand, NewOrderRequest } from '../exchange/commands.js';
import type { Prng } from './prng.js';

export type AgentRole = 'marketMaker' | 'hedger' | 'producer' | 'speculator';

export interface MarketView {
  /** The series an agent may trade, front month first within each product. */
  readonly symbols: readonly string[];
  /** The value the market is drifting around (a random walk the simulation keeps), in ticks. */
  fairTicks(symbol: string): number;
  bestBidTicks(symbol: string): number;
  bestAskTicks(symbol: string): number;
}

export interface Agent {
  readonly name: string;
  readonly role: AgentRole;
  readonly accountType: AccountType;
  accountId: number;
  /** Commands for this turn; `ownOrderIds` are the agent's live orders by symbol, kept by the simulation. */
  act(view: MarketView, rng: Prng, ownOrderIds: ReadonlyMap<string, readonly number[]>): ExchangeCommand[];
}

export function order(accountId: number, symbol: string, side: Side, priceTicks: number, qtyLots: number, timeInForce: TimeInForce, clientOrderId: string): NewOrderRequest {
  return {
    type: 'newOrder', accountId, symbol, side, orderType: OrderType.limit, timeInForce, priceTicks, stopPriceTicks: 0,
    qtyLots, postOnly: false, expireTsMicros: 0, stpMode: StpMode.cancelResting, clientOrderId,
  };
}

export function marketMaker(name: string, spreadTicks: number, sizeLots: number): Agent {
  let quotes = 0;
  return {
    name, role: 'marketMaker', accountType: 'marketMaker', accountId: 0,
    act(view, rng, own) {
      const symbol = rng.pick(view.symbols);
      const fair = view.fairTicks(symbol);
      const commands: ExchangeCommand[] = (own.get(symbol) ?? []).map((orderId) => ({ type: 'cancel', accountId: this.accountId, orderId }));
      const half = Math.max(1, spreadTicks + rng.int(-1, 1));
      const size = sizeLots + rng.int(0, sizeLots);
      commands.push(order(this.accountId, symbol, Side.buy, fair - half, size, TimeInForce.GTC, `${name}-${++quotes}`));
      commands.push(order(this.accountId, symbol, Side.sell, fair + half, size, TimeInForce.GTC, `${name}-${++quotes}`));
      return commands;
    },
  };
}

/** Buys (hedger) or sells (producer) by lifting the best offer or hitting the best bid, within a few ticks of value. */
export function hedger(name: string, role: 'hedger' | 'producer', products: readonly string[], clipLots: number): Agent {
  let orders = 0;
  const side = role === 'hedger' ? Side.buy : Side.sell;
  return {
    name, role, accountType: 'hedger', accountId: 0,
    act(view, rng) {
      const symbols = view.symbols.filter((s) => products.some((p) => s.startsWith(p)));
      if (symbols.length === 0 || rng.next() < 0.5) return [];
      const symbol = rng.pick(symbols.slice(0, 3));
      const fair = view.fairTicks(symbol);
      const priceTicks = side === Side.buy ? fair + rng.int(0, 3) : fair - rng.int(0, 3);
      return [order(this.accountId, symbol, side, priceTicks, rng.int(1, clipLots), TimeInForce.IOC, `${name}-${++orders}`)];
    },
  };
}

export function speculator(name: string, clipLots: number): Agent {
  let orders = 0;
  return {
    name, role: 'speculator', accountType: 'speculator', accountId: 0,
    act(view, rng) {
      if (rng.next() < 0.6) return [];
      const symbol = rng.pick(view.symbols);
      const side = rng.next() < 0.5 ? Side.buy : Side.sell;
      const fair = view.fairTicks(symbol);
      const priceTicks = side === Side.buy ? fair + rng.int(0, 4) : fair - rng.int(0, 4);
      return [order(this.accountId, symbol, side, priceTicks, rng.int(1, clipLots), TimeInForce.IOC, `${name}-${++orders}`)];
    },
  };
}

/** The demo cast: two market makers, a lab and an app hedging token costs, a GPU cloud and an inference provider selling forward, two speculators. */
export function demoCast(): Agent[] {
  return [
    marketMaker('mm-alpha', 3, 10),
    marketMaker('mm-beta', 5, 20),
    hedger('ai-lab', 'hedger', ['TKF', 'TKE'], 8),
    hedger('chat-app', 'hedger', ['TKE', 'TKC'], 5),
    hedger('gpu-cloud', 'producer', ['GPH'], 10),
    hedger('inference-co', 'producer', ['TKF', 'TKC'], 6),
    speculator('spec-fund', 5),
    speculator('day-trader', 2),
  ];
}
