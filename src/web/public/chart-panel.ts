// The candlestick chart with volume (lightweight-charts, loaded as its standalone script) of the selected
// series: history from the last trades over REST, then every trade from the WebSocket trade channel.

import type * as Charts from 'lightweight-charts';
import { getPublic } from './api.js';
import { CandleBuilder, type Trade } from './candles.js';
import { byId, decimalsOf, state } from './state.js';

declare const LightweightCharts: typeof Charts;

export const intervalsSec = [5, 15, 60, 300] as const;
export const historyTrades = 1000;

const colors = { up: '#26a69a', down: '#ef5350', grid: '#1f2733', text: '#9aa4b2' };

export function themedChart(container: HTMLElement, height: number): Charts.IChartApi {
  return LightweightCharts.createChart(container, {
    height, autoSize: true,
    layout: { background: { color: '#0f141b' }, textColor: colors.text, fontSize: 11 },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    timeScale: { timeVisible: true, secondsVisible: true, borderColor: colors.grid },
    rightPriceScale: { borderColor: colors.grid },
  });
}

export class ChartPanel {
  private readonly chart: Charts.IChartApi;
  private readonly candles: Charts.ISeriesApi<'Candlestick'>;
  private readonly volume: Charts.ISeriesApi<'Histogram'>;
  private builder = new CandleBuilder(5);
  private symbol = '';
  /** Trades that arrive while the history loads; applied after it (deduplicated by tradeId). */
  private pending: Trade[] | undefined;
  private readonly container = byId('chart');

  constructor() {
    this.chart = themedChart(this.container, 320);
    this.candles = this.chart.addSeries(LightweightCharts.CandlestickSeries, { upColor: colors.up, downColor: colors.down, wickUpColor: colors.up, wickDownColor: colors.down, borderVisible: false });
    this.volume = this.chart.addSeries(LightweightCharts.HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' } });
    this.chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    this.candles.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
    const buttons = byId('intervals');
    for (const seconds of intervalsSec) {
      const button = document.createElement('button');
      button.textContent = seconds < 60 ? `${seconds}s` : `${seconds / 60}m`;
      button.dataset.interval = String(seconds);
      button.onclick = () => void this.show(this.symbol, seconds);
      buttons.append(button);
    }
  }

  async show(symbol: string, intervalSec = this.builder.intervalSec): Promise<void> {
    this.symbol = symbol;
    this.builder = new CandleBuilder(intervalSec);
    this.pending = [];
    byId('intervals').querySelectorAll('button').forEach((button) => button.classList.toggle('on', button.dataset.interval === String(intervalSec)));
    const tick = state.seriesBySymbol.get(symbol)!.tickSize;
    this.candles.applyOptions({ priceFormat: { type: 'price', precision: decimalsOf(tick), minMove: Number(tick) } });
    const answer = await getPublic<{ trades: Trade[] }>(`/v1/markets/${symbol}/trades?limit=${historyTrades}`);
    if (this.symbol !== symbol) return;
    for (const trade of [...answer.trades].reverse()) this.builder.add(trade);
    for (const trade of this.pending.sort((a, b) => a.tradeId - b.tradeId)) this.builder.add(trade);
    this.pending = undefined;
    this.candles.setData(this.builder.bars.map((b) => ({ time: b.time as Charts.UTCTimestamp, open: b.open, high: b.high, low: b.low, close: b.close })));
    this.volume.setData(this.builder.bars.map((b) => ({ time: b.time as Charts.UTCTimestamp, value: b.volume, color: b.close >= b.open ? '#26a69a66' : '#ef535066' })));
    this.chart.timeScale().scrollToRealTime();
    this.mark();
  }

  trade(symbol: string, trade: Trade): void {
    if (symbol !== this.symbol) return;
    if (this.pending) {
      this.pending.push(trade);
      return;
    }
    if (this.builder.add(trade) === 'stale') return;
    const bar = this.builder.bars.at(-1)!;
    this.candles.update({ time: bar.time as Charts.UTCTimestamp, open: bar.open, high: bar.high, low: bar.low, close: bar.close });
    this.volume.update({ time: bar.time as Charts.UTCTimestamp, value: bar.volume, color: bar.close >= bar.open ? '#26a69a66' : '#ef535066' });
    this.mark();
  }

  /** The bar count and last bar time on the container: what a person sees, readable by the browser test. */
  private mark(): void {
    this.container.dataset.bars = String(this.builder.bars.length);
    this.container.dataset.lastBar = String(this.builder.bars.at(-1)?.time ?? 0);
    this.container.dataset.symbol = this.symbol;
  }
}
