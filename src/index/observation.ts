// A price observation with its provenance: who offers which model at what price, in which currency, on which
// day, and where we learnt it. Prices are nano-units per million tokens (see price.ts). Observations are
// values: once made they are never edited; a correction is a new observation and a restated fixing.

export type Currency = 'USD' | 'CNY';
export const currencies: readonly Currency[] = ['USD', 'CNY'];

/** Where an observation came from, in the order of the hierarchy of inputs (first wins). */
export type SourceKind = 'trade' | 'contributor' | 'reference';
export const sourceRank: Readonly<Record<SourceKind, number>> = { trade: 0, contributor: 1, reference: 2 };

export interface TokenObservation {
  readonly provider: string;
  readonly modelId: string;
  readonly currency: Currency;
  readonly inputNanoPerMtok: bigint;
  readonly outputNanoPerMtok: bigint;
  /** Recorded for completeness; cached-input prices do not enter the blend. */
  readonly cachedInputNanoPerMtok: bigint | undefined;
  /** The UTC day (YYYY-MM-DD) the price applies to, or an ISO instant for a contributed price. */
  readonly observedAt: string;
  readonly sourceKind: SourceKind;
  /** "@pydantic/genai-prices@0.1.8", "contributor:acme", "tokex:trades". */
  readonly source: string;
  readonly deprecated: boolean;
  /** How the day's price was derived when it was not a single flat rate (time-of-day rules, rounding). */
  readonly note: string | undefined;
}

/** The JSON form: nano prices as decimal strings, so a stored observation is exact and readable. */
export interface TokenObservationJson {
  provider: string;
  modelId: string;
  currency: Currency;
  input: string;
  output: string;
  cachedInput?: string;
  observedAt: string;
  sourceKind: SourceKind;
  source: string;
  deprecated?: boolean;
  note?: string;
}
