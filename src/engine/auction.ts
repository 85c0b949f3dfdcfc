// The call auction that runs when preOpen or halted gives way to continuous trading (as Chinese futures
// exchanges open). One price for everything: the price that executes the most lots; among those, the least
// imbalance between buy and sell volume at that price; then the nearest to the reference price; then the lower
// price. Every tick between the best ask and the best bid is a candidate, not only prices with orders, so an
// open with a wide overlap lands on the reference price when volume allows.
// Orders then trade at that price: bids from the best price down and asks from the best up, oldest first within
// a price. In each trade the maker is the order that entered first; the taker (and aggressor side) the later one.
// Self-trade prevention does not apply in the auction (both sides chose to be in the cross).

import { emitAuction, emitTrade } from './emit.js';
import type { EngineState } from './state.js';

export interface AuctionResult {
  priceTicks: number;
  qtyLots: number;
}

/** The auction price and volume for the current book; qtyLots 0 when the book does not cross. */
export function auctionPrice(s: EngineState): AuctionResult {
  const bids = s.bids;
  const asks = s.asks;
  if (bids.best === -1 || asks.best === -1 || bids.best < asks.best) return { priceTicks: 0, qtyLots: 0 };
  // Both ladders share base and size (the daily band), so level indices compare directly.
  const lo = asks.best;
  const hi = bids.best;
  let buyLots = 0; // bids at or above the candidate price
  for (let i = lo; i <= hi; i++) buyLots += bids.lots[i]!;
  let sellLots = 0; // asks at or below the candidate price
  let bestIndex = -1;
  let bestVolume = -1;
  let bestImbalance = 0;
  let bestDistance = 0;
  const referenceIndex = s.referencePriceTicks - asks.base;
  for (let i = lo; i <= hi; i++) {
    sellLots += asks.lots[i]!;
    const volume = buyLots < sellLots ? buyLots : sellLots;
    const imbalance = buyLots > sellLots ? buyLots - sellLots : sellLots - buyLots;
    const distance = i > referenceIndex ? i - referenceIndex : referenceIndex - i;
    const better =
      volume > bestVolume ||
      (volume === bestVolume && (imbalance < bestImbalance || (imbalance === bestImbalance && distance < bestDistance)));
    // Ascending scan: on a full tie the lower price, found first, stays.
    if (better) {
      bestIndex = i;
      bestVolume = volume;
      bestImbalance = imbalance;
      bestDistance = distance;
    }
    buyLots -= bids.lots[i]!;
  }
  return { priceTicks: bestIndex + asks.base, qtyLots: bestVolume };
}

/** Runs the auction: auction event, then the trades at the one price. Returns the lots executed. */
export function uncross(s: EngineState, seq: number, ts: number): number {
  const { priceTicks, qtyLots } = auctionPrice(s);
  if (qtyLots === 0) return 0;
  emitAuction(s, seq, ts, priceTicks, qtyLots);
  let remaining = qtyLots;
  while (remaining > 0) {
    const bids = s.bids;
    const asks = s.asks;
    const bidLevel = bids.best;
    const askLevel = asks.best;
    const bid = bids.head[bidLevel]!;
    const ask = asks.head[askLevel]!;
    const bidLeaves = s.leavesLots[bid]!;
    const askLeaves = s.leavesLots[ask]!;
    let fill = bidLeaves < askLeaves ? bidLeaves : askLeaves;
    if (fill > remaining) fill = remaining;
    remaining -= fill;
    s.leavesLots[bid] = bidLeaves - fill;
    s.leavesLots[ask] = askLeaves - fill;
    s.filledLots[bid] = s.filledLots[bid]! + fill;
    s.filledLots[ask] = s.filledLots[ask]! + fill;
    bids.lots[bidLevel] = bids.lots[bidLevel]! - fill;
    asks.lots[askLevel] = asks.lots[askLevel]! - fill;
    const bidIsMaker = s.priority[bid]! < s.priority[ask]!;
    const maker = bidIsMaker ? bid : ask;
    const taker = bidIsMaker ? ask : bid;
    emitTrade(s, seq, ts, priceTicks, fill, s.side[taker]!, s.orderId[maker]!, s.accountId[maker]!, s.leavesLots[maker]!, s.orderId[taker]!, s.accountId[taker]!, s.leavesLots[taker]!);
    if (bidLeaves === fill) {
      s.unlink(bids, bid, bidLevel + bids.base);
      s.freeSlot(bid);
    }
    if (askLeaves === fill) {
      s.unlink(asks, ask, askLevel + asks.base);
      s.freeSlot(ask);
    }
  }
  return qtyLots;
}
