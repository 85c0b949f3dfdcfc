// A small, fixed trading day for `tokex settle` without a data directory, and for the CLI test: the series
// the catalogue lists on the date, three traders and a market maker, a handful of trades. Pure: the clock is
// passed in, so the same date always gives the same report.

import type { Catalogue } from '../products/catalogue.js';
import { ClearingHouse } from './clearing-house.js';
import { specsForDate } from './catalogue-adapter.js';
import type { DailySettlementInput } from './settlement.js';
import { tradeEvent } from './testkit.js';

/** Reference prices in ticks near the index levels of contracts.md (TKF 5.000, TKE 0.3000, TKC 3.00, GPH 2.200). */
const referenceTicks: Readonly<Record<string, number>> = { TKF: 5000, TKE: 3000, TKC: 300, GPH: 2200 };

export function demoDay(catalogue: Catalogue, isoDate: string, clock: () => number): { house: ClearingHouse; close: DailySettlementInput } {
  const house = new ClearingHouse({ clock });
  const specs = specsForDate(catalogue, isoDate);
  for (const spec of specs) house.registerSeries(spec, referenceTicks[spec.product] ?? 1000);
  const member = house.addMember('Demo Clearing Member');
  const maker = house.addAccount(member.id, 'demo-market-maker', 'marketMaker').id;
  const [lab, cloud, fund] = ['ai-lab', 'gpu-cloud', 'macro-fund'].map((owner, i) => house.addAccount(member.id, owner, i === 1 ? 'hedger' : 'speculator').id);
  house.depositGuarantee(member.id, 'USD', 100_000_000n);
  house.contributeDefaultFund(member.id, 'USD', 50_000_000n);
  for (const id of [maker, lab!, cloud!, fund!]) {
    house.deposit(id, 'USD', 200_000_000n);
    house.deposit(id, 'CNY', 200_000_000n);
  }
  const front = (product: string): string => specs.find((s) => s.product === product && s.isSpotMonth)!.symbol;
  const second = (product: string): string => specs.filter((s) => s.product === product)[1]!.symbol;
  let tradeId = 1;
  const trade = (symbol: string, priceTicks: number, qtyLots: number, buyer: number, seller: number, tsMicros: number): void => {
    house.onEngineEvents(symbol, [tradeEvent({ tradeId: tradeId++, priceTicks, qtyLots, buyer, seller, tsMicros })]);
  };
  trade(front('TKF'), 5010, 20, lab!, maker, 100);
  trade(front('TKF'), 5040, 5, fund!, lab!, 200);
  trade(second('TKF'), 5100, 10, maker, fund!, 120);
  trade(front('GPH'), 2210, 300, maker, cloud!, 130);
  trade(front('TKC'), 305, 8, fund!, maker, 350);
  return {
    house,
    close: {
      closingWindowStartMicros: 150,
      series: { [front('GPH')]: { bestBidTicks: 2205, bestAskTicks: 2215 }, [second('TKF')]: { indexPrevious: 1000, indexNow: 1012 } },
    },
  };
}
