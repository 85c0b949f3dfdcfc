// Every bound of the FIX gateway as a named constant, with the relations between them asserted at load
// (TIGER_STYLE: a limit on everything). A peer can make us hold at most these many bytes and messages.

import { assert } from '../../core/assert.js';

/** Largest whole message (from 8= to the trailing SOH of 10=). Our inbound messages are a few hundred bytes. */
export const messageBytesMax = 4096;
/** Most tag=value fields in one message, header and trailer included. */
export const fieldsMax = 128;
/** Longest value of any one field. */
export const valueBytesMax = 256;
/** BodyLength (9) is a decimal number of at most this many digits. */
export const bodyLengthDigitsMax = 5;
/** Bytes kept from a TCP stream while a message is incomplete: one message plus a full read chunk of slack. */
export const framerBufferBytesMax = messageBytesMax * 16;

export const compIdLengthMax = 32;
export const clOrdIdLengthMax = 64;
export const passwordLengthMax = 128;
export const textLengthMax = 200;

/** HeartBtInt (108) accepted at logon, seconds. 0 would mean "no heartbeats", which we do not allow. */
export const heartBtIntSecondsMin = 1;
export const heartBtIntSecondsMax = 300;
/** How long the peer's silence may run past HeartBtInt before we send a TestRequest, in percent of it. */
export const testRequestDelayPercent = 120;
/** A connection that has not logged on after this long is closed. */
export const logonTimeoutMicros = 10_000_000;
/** After we send a Logout, how long we wait for the peer's Logout before closing anyway. */
export const logoutTimeoutMicros = 2_000_000;
/** SendingTime (52) may differ from our clock by at most this much (QuickFIX's default is 120 s too). */
export const sendingTimeSkewMicrosMax = 120_000_000;

/** Most messages one ResendRequest may make us replay (the rest of the range is gap-filled). */
export const resendMessagesMax = 10_000;
/** Outbound messages the in-memory store keeps per session for resends; older ones are gap-filled. */
export const storedMessagesMax = 100_000;
/** The file store rewrites its message log (keeping the newest storedMessagesMax) once it grows past this. */
export const storeLogBytesMax = 1024 * 1024 * 1024;
/** Sequence numbers stay below this (FIX SeqNum is a positive int; we stay inside 2^31). */
export const seqNumMax = 2_147_483_647;
/** Framed messages with a bad checksum tolerated per connection before we give up on the peer. */
export const garbledMessagesMax = 16;
/** Application requests waiting for the exchange's answer per session before the session is logged out. */
export const pendingRequestsMax = 1_000;
/** Whole lots in one OrderQty (38); the catalogue's per-product order-size limit is checked by the exchange. */
export const orderQtyLotsMax = 1_000_000;

assert(messageBytesMax < 10 ** bodyLengthDigitsMax, 'BodyLength digits must be able to express messageBytesMax');
assert(valueBytesMax < messageBytesMax, 'a single value must fit in a message');
assert(framerBufferBytesMax >= 2 * messageBytesMax, 'the framer must hold a message plus the next partial one');
assert(heartBtIntSecondsMin >= 1 && heartBtIntSecondsMin <= heartBtIntSecondsMax, 'heartbeat range');
assert(testRequestDelayPercent > 100, 'a TestRequest goes out only after the peer missed a heartbeat');
assert(resendMessagesMax <= storedMessagesMax, 'we cannot replay more than we keep');
assert(storeLogBytesMax >= 2 * storedMessagesMax * (messageBytesMax + 32), 'a compacted log is at most half the limit');
assert(Number.isSafeInteger(seqNumMax) && seqNumMax > storedMessagesMax, 'sequence range');
