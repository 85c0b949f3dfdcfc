// Every bound of the history read model in one place; relations are asserted at load.

import { assert } from '../core/assert.js';

/** Journal records applied per SQLite transaction: big enough to amortise the commit, small enough that one
 * transaction never holds the event loop (and so the sequencer sharing it) for long. */
export const recordsPerTransactionMax = 2_000;

/** Rows a query returns when the caller names no limit, and the most it may ask for. */
export const queryRowsDefault = 100;
export const queryRowsMax = 10_000;

/** Bytes the journal tail reads at a time; must hold the largest record (1 MiB) with room to spare. */
export const tailChunkBytes = 4 << 20;

/** Progress lines of `tokex rebuild`: one every this many records. */
export const rebuildProgressRecords = 10_000;

/** Bumped when a table changes shape: an older file is rebuilt, never migrated in place (it is a cache). */
export const historySchemaVersion = 1;

assert(recordsPerTransactionMax > 0 && queryRowsDefault > 0 && queryRowsDefault <= queryRowsMax, 'history row limits');
assert(tailChunkBytes >= 2 * (1 << 20), 'a tail chunk must hold a whole journal record (recordBytesMax 1 MiB) and more');
