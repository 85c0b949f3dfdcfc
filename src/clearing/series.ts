// The series clearing knows, with their market state as clearing sees it: the price positions are marked at
// (the last settlement, or the reference before the first one), today's daily limits, and today's trades for
// the closing-window VWAP. Products are derived from their series and must agree on their risk parameters.

import { assert } from '../core/assert.js';
import { RingSlots } from '../core/ring-slots.js';
import { bpsScale, priceTicksMax, productsMax, seriesMax, settlementTradesPerSeriesMax } from './limits.js';
import type { ProductRisk } from './margin.js';
import { assertSpec, type ContractSpec } from './spec.js';

export interface TradePrint {
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly tsMicros: number;
}

export interface SeriesState {
  readonly idx: number;
  readonly spec: ContractSpec;
  readonly productIdx: number;
  /** spec.tickValueMinor as a number, for the hot loops (≤ 10^6, asserted by assertSpec). */
  readonly tickValueNumber: number;
  /** spec.feeMakerMinor / feeTakerMinor as numbers for the per-trade path; NaN past 2^53 (then bigint is used). */
  readonly feeMakerNumber: number;
  readonly feeTakerNumber: number;
  /** The end of this series' trade references in the ledger (" TKFH27" of "trade 17 TKFH27"), made once. */
  readonly tradeRefTail: string;
  markPriceTicks: number;
  limitBps: number;
  limitDownTicks: number;
  limitUpTicks: number;
  isSpotMonth: boolean;
  expired: boolean;
  lastTradePriceTicks: number;
  /** Today's trades that count, cleared by the daily settlement; read through keptTrades. */
  readonly trades: TradeTape;
}

function safeNumberOr(amountMinor: bigint): number {
  return amountMinor >= -BigInt(Number.MAX_SAFE_INTEGER) && amountMinor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(amountMinor) : Number.NaN;
}

/** Today's trades that count: the newest settlementTradesPerSeriesMax, oldest first (objects made on each call). */
export function keptTrades(series: Pick<SeriesState, 'trades'>): readonly TradePrint[] {
  return series.trades.prints();
}

/**
 * The newest settlementTradesPerSeriesMax trades of a series as columns in a ring: recorded on every trade and
 * read once a day, so a trade is three numbers written, not an object that lives until the evening (and
 * survives every young collection in between).
 */
export class TradeTape {
  private readonly ring = new RingSlots(settlementTradesPerSeriesMax);
  private priceTicks = new Float64Array(0);
  private qtyLots = new Float64Array(0);
  private tsMicros = new Float64Array(0);

  get length(): number {
    return this.ring.count;
  }

  push(priceTicks: number, qtyLots: number, tsMicros: number): void {
    const ring = this.ring;
    if (ring.full) {
      const capacity = ring.nextCapacity;
      this.priceTicks = ring.inOrder(this.priceTicks, new Float64Array(capacity));
      this.qtyLots = ring.inOrder(this.qtyLots, new Float64Array(capacity));
      this.tsMicros = ring.inOrder(this.tsMicros, new Float64Array(capacity));
      ring.grown(capacity);
    }
    const at = ring.push();
    this.priceTicks[at] = priceTicks;
    this.qtyLots[at] = qtyLots;
    this.tsMicros[at] = tsMicros;
  }

  prints(): TradePrint[] {
    const out: TradePrint[] = [];
    for (let i = 0; i < this.ring.count; i++) {
      const at = this.ring.fromOldest(i);
      out.push({ priceTicks: this.priceTicks[at]!, qtyLots: this.qtyLots[at]!, tsMicros: this.tsMicros[at]! });
    }
    return out;
  }

  clear(): void {
    this.ring.clear();
  }
}

/** The engine's limit formula, repeated here so clearing can say where tomorrow's limits will be. */
export function limitsFor(referencePriceTicks: number, limitBps: number): { limitDownTicks: number; limitUpTicks: number } {
  return {
    limitDownTicks: Math.max(1, Math.ceil((referencePriceTicks * (bpsScale - limitBps)) / bpsScale)),
    limitUpTicks: Math.floor((referencePriceTicks * (bpsScale + limitBps)) / bpsScale),
  };
}

export class SeriesRegistry {
  private readonly list: SeriesState[] = [];
  private readonly bySymbol = new Map<string, SeriesState>();
  readonly products: ProductRisk[] = [];
  private readonly productIdxByCode = new Map<string, number>();

  add(spec: ContractSpec, referencePriceTicks: number): SeriesState {
    assertSpec(spec);
    assert(!this.bySymbol.has(spec.symbol), `series ${spec.symbol} is already registered`);
    assert(this.list.length < seriesMax, 'series exhausted');
    assert(Number.isSafeInteger(referencePriceTicks) && referencePriceTicks > 0 && referencePriceTicks <= priceTicksMax,
      `reference price out of range: ${referencePriceTicks}`);
    const productIdx = this.productFor(spec);
    const state: SeriesState = {
      idx: this.list.length, spec, productIdx, tickValueNumber: Number(spec.tickValueMinor), tradeRefTail: ` ${spec.symbol}`,
      feeMakerNumber: safeNumberOr(spec.feeMakerMinor), feeTakerNumber: safeNumberOr(spec.feeTakerMinor),
      markPriceTicks: referencePriceTicks, limitBps: spec.limitBps, ...limitsFor(referencePriceTicks, spec.limitBps),
      isSpotMonth: spec.isSpotMonth, expired: false, lastTradePriceTicks: 0, trades: new TradeTape(),
    };
    this.list.push(state);
    this.bySymbol.set(spec.symbol, state);
    return state;
  }

  get(symbol: string): SeriesState | undefined {
    return this.bySymbol.get(symbol);
  }

  mustGet(symbol: string): SeriesState {
    const series = this.bySymbol.get(symbol);
    // Checked on every engine event batch: the message is built only when it fails.
    if (!(series !== undefined)) assert(false, `unknown series ${symbol}`);
    return series;
  }

  at(idx: number): SeriesState {
    const series = this.list[idx];
    // Checked several times per order: the message (with its number-to-string work) is built only when it fails.
    if (!(series !== undefined)) assert(false, `unknown series index ${idx}`);
    return series;
  }

  all(): readonly SeriesState[] {
    return this.list;
  }

  recordTrade(series: SeriesState, priceTicks: number, qtyLots: number, tsMicros: number): void {
    series.trades.push(priceTicks, qtyLots, tsMicros);
    series.lastTradePriceTicks = priceTicks;
  }

  private productFor(spec: ContractSpec): number {
    const risk: ProductRisk = {
      product: spec.product, group: spec.group, currency: spec.currency, initialMarginBps: spec.initialMarginBps,
      maintenanceRatioBps: spec.maintenanceRatioBps, scanRangeBps: spec.scanRangeBps, calendarSpreadChargeBps: spec.calendarSpreadChargeBps,
    };
    const existing = this.productIdxByCode.get(spec.product);
    if (existing !== undefined) {
      const known = this.products[existing]!;
      assert(JSON.stringify(known) === JSON.stringify(risk), `series ${spec.symbol} disagrees with product ${spec.product} on risk parameters`);
      return existing;
    }
    assert(this.products.length < productsMax, 'products exhausted');
    this.products.push(Object.freeze(risk));
    this.productIdxByCode.set(spec.product, this.products.length - 1);
    return this.products.length - 1;
  }
}
