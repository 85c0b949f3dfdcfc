// Replays a TKXSTRM1 stream through the npm package nodejs-order-book (the peer the issue names), with ids
// passed as "o<id>" strings, ADD as a GTC limit, IOC as an IOC limit and CANCEL by id. Its API reports the
// quantity left per order, so traded lots are exact; resting orders, lots and the touch come from its book.

import { OrderBook, Side, type LimitOrderOptions } from 'nodejs-order-book';
import { StreamKind, type StreamColumns } from './stream-format.js';
import type { ReplayOutcome } from './verify.js';

// Its TimeInForce enum is not exported by the package's entry point; these are its string values.
const gtc = 'GTC' as NonNullable<LimitOrderOptions['timeInForce']>;
const ioc = 'IOC' as NonNullable<LimitOrderOptions['timeInForce']>;

export interface PeerRun {
  book: OrderBook;
  seconds: number;
  tradedLots: number;
  /** Orders the peer refused (err set) and cancels that found no order: both should be 0. */
  errors: number;
  firstError: string;
}

export function replayPeer(s: StreamColumns): PeerRun {
  const book = new OrderBook();
  const n = s.header.count;
  let tradedLots = 0, errors = 0, firstError = '';
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const kind = s.kind[i];
    const id = 'o' + s.orderId[i];
    if (kind === StreamKind.cancel) {
      if (book.cancel(id) === undefined && errors++ === 0) firstError = `record ${i}: cancel of ${id} found no order`;
      continue;
    }
    const size = s.qtyLots[i]!;
    const result = book.limit({
      id, side: s.side[i] === 0 ? Side.BUY : Side.SELL, size, price: s.priceTicks[i]!,
      timeInForce: kind === StreamKind.add ? gtc : ioc,
    });
    if (result.err !== null) {
      if (errors++ === 0) firstError = `record ${i}: ${result.err.message}`;
      continue;
    }
    tradedLots += size - result.quantityLeft;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { book, seconds, tradedLots, errors, firstError };
}

/** The peer's final book in the sidecar's terms (walks every id once: outside the timed replay). */
export function peerOutcome(run: PeerRun, s: StreamColumns): ReplayOutcome {
  const [asks, bids] = run.book.depth();
  let restingLots = 0;
  for (const [, lots] of asks) restingLots += lots;
  for (const [, lots] of bids) restingLots += lots;
  let idMax = 0;
  for (let i = 0; i < s.header.count; i++) if (s.orderId[i]! > idMax) idMax = s.orderId[i]!;
  let restingOrders = 0;
  for (let id = 1; id <= idMax; id++) if (run.book.order('o' + id) !== undefined) restingOrders++;
  return {
    tradedLots: run.tradedLots,
    restingOrders,
    restingLots,
    bestBid: bids.length === 0 ? 0 : Math.max(...bids.map(([price]) => price)),
    bestAsk: asks.length === 0 ? 0 : Math.min(...asks.map(([price]) => price)),
  };
}
