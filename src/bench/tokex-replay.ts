// Replays a TKXSTRM1 stream through the tokex MatchingEngine exactly as the benchmark measures it: every command
// through the public hot-path methods (validation, price limits, events, event-chain hash all on the path), the
// EventBuffer drained after every command by reading its columns (no event objects), then cleared.

import { MatchingEngine, type EngineConfig } from '../engine/engine.js';
import { EventBuffer } from '../engine/event-buffer.js';
import { CancelReason, EventKind, OrderType, Phase, StpMode, TimeInForce } from '../engine/protocol.js';
import { StreamKind, type StreamColumns } from './stream-format.js';
import type { ReplayOutcome } from './verify.js';

export const benchEngineConfig: EngineConfig = {
  symbol: 'BENCH',
  qtyLotsMax: 1000,
  // The stream peaks at 2,950 resting orders; a pool near the need keeps a fresh engine's columns and id map
  // (zero-filled, then page-faulted in by the timed loop) small, as a deployment would size it per instrument.
  ordersRestingMax: 1 << 16,
  marketProtectionTicks: 1000,
  priceTicksMax: 1 << 30,
};
export const benchReferencePriceTicks = 100_000;
export const benchLimitBps = 5000;
/** setReference, preOpen, continuous take seq 1..3; stream record i is seq (and tsMicros) seqBase + i + 1. */
export const seqBase = 3;
/** Every event stays in the buffer until the drain after its command; an IOC makes at most ~50 fills. */
export const benchEventCapacity = 4096;

/** Counts the events of a replay from the buffer's columns. */
export class EventTally {
  fills = 0;
  tradedLots = 0;
  /** tick-lots; exact as a double while below 2^53 (the 1M stream reaches ~2.5e11). */
  tradedNotional = 0;
  iocUnfilledLots = 0;
  cancelsRequested = 0;
  /** Cancels for any other reason: none are expected on this stream. */
  cancelsOther = 0;
  rejected = 0;
  firstRejectCode = 0;

  add(buffer: EventBuffer): void {
    const n = buffer.count;
    const kind = buffer.kind;
    for (let i = 0; i < n; i++) {
      const k = kind[i];
      if (k === EventKind.trade) {
        const lots = buffer.qtyLots[i]!;
        this.fills++;
        this.tradedLots += lots;
        this.tradedNotional += lots * buffer.priceTicks[i]!;
      } else if (k === EventKind.cancelled) {
        const reason = buffer.code[i];
        if (reason === CancelReason.iocRemainder) this.iocUnfilledLots += buffer.qtyLots[i]!;
        else if (reason === CancelReason.requested) this.cancelsRequested++;
        else this.cancelsOther++;
      } else if (k === EventKind.rejected) {
        if (this.rejected++ === 0) this.firstRejectCode = buffer.code[i]!;
      }
    }
    buffer.clear();
  }
}

export interface BenchEngine {
  engine: MatchingEngine;
  events: EventBuffer;
  tally: EventTally;
}

/** A fresh engine in continuous trading with the bench's reference price and limits set. */
export function newBenchEngine(config: EngineConfig = benchEngineConfig): BenchEngine {
  const tally = new EventTally();
  const events = new EventBuffer(benchEventCapacity, (full) => tally.add(full));
  const engine = new MatchingEngine(config, events);
  engine.setReference(1, 1, benchReferencePriceTicks, benchLimitBps);
  engine.setPhase(2, 2, Phase.preOpen);
  engine.setPhase(3, 3, Phase.continuous);
  events.clear(); // the setup's limitsChanged/phaseChanged are not part of the replay
  return { engine, events, tally };
}

/** Applies stream record i (seq seqBase + i + 1). */
export function applyRecord(engine: MatchingEngine, s: StreamColumns, i: number): void {
  const seq = seqBase + i + 1;
  const kind = s.kind[i];
  if (kind === StreamKind.add) {
    engine.newOrder(seq, seq, s.orderId[i]!, 0, s.side[i]!, OrderType.limit, TimeInForce.GTC, s.priceTicks[i]!, 0, s.qtyLots[i]!, false, 0, StpMode.none);
  } else if (kind === StreamKind.cancel) {
    engine.cancel(seq, seq, s.orderId[i]!, 0);
  } else {
    engine.newOrder(seq, seq, s.orderId[i]!, 0, s.side[i]!, OrderType.limit, TimeInForce.IOC, s.priceTicks[i]!, 0, s.qtyLots[i]!, false, 0, StpMode.none);
  }
}

/** The whole stream on a fresh engine; seconds covers the replay loop only (commands plus event draining). */
export function replayTokex(s: StreamColumns, config: EngineConfig = benchEngineConfig): BenchEngine & { seconds: number } {
  const bench = newBenchEngine(config);
  const { engine, events, tally } = bench;
  const n = s.header.count;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    applyRecord(engine, s, i);
    tally.add(events);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { ...bench, seconds };
}

/** What the replay produced, in the sidecar's terms. */
export function tokexOutcome({ engine, tally }: BenchEngine): ReplayOutcome {
  return {
    fills: tally.fills,
    tradedLots: tally.tradedLots,
    tradedNotional: String(tally.tradedNotional),
    iocUnfilledLots: tally.iocUnfilledLots,
    cancelsOfLiveOrders: tally.cancelsRequested,
    restingOrders: engine.restingOrderCount(),
    restingLots: engine.restingLots(),
    bestBid: engine.bestBidTicks(),
    bestAsk: engine.bestAskTicks(),
  };
}
