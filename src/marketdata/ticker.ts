// The ticker a terminal shows for one instrument: last price, the day's range and volume, change against the
// previous settlement, best bid and ask. Integer ticks and lots; the API turns them into decimal strings.

export interface Ticker {
  readonly symbol: string;
  readonly lastTicks: number;
  readonly highTicks: number;
  readonly lowTicks: number;
  readonly volumeLots: number;
  readonly tradeCount: number;
  readonly bestBidTicks: number;
  readonly bestAskTicks: number;
  readonly previousSettlementTicks: number;
  /** Change against the previous settlement, in ticks (0 when either is unknown). */
  readonly changeTicks: number;
}

export class TickerState {
  private lastTicks = 0;
  private highTicks = 0;
  private lowTicks = 0;
  private volumeLots = 0;
  private tradeCount = 0;

  constructor(readonly symbol: string) {}

  /** The state as plain data: [last, high, low, volume, trades]. */
  snapshot(): [number, number, number, number, number] {
    return [this.lastTicks, this.highTicks, this.lowTicks, this.volumeLots, this.tradeCount];
  }

  restore(state: readonly [number, number, number, number, number]): void {
    [this.lastTicks, this.highTicks, this.lowTicks, this.volumeLots, this.tradeCount] = state;
  }

  addTrade(priceTicks: number, qtyLots: number): void {
    this.lastTicks = priceTicks;
    this.highTicks = this.tradeCount === 0 ? priceTicks : Math.max(this.highTicks, priceTicks);
    this.lowTicks = this.tradeCount === 0 ? priceTicks : Math.min(this.lowTicks, priceTicks);
    this.volumeLots += qtyLots;
    this.tradeCount++;
  }

  /** A new trading day: the range and volume start again; the last price stays. */
  newDay(): void {
    this.highTicks = 0;
    this.lowTicks = 0;
    this.volumeLots = 0;
    this.tradeCount = 0;
  }

  view(bestBidTicks: number, bestAskTicks: number, previousSettlementTicks: number): Ticker {
    const changeTicks = this.lastTicks > 0 && previousSettlementTicks > 0 ? this.lastTicks - previousSettlementTicks : 0;
    return Object.freeze({
      symbol: this.symbol,
      lastTicks: this.lastTicks,
      highTicks: this.highTicks,
      lowTicks: this.lowTicks,
      volumeLots: this.volumeLots,
      tradeCount: this.tradeCount,
      bestBidTicks,
      bestAskTicks,
      previousSettlementTicks,
      changeTicks,
    });
  }
}
