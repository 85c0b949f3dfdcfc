import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BookLadder } from './book.js';
import { CandleBuilder } from './candles.js';
import { pnlBySeries } from './pnl.js';

test('book: snapshot, in-order updates, stale dropped, a gap asks for a resync', () => {
  const book = new BookLadder();
  assert.equal(book.update({ bookSeq: 1, changes: [] }), 'waiting');
  book.snapshot({ bookSeq: 5, bids: [{ price: '4.700', qty: 3, orders: 1 }, { price: '4.710', qty: 2, orders: 1 }], asks: [{ price: '4.800', qty: 1, orders: 1 }] });
  assert.equal(book.update({ bookSeq: 5, changes: [{ side: 'bid', price: '4.700', qty: 0, orders: 0 }] }), 'stale');
  assert.equal(book.update({ bookSeq: 6, changes: [{ side: 'bid', price: '4.705', qty: 7, orders: 2 }, { side: 'bid', price: '4.700', qty: 0, orders: 0 }] }), 'applied');
  assert.deepEqual(book.levels('bid', 10).map((l) => l.price), ['4.710', '4.705']);
  assert.deepEqual(book.levels('ask', 10).map((l) => [l.price, l.qty]), [['4.800', 1]]);
  assert.equal(book.update({ bookSeq: 8, changes: [] }), 'gap');
  assert.equal(book.gaps, 1);
  assert.equal(book.synced, false);
  assert.equal(book.update({ bookSeq: 9, changes: [] }), 'waiting');
  book.snapshot({ bookSeq: 9, bids: [], asks: [] });
  assert.equal(book.update({ bookSeq: 10, changes: [] }), 'applied');
});

test('book: prices sort as decimals, not as text', () => {
  const book = new BookLadder();
  book.snapshot({ bookSeq: 1, bids: [{ price: '9.90', qty: 1, orders: 1 }, { price: '10.10', qty: 1, orders: 1 }], asks: [{ price: '10.20', qty: 1, orders: 1 }, { price: '9.95', qty: 1, orders: 1 }] });
  assert.deepEqual(book.levels('bid', 5).map((l) => l.price), ['10.10', '9.90']);
  assert.deepEqual(book.levels('ask', 5).map((l) => l.price), ['9.95', '10.20']);
});

test('candles: bucketed by interval, repeated trades ignored', () => {
  const c = new CandleBuilder(5);
  assert.equal(c.add({ tradeId: 1, tsMicros: 10_000_000, price: '4.700', qty: 2 }), 'new');
  assert.equal(c.add({ tradeId: 2, tsMicros: 12_000_000, price: '4.750', qty: 1 }), 'updated');
  assert.equal(c.add({ tradeId: 2, tsMicros: 12_000_000, price: '4.750', qty: 1 }), 'stale');
  assert.equal(c.add({ tradeId: 3, tsMicros: 14_999_999, price: '4.650', qty: 1 }), 'updated');
  assert.equal(c.add({ tradeId: 4, tsMicros: 15_000_000, price: '4.720', qty: 4 }), 'new');
  assert.deepEqual(c.bars, [
    { time: 10, open: 4.7, high: 4.75, low: 4.65, close: 4.65, volume: 4 },
    { time: 15, open: 4.72, high: 4.72, low: 4.72, close: 4.72, volume: 4 },
  ]);
});

test('pnl: fills cash flow plus position at last, times the contract unit, exact', () => {
  const fills = [
    { tradeId: 1, orderId: 10, symbol: 'TKFZ26', side: 'buy' as const, price: '4.770', qty: 3 },
    { tradeId: 2, orderId: 11, symbol: 'TKFZ26', side: 'sell' as const, price: '4.790', qty: 1 },
    { tradeId: 2, orderId: 11, symbol: 'TKFZ26', side: 'sell' as const, price: '4.790', qty: 1 },
    { tradeId: 3, orderId: 12, symbol: 'GPHZ26', side: 'sell' as const, price: '2.000', qty: 5 },
  ];
  const last = (s: string) => (s === 'TKFZ26' ? '4.780' : null);
  const unit = (s: string) => (s === 'TKFZ26' ? '10000' : '1000');
  const pnl = pnlBySeries(fills, last, unit, 2);
  // TKF: −14.310 + 4.790 + 2 × 4.780 = 0.040 price units × 10,000 = 400.00 USD; GPH short without a last price: unknown
  assert.deepEqual(pnl, [{ symbol: 'GPHZ26', positionLots: -5, pnlMinor: undefined }, { symbol: 'TKFZ26', positionLots: 2, pnlMinor: 40_000n }]);
});
