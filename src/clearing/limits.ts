// Every store in clearing is bounded (STYLE.md, habit 8). The relations between limits are asserted at load,
// so a change that makes them inconsistent fails at the first import, not in production.

import { assert } from '../core/assert.js';

export const bpsScale = 10_000;
export const seriesMax = 4_096;
export const productsMax = 64;
export const membersMax = 10_000;
export const accountsMax = 2_000_000;
export const positionsMax = 8_000_000;
export const openOrdersPerAccountMax = 1_000;
export const openOrdersMax = 4_000_000;
/** Trades kept per series for the closing-window VWAP; older ones are dropped from the front. */
export const settlementTradesPerSeriesMax = 100_000;
export const ledgerEntriesMax = 100_000_000;
/** Legs of one entry: a trade's entries have three; room for a multi-party entry. */
export const ledgerLegsPerEntryMax = 64;
/** Legs of all entries: a leg span is a Uint32 offset. */
export const ledgerLegsMax = ledgerEntriesMax * 4;
/** Distinct reference heads and tails ("trade ", " TKFH27", "-03-15"): kinds of reference × symbols or dates. */
export const ledgerRefPartsMax = 1_000_000;
export const ledgerAccountsMax = accountsMax * 2 + membersMax + 64;
/** A single deposit, withdrawal or guarantee: 10^15 minor units (10 trillion in major units). */
export const amountMinorMax = 10n ** 15n;
/** Quantities fit comfortably in an Int32 slot; prices in ticks below 2^31 as well. */
export const qtyLotsMax = 1_000_000;
export const priceTicksMax = 2_000_000_000;
export const marginCallsMax = accountsMax;
export const hedgeQuotaLotsMax = 10_000_000;

assert(accountsMax <= 2 ** 31 - 1, 'account ids live in Int32 slots');
assert(seriesMax <= 65_535, 'series indices live in Uint16 slots');
assert(positionsMax >= accountsMax, 'every account may hold at least one position');
assert(openOrdersPerAccountMax * 1 <= openOrdersMax, 'one account alone must fit the open-order store');
// basisTicks = qty × price must stay an exact integer in a float64 (< 2^53) for every position.
assert(qtyLotsMax * priceTicksMax < Number.MAX_SAFE_INTEGER, 'qty × price must stay below 2^53');
assert(ledgerAccountsMax > accountsMax, 'each account needs a cash ledger account');
assert(ledgerLegsMax < 2 ** 32 && ledgerLegsMax >= ledgerEntriesMax * 3, 'leg offsets fit a Uint32 and every entry of a trade fits');
assert(ledgerEntriesMax < 2 ** 31, 'a reversal names its entry in an Int32 column');
