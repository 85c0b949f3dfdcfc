// `tokex serve`'s wiring (serve.ts) on a data directory: orders and accounts survive a restart (replay from the
// snapshot the operator route wrote), and so do API keys, the operator credential (auth.sqlite, operator.json)
// and an account's fills (/v1/fills from the history read model, DIR/history.sqlite).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ticksToDecimal } from '../../src/core/decimal.js';
import { TokexClient } from '../../src/gateway/client.js';
import { serve } from '../../src/gateway/serve.js';
import { ExchangeService } from '../../src/server/exchange-service.js';

/** The real `tokex serve` wiring (serve.ts: journal, listing, REST, FIX, history read model) on dataDir. */
async function open(dataDir: string) {
  const said: string[] = [];
  const serving = await serve({ port: 0, fixPort: 0, host: '127.0.0.1', dataDir, sessions: 'always-open', logLevel: 'warn' }, (line) => said.push(line));
  const service = serving.service as ExchangeService;
  return { service, server: serving.server, said, close: () => serving.stop() };
}

test('orders, accounts, keys, the operator credential and fills survive a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tokex-durable-'));
  try {
    const first = await open(dataDir);
    assert.equal(first.server.operatorFile?.created, true);
    const operator = new TokexClient(first.server.url, first.server.operator);
    const created = await operator.post('/v1/accounts', { name: 'alice', type: 'hedger', deposits: [{ currency: 'USD', amount: '500000' }] });
    const instrument = first.service.exchange.allInstruments().find((i) => i.product.code === 'TKF' && i.series.frontMonth)!;
    const price = ticksToDecimal(instrument.engine.referencePriceTicks, instrument.product.tickSize);
    const alice = new TokexClient(first.server.url, created);
    const placed = await alice.post('/v1/orders', { symbol: instrument.symbol, side: 'buy', type: 'limit', price, qty: 2, clientOrderId: 'keep-me' });
    const bob = await operator.post('/v1/accounts', { name: 'bob', type: 'speculator', deposits: [{ currency: 'USD', amount: '500000' }] });
    const sold = await new TokexClient(first.server.url, bob).post('/v1/orders', { symbol: instrument.symbol, side: 'sell', type: 'limit', price, qty: 1 });
    assert.equal(sold.status, 'filled');
    const aliceFills = await alice.get('/v1/fills');
    assert.equal(aliceFills.fills.length, 1);
    const snapshot = await operator.post('/v1/operator/snapshot');
    assert.equal(snapshot.seq, first.service.exchange.seq);
    assert.ok(existsSync(snapshot.file) && statSync(snapshot.file).size === snapshot.bytes, 'the file the route names holds the bytes it counts');
    const after = await alice.post('/v1/orders', { symbol: instrument.symbol, side: 'buy', type: 'limit', price, qty: 1 });
    const hashBefore = first.service.exchange.stateHash();
    await first.close();

    const second = await open(dataDir);
    try {
      assert.equal(second.server.operatorFile?.created, false, 'the operator credential is kept');
      assert.equal(second.server.operator.apiKey, first.server.operator.apiKey);
      assert.deepEqual([second.service.recovery.snapshotSeq, second.service.recovery.commandsReplayed], [snapshot.seq, 1], 'started from the snapshot, replayed only the order after it');
      assert.equal((await new TokexClient(second.server.url, created).get(`/v1/orders/${after.orderId}`)).qty, 1);
      const aliceAgain = new TokexClient(second.server.url, created);
      const order = await aliceAgain.get(`/v1/orders/${placed.orderId}`);
      assert.deepEqual([order.status, order.price, order.qty, order.filledQty, order.clientOrderId], ['partially_filled', price, 2, 1, 'keep-me']);
      const book = await aliceAgain.get(`/v1/markets/${instrument.symbol}/book`);
      assert.deepEqual(book.bids, [{ price, qty: 2, orders: 2 }]);
      assert.deepEqual(await aliceAgain.get('/v1/fills'), aliceFills, 'fills from before the restart, from the history read model');
      assert.ok(second.said.some((line) => /history read model: recorded up to seq \d+/.test(line)), second.said.join('\n'));
      assert.equal((await new TokexClient(second.server.url, second.server.operator).get('/v1/accounts')).accounts.length, 2);
      assert.equal(second.service.exchange.stateHash(), hashBefore, 'replay rebuilt exactly the state the first run answered from');
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
