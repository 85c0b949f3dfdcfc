// The project's own TKXSTRM1 generator: a faithful port of ../shared/bench/gen-stream.mjs (same PRNG, same draw
// order, same reference book, same sidecar), so tokex can make its benchmark input without the shared folder
// and a test can prove the bytes are identical. Pure: no I/O; gen-stream.ts writes the files.
//
// The reference book inside is the generator's, not the engine's: it decides which order each CANCEL targets
// (a live one, uniformly) and records what a correct price-time-priority engine must produce.

import { assert } from '../core/assert.js';
import { StreamKind, StreamSide, streamHeaderBytes, streamRecordBytes, streamCountMax, writeStreamHeader } from './stream-format.js';

// Stream shape. Changing any of these changes the stream: bump the file name, not the format.
export const streamShape = {
  startMidTicks: 100_000, // fair value starts here (integer ticks)
  midStepPerMille: 20, // fair value moves +-1 tick on 2% of commands (random walk)
  addPerMille: 700, // 70% ADD (GTC limit near the fair value)
  cancelPerMille: 200, // 20% CANCEL of a live resting order (uniform among live); the rest (10%) IOC
  addOffsetTicksMean: 4, // ADD price = fair -/+ (1 + floor(Exp(mean))) ticks, capped
  addOffsetTicksMax: 50,
  addQtyLotsMax: 10, // ADD qty uniform 1..10 lots
  iocQtyLotsMax: 50, // IOC qty uniform 1..50 lots
  iocCrossTicks: 5, // IOC price = fair +/- 5 ticks (protection band through the touch)
} as const;

/** The sidecar JSON (`<stream>.json`), key order as the reference writes it. */
export interface StreamSidecar {
  format: 'TKXSTRM1';
  version: 1;
  count: number;
  seed: number;
  startMidTicks: number;
  params: {
    midStepPerMille: number; addPerMille: number; cancelPerMille: number; iocPerMille: number;
    addOffsetTicksMean: number; addOffsetTicksMax: number; addQtyLotsMax: number; iocQtyLotsMax: number; iocCrossTicks: number;
  };
  mix: { adds: number; cancels: number; iocs: number; addsThatTraded: number; iocsThatTraded: number };
  expected: StreamExpected;
}

export interface StreamExpected {
  fills: number;
  tradedLots: number;
  /** tick-lots, a decimal string (a bigint in the generator). */
  tradedNotional: string;
  iocUnfilledLots: number;
  cancelsOfLiveOrders: number;
  restingOrders: number;
  restingLots: number;
  bestBid: number;
  /** 0 when no ask. */
  bestAsk: number;
  restingOrdersMax: number;
}

export interface GeneratedStream {
  bytes: Uint8Array;
  sidecar: StreamSidecar;
}

/** The sidecar file's exact text (as the reference writes it). */
export function sidecarText(sidecar: StreamSidecar): string {
  return JSON.stringify(sidecar, null, 2) + '\n';
}

