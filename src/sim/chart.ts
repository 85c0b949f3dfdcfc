// A price line in the terminal: one Unicode block per bucket of trades, scaled between the low and the high.

const blocks = '▁▂▃▄▅▆▇█';

export function sparkline(values: readonly number[], widthMax = 60): string {
  if (values.length === 0) return '';
  const buckets = Math.min(widthMax, values.length);
  const points: number[] = [];
  for (let b = 0; b < buckets; b++) {
    // The last value of each bucket: a close, as candles use.
    points.push(values[Math.min(values.length - 1, Math.floor(((b + 1) * values.length) / buckets) - 1)]!);
  }
  const low = Math.min(...points);
  const high = Math.max(...points);
  return points.map((v) => blocks[high === low ? 3 : Math.round(((v - low) / (high - low)) * (blocks.length - 1))]).join('');
}
