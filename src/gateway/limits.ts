// Every limit of the gateway in one place, as named constants; their relations are asserted at load.

import { assert } from '../core/assert.js';

/** A signed request's timestamp may be this far from the server's clock, either way (issue 5, item 4). */
export const timestampSkewMsMax = 5_000;
/**
 * A used signature is remembered until no request carrying it could pass the timestamp check any more: its
 * timestamp is at most skew ahead of the server's clock and valid until skew after it, so twice the skew.
 */
export const signatureRememberMs = 2 * timestampSkewMsMax;
/** Bound on remembered signatures; when full (after purging expired ones) new requests are asked to retry. */
export const signaturesRememberedMax = 500_000;

export const requestBodyBytesMax = 16 * 1024;
export const clientOrderIdCharsMax = 36;
export const accountNameCharsMax = 100;
export const depositsPerRequestMax = 4;
export const bookDepthMax = 50;
export const bookDepthDefault = 10;
export const tradesPerRequestMax = 1000;
export const tradesPerRequestDefault = 100;
export const candlesPerRequestMax = 2000;
export const fillsPerRequestMax = 1000;
export const fillsKeptPerAccountMax = 10_000;
export const ordersPerRequestMax = 1000;
export const accountsPerRequestMax = 10_000;
export const keysPerAccountMax = 16;

/** Per-key token bucket: a burst of this many requests, refilled at this many per second. */
export const rateBurstDefault = 200;
export const ratePerSecDefault = 100;
export const operatorRateBurstDefault = 2000;
export const operatorRatePerSecDefault = 1000;
export const rateBurstMax = 1_000_000;
/** Buckets of keys unseen for this long are dropped, so the table is bounded by the active keys. */
export const rateBucketIdleMs = 60_000;

/** Index fixings per range request: days from..to inclusive (default, and at most). */
export const fixingRangeDaysDefault = 31;
export const fixingRangeDaysMax = 1_000;

/** A GTD order expires at most this far ahead (a year). */
export const expiryAheadMsMax = 366 * 24 * 3600 * 1000;

/**
 * Command latency buckets for the histogram, seconds (50 µs to 1 s); fine between 1 and 25 ms, where a durable
 * acknowledgement's tail lives (the gateway benchmark reads the server's p99 from them).
 */
export const latencyBucketsSec = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.05, 0.1, 1];

assert(signatureRememberMs >= 2 * timestampSkewMsMax, 'a signature must be remembered for as long as it could pass');
assert(bookDepthDefault <= bookDepthMax, 'default book depth within the maximum');
assert(tradesPerRequestDefault <= tradesPerRequestMax, 'default trades within the maximum');
assert(fixingRangeDaysDefault <= fixingRangeDaysMax, 'default fixing range within the maximum');
assert(fillsPerRequestMax <= fillsKeptPerAccountMax, 'a request cannot ask for more fills than are kept');
assert(ratePerSecDefault > 0 && rateBurstDefault >= 1 && rateBurstDefault <= rateBurstMax, 'rate limits positive');
assert(clientOrderIdCharsMax <= 64, 'client order ids fit the journal codec (64 bytes)');

// WebSocket (/v1/ws)
export const wsConnectionsMax = 1_000;
export const wsMessageBytesMax = 16 * 1024;
export const wsSubscriptionsPerConnectionMax = 64;
/** A client that lets this much pile up unread is disconnected rather than buffered without bound. */
export const wsBufferedBytesMax = 4 * 1024 * 1024;
export const wsHeartbeatMsDefault = 10_000;
export const wsTradesInSnapshot = 50;
/** Requests of one connection read but not yet answered; past it the socket is paused (backpressure). */
export const wsRequestsInFlightMax = 4_096;
/** Orders remembered per connection for cancel-on-disconnect. */
export const wsOrdersTrackedMax = 10_000;

assert(wsMessageBytesMax <= requestBodyBytesMax, 'a WebSocket message is no larger than a REST body');