export function generateStream(countTotal: number, seedIn: number): GeneratedStream {
  assert(Number.isInteger(countTotal) && countTotal >= 0 && countTotal <= streamCountMax, `count ${countTotal} outside 0..${streamCountMax}`);
  assert(Number.isInteger(seedIn), `seed ${seedIn} must be an integer`);
  const seed = seedIn >>> 0;
  const shape = streamShape;
  const priceTicksLimit = 2 * shape.startMidTicks; // reference book is an array indexed by price

  // mulberry32: tiny, well-known 32-bit PRNG; enough for a benchmark stream.
  let rngState = seed;
  const nextU32 = (): number => {
    rngState = (rngState + 0x6d2b79f5) >>> 0;
    let t = rngState;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const nextFloat = (): number => nextU32() / 4294967296;
  const nextInt = (n: number): number => Math.floor(nextFloat() * n); // 0..n-1

  // ---- reference book (price-time priority, trades at the resting price) ----
  const orderCapacity = countTotal + 1;
  const orderPrice = new Uint32Array(orderCapacity);
  const orderRemaining = new Uint32Array(orderCapacity);
  const orderSide = new Uint8Array(orderCapacity);
  const orderLiveIndex = new Int32Array(orderCapacity).fill(-1); // index in liveIds, -1 if not resting
  const liveIds = new Uint32Array(orderCapacity);
  let liveCount = 0;

  const levelQueues: ({ ids: number[]; head: number } | undefined)[] = new Array(priceTicksLimit);
  const levelLiveLots = new Float64Array(priceTicksLimit);
  let bestBid = 0; // 0 = no bid
  let bestAsk = priceTicksLimit; // priceTicksLimit = no ask

  let fills = 0, tradedLots = 0, tradedNotional = 0n, iocUnfilledLots = 0;
  let addsThatTraded = 0, iocsThatTraded = 0;

  const livePush = (id: number): void => {
    orderLiveIndex[id] = liveCount;
    liveIds[liveCount++] = id;
  };
  const liveRemove = (id: number): void => {
    const idx = orderLiveIndex[id]!;
    const lastId = liveIds[--liveCount]!;
    liveIds[idx] = lastId;
    orderLiveIndex[lastId] = idx;
    orderLiveIndex[id] = -1;
  };
  const levelOf = (price: number): { ids: number[]; head: number } => {
    let level = levelQueues[price];
    if (level === undefined) {
      level = { ids: [], head: 0 };
      levelQueues[price] = level;
    }
    return level;
  };
  const rest = (id: number, side: number, price: number, qty: number): void => {
    orderRemaining[id] = qty;
    levelOf(price).ids.push(id);
    levelLiveLots[price] = levelLiveLots[price]! + qty;
    livePush(id);
    if (side === StreamSide.buy) {
      if (price > bestBid) bestBid = price;
    } else if (price < bestAsk) bestAsk = price;
  };
  const advanceBest = (side: number): void => {
    if (side === StreamSide.sell) {
      while (bestAsk < priceTicksLimit && levelLiveLots[bestAsk] === 0) bestAsk++;
    } else {
      while (bestBid > 0 && levelLiveLots[bestBid] === 0) bestBid--;
    }
  };
  // Match an incoming order against the opposite side; returns the quantity left.
  const match = (side: number, limitPrice: number, qtyIn: number): number => {
    let qty = qtyIn;
    while (qty > 0) {
      const price = side === StreamSide.buy ? bestAsk : bestBid;
      if (side === StreamSide.buy ? price > limitPrice || price >= priceTicksLimit : price < limitPrice || price <= 0) break;
      const level = levelQueues[price]!;
      while (qty > 0 && level.head < level.ids.length) {
        const makerId = level.ids[level.head]!;
        const makerLots = orderRemaining[makerId]!;
        if (makerLots === 0) {
          level.head++; // cancelled earlier (lazy removal)
          continue;
        }
        const lots = makerLots < qty ? makerLots : qty;
        orderRemaining[makerId] = makerLots - lots;
        levelLiveLots[price] = levelLiveLots[price]! - lots;
        qty -= lots;
        fills++;
        tradedLots += lots;
        tradedNotional += BigInt(lots) * BigInt(price);
        if (makerLots === lots) {
          level.head++;
          liveRemove(makerId);
        }
      }
      if (level.head === level.ids.length) {
        level.ids.length = 0;
        level.head = 0;
      }
      advanceBest(side === StreamSide.buy ? StreamSide.sell : StreamSide.buy);
    }
    return qty;
  };
  const cancel = (id: number): void => {
    const price = orderPrice[id]!;
    levelLiveLots[price] = levelLiveLots[price]! - orderRemaining[id]!;
    orderRemaining[id] = 0; // stays in its level queue; skipped by match (lazy removal)
    liveRemove(id);
    advanceBest(orderSide[id]!);
  };

  // ---- generate ----
  const bytes = new Uint8Array(streamHeaderBytes + countTotal * streamRecordBytes);
  writeStreamHeader(bytes, countTotal, seed, shape.startMidTicks);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);

  let fairTicks: number = shape.startMidTicks, nextId = 1;
  let adds = 0, cancels = 0, iocs = 0, liveMax = 0;
  for (let i = 0; i < countTotal; i++) {
    if (nextInt(1000) < shape.midStepPerMille) fairTicks += nextInt(2) === 0 ? -1 : 1;
    let roll = nextInt(1000);
    if (roll >= shape.addPerMille && roll < shape.addPerMille + shape.cancelPerMille && liveCount === 0) roll = 0; // nothing to cancel
    let kind: number, side: number, id: number, price: number, qty: number;
    if (roll < shape.addPerMille) {
      kind = StreamKind.add;
      side = nextInt(2);
      id = nextId++;
      const offset = Math.min(shape.addOffsetTicksMax, 1 + Math.floor(-Math.log(1 - nextFloat()) * shape.addOffsetTicksMean));
      price = side === StreamSide.buy ? fairTicks - offset : fairTicks + offset;
      qty = 1 + nextInt(shape.addQtyLotsMax);
      checkPrice(price, priceTicksLimit, i);
      orderPrice[id] = price;
      orderSide[id] = side;
      const fillsBefore = fills;
      const left = match(side, price, qty);
      if (fills > fillsBefore) addsThatTraded++;
      if (left > 0) rest(id, side, price, left);
      adds++;
    } else if (roll < shape.addPerMille + shape.cancelPerMille) {
      kind = StreamKind.cancel;
      id = liveIds[nextInt(liveCount)]!;
      side = orderSide[id]!;
      price = orderPrice[id]!;
      qty = 0;
      cancel(id);
      cancels++;
    } else {
      kind = StreamKind.ioc;
      side = nextInt(2);
      id = nextId++;
      price = side === StreamSide.buy ? fairTicks + shape.iocCrossTicks : fairTicks - shape.iocCrossTicks;
      qty = 1 + nextInt(shape.iocQtyLotsMax);
      checkPrice(price, priceTicksLimit, i);
      orderPrice[id] = price;
      orderSide[id] = side;
      const fillsBefore = fills;
      iocUnfilledLots += match(side, price, qty);
      if (fills > fillsBefore) iocsThatTraded++;
      iocs++;
    }
    if (liveCount > liveMax) liveMax = liveCount;
    const at = streamHeaderBytes + i * streamRecordBytes;
    view.setUint8(at, kind);
    view.setUint8(at + 1, side);
    view.setUint32(at + 4, id, true);
    view.setUint32(at + 8, price, true);
    view.setUint32(at + 12, qty, true);
  }

  let restingLots = 0;
  for (let k = 0; k < liveCount; k++) restingLots += orderRemaining[liveIds[k]!]!;

  const sidecar: StreamSidecar = {
    format: 'TKXSTRM1', version: 1, count: countTotal, seed, startMidTicks: shape.startMidTicks,
    params: {
      midStepPerMille: shape.midStepPerMille, addPerMille: shape.addPerMille, cancelPerMille: shape.cancelPerMille,
      iocPerMille: 1000 - shape.addPerMille - shape.cancelPerMille,
      addOffsetTicksMean: shape.addOffsetTicksMean, addOffsetTicksMax: shape.addOffsetTicksMax, addQtyLotsMax: shape.addQtyLotsMax,
      iocQtyLotsMax: shape.iocQtyLotsMax, iocCrossTicks: shape.iocCrossTicks,
    },
    mix: { adds, cancels, iocs, addsThatTraded, iocsThatTraded },
    expected: {
      fills, tradedLots, tradedNotional: tradedNotional.toString(), iocUnfilledLots,
      cancelsOfLiveOrders: cancels,
      restingOrders: liveCount, restingLots, bestBid, bestAsk: bestAsk >= priceTicksLimit ? 0 : bestAsk,
      restingOrdersMax: liveMax,
    },
  };
  return { bytes, sidecar };
}

// The reference would silently wrap a price that walked out of its array; for the counts we use the walk stays
// within a few hundred ticks of the start, so leaving the array is a broken assumption, not an input.
function checkPrice(priceTicks: number, priceTicksLimit: number, index: number): void {
  if (!(priceTicks > 0 && priceTicks < priceTicksLimit)) {
    throw new Error(`stream record ${index}: price ${priceTicks} left the generator's book 1..${priceTicksLimit - 1}`);
  }
}
