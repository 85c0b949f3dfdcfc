// When the exchange behind the gateway cannot answer (a JetStream election, a replica behind), the client is
// told which case it is in: 503 not applied (send again, Retry-After), 504 outcome unknown (look first).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../src/cluster/gateway-client.js';
import { memoryService } from '../../src/gateway/service.js';
import { defaultCatalogue } from '../../src/products/catalogue.js';
import { startHarness } from './harness.js';

test('cluster errors become 503 exchange_unavailable (with Retry-After) and 504 outcome_unknown, not 500', async () => {
  const service = memoryService({ catalogue: defaultCatalogue(), sessions: 'always-open', clockMicros: () => Date.now() * 1000 });
  const failures: GatewayError[] = [];
  const submit = service.submit.bind(service);
  const failing = { ...service, exchange: service.exchange, submit: (command: Parameters<typeof submit>[0]) => (failures.length > 0 ? Promise.reject(failures.shift()!) : submit(command)) };
  const harness = await startHarness({ service: failing });
  try {
    const { client } = await harness.openAccount('alice');
    const order = { symbol: harness.symbol, side: 'buy', type: 'limit', price: harness.price(-5), qty: 1, timeInForce: 'GTC' };
    failures.push(new GatewayError('busy', 'command stream has no leader'));
    const busy = await client.request('POST', '/v1/orders', order);
    assert.equal(busy.status, 503);
    assert.equal(busy.body.reason, 'exchange_unavailable');
    assert.match(busy.body.message, /not applied/);
    assert.equal(busy.headers.get('retry-after'), '1');
    failures.push(new GatewayError('outcomeUnknown', 'no outcome within 45 s'));
    const unknown = await client.request('POST', '/v1/orders', order);
    assert.equal(unknown.status, 504);
    assert.equal(unknown.body.reason, 'outcome_unknown');
    const placed = await client.request('POST', '/v1/orders', order);
    assert.equal(placed.status, 201, 'the next request goes through');
  } finally {
    await harness.close();
  }
});
