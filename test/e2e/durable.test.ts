// The server over the durable ExchangeService: an order and an account survive a restart on the same data
// directory (journal replay, from the snapshot the operator route wrote), and so do API keys and the operator
// credential (auth.sqlite, operator.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ticksToDecimal } from '../../src/core/decimal.js';
import { defaultCatalogue } from '../../src/products/catalogue.js';
import { TokexClient } from '../../src/gateway/client.js';
import { startServer } from '../../src/gateway/server.js';
import { ExchangeService } from '../../src/server/exchange-service.js';

async function open(dataDir: string) {
  const service = await ExchangeService.open({ dataDir, catalogue: defaultCatalogue(), sessions: 'always-open', clock: () => Date.now() * 1000 });
  const hashAfterReplay = service.exchange.stateHash();
  await service.ensureListed(new Date().toISOString().slice(0, 10));
  const server = await startServer({ service, port: 0, dataDir });
  return { service, server, hashAfterReplay, close: async () => { await server.close(); await service.close(); } };
}

test('orders, accounts, keys and the operator credential survive a restart', async () => {
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
      assert.deepEqual([order.status, order.price, order.qty, order.clientOrderId], ['new', price, 2, 'keep-me']);
      const book = await aliceAgain.get(`/v1/markets/${instrument.symbol}/book`);
      assert.deepEqual(book.bids, [{ price, qty: 3, orders: 2 }]);
      assert.equal((await new TokexClient(second.server.url, second.server.operator).get('/v1/accounts')).accounts.length, 1);
      assert.equal(second.hashAfterReplay, hashBefore, 'replay rebuilt exactly the state the first run answered from');
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
