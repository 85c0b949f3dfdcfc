// The sample contributor quotes (data/gpu-quotes-sample.json, clearly labelled sample data): standing quotes,
// each valid from its date until the same contributor quotes the same GPU and term again or withdraws.

import { assert } from '../core/assert.js';
import sample from './data/gpu-quotes-sample.json' with { type: 'json' };
import { gpuModels, type GpuModel, type GpuQuote } from './gpu-index.js';
import { decimalToNano } from './price.js';

interface StandingQuote {
  readonly from: string;
  readonly contributor: string;
  readonly gpu: string;
  readonly term: string;
  readonly price?: string;
  readonly qtyGpuHours?: number;
  readonly withdrawn?: boolean;
}

export const sampleQuotesSource = 'sample:gpu-quotes-sample.json';

/** The quotes standing on a date, from a standing-quote list (the sample file by default). */
export function quotesOn(gpu: GpuModel, isoDate: string, standing: readonly StandingQuote[] = sample.quotes): GpuQuote[] {
  const current = new Map<string, StandingQuote>();
  for (const quote of standing) {
    assert(gpuModels.includes(quote.gpu as GpuModel), `unknown GPU model "${quote.gpu}" in quote data`);
    if (quote.gpu !== gpu || quote.from > isoDate) continue;
    const key = `${quote.contributor}\u0000${quote.term}`;
    const held = current.get(key);
    if (!held || held.from <= quote.from) current.set(key, quote);
  }
  const quotes: GpuQuote[] = [];
  for (const quote of current.values()) {
    if (quote.withdrawn === true) continue;
    const price = decimalToNano(quote.price ?? '');
    assert(price !== undefined && price > 0n && Number.isSafeInteger(quote.qtyGpuHours) && quote.qtyGpuHours! > 0,
      `quote ${quote.contributor} ${quote.gpu} ${quote.term} ${quote.from}: a positive price and quantity`);
    quotes.push({ contributor: quote.contributor, gpu, term: quote.term, priceNanoPerGpuHour: price, qtyGpuHours: quote.qtyGpuHours!, quotedOn: quote.from, source: sampleQuotesSource });
  }
  return quotes.sort((a, b) => (a.contributor < b.contributor ? -1 : a.contributor > b.contributor ? 1 : a.term < b.term ? -1 : 1));
}
