// Every timing and size the cluster code depends on, in one place, with their relations checked at load.
// Times are wall-clock milliseconds measured on each process's own clock; no two machines' clocks are ever
// compared (the lease works on "this revision has not changed for leaseMs as I saw it").

import { assert } from '../core/assert.js';

/** A primary that has not renewed its lease for this long is presumed dead by the standby. */
export const leaseMs = 3_000;
/** The primary renews this often, so that two renewals can be lost before the lease runs out. */
export const leaseRenewMs = 1_000;
/** A primary that cannot renew for this long stops answering on its own (it may be cut off from the cluster). */
export const leaseSelfFenceMs = 2_500;

/** JetStream's duplicate window: a retried publish with the same Nats-Msg-Id inside it is stored once. */
export const duplicateWindowMs = 120_000;
/** A gateway gives up on a command after this long and tells its caller the outcome is unknown. */
export const requestDeadlineMs = 45_000;
/** A gateway that has no outcome this long after the log took its command looks it up in the outcome stream. */
export const outcomeLookupMs = 2_000;
/** A front end whose local replica has not applied an answered command this long tells its caller so (503). */
export const followerApplyDeadlineMs = 20_000;
/** Pause between two attempts to publish a command or an outcome while the cluster is electing a leader. */
export const publishRetryMs = 250;
export const publishTimeoutMs = 5_000;
/** Commands a gateway may have waiting for outcomes at once; more are refused at once (backpressure). */
export const gatewayPendingMax = 10_000;

/** Outcomes an engine keeps after applying, so a standby that takes over can answer what the primary did not. */
export const outcomesKeptMax = 32_768;
/** Outcome publishes a primary keeps in flight before it waits for acknowledgements. */
export const outcomesInFlightMax = 512;
/** On takeover, outcomes are re-published from this many commands before the last answer seen in the stream:
 *  a dying primary's last publishes may be stored out of order when a stream leader changes meanwhile. */
export const outcomesReplayMarginMax = 4 * outcomesInFlightMax;
/** Outcomes are kept in their stream this long: longer than any gateway waits for one. */
export const outcomesMaxAgeMs = 10 * 60_000;

/** Ordered consumers: idle heartbeats let a client notice a dead server and re-create its consumer. */
export const consumerExpiresMs = 5_000;
export const consumerBufferMessagesMax = 1_024;
/** A follower that delivered nothing for this long asks its consumer whether it is stalled (then re-creates it). */
export const followerStallCheckMs = 3_000;
/** Creating a consumer is retried this long (a node just died, leaders are being elected). */
export const consumerCreateDeadlineMs = 60_000;

export const groupProductsMax = 32;
export const requestIdBytesMax = 64;
export const gatewayIdBytesMax = 32;
export const nodeIdBytesMax = 32;
export const commandBytesMax = 64 * 1024;
export const httpBodyBytesMax = 64 * 1024;
export const streamReplicasMax = 5;

assert(leaseRenewMs * 2 < leaseMs, 'the lease must survive one lost renewal');
assert(leaseRenewMs < leaseSelfFenceMs && leaseSelfFenceMs < leaseMs, 'a primary fences itself before a standby may take over');
assert(outcomeLookupMs < requestDeadlineMs, 'a gateway looks up a missing outcome before it gives up');
assert(followerApplyDeadlineMs > 3 * followerStallCheckMs + consumerExpiresMs, 'a replica gets time to notice a stalled consumer and re-create it');
assert(requestDeadlineMs < duplicateWindowMs, 'a retry inside the deadline must hit the duplicate window');
assert(requestDeadlineMs < outcomesMaxAgeMs, 'an outcome outlives every gateway waiting for it');
assert(outcomesReplayMarginMax < outcomesKeptMax, 'the replay margin fits in the outcomes kept');
assert(publishRetryMs < publishTimeoutMs, 'retry pause is shorter than one publish attempt');
