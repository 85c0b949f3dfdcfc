// The crash test of issue 6: a client keeps placing, amending and cancelling orders through REST while the
// server is killed with SIGKILL at random moments, five times. After every restart each order whose
// acknowledgement the client received is in the recovered state with the acknowledged status or a later one
// and at least the acknowledged fill, no client order id appears twice, and at the end the journal replays
// into a ledger that balances and positions that net to zero.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { TokexClient } from '../../src/gateway/client.js';
import { defaultCatalogue } from '../../src/products/catalogue.js';
import { ExchangeService } from '../../src/server/exchange-service.js';
import { Prng } from '../../src/sim/prng.js';

const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'tokex-crash-'));
const kills = 5;
const rng = new Prng(Number(process.env['TOKEX_CRASH_SEED'] ?? Date.now() % 1_000_000));
let server: ChildProcess | undefined;

after(() => {
  server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `tokex serve` on free ports and resolves with its URL once it listens. */
async function start(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--fix-port', '0', '--data-dir', dataDir, '--sessions', 'always-open', '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  server = child;
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      err += String(chunk);
      if (err.includes('operator credential')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code} before listening: ${err}`)));
  });
  return (JSON.parse(readFileSync(join(dataDir, 'operator.json'), 'utf8')) as { url: string }).url;
}

async function killHard(): Promise<void> {
  const child = server!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  server = undefined;
}

const statusRank: Record<string, number> = { new: 0, parked: 0, partially_filled: 1, filled: 2, cancelled: 2, rejected: 2 };

interface Acked { clientOrderId: string; orderId: string; status: string; filledQty: number; trader: number }

test('SIGKILL five times under load: every acknowledged order survives with its status or a later one, none twice, ledger balanced', { timeout: 300_000 }, async () => {
  let url = await start();
  const operator = () => new TokexClient(url, JSON.parse(readFileSync(join(dataDir, 'operator.json'), 'utf8')));
  const traders: { apiKey: string; apiSecret: string }[] = [];
  for (const name of ['crash-buyer', 'crash-seller', 'crash-mm']) {
    traders.push(await operator().post('/v1/accounts', { name, type: 'speculator', deposits: [{ currency: 'USD', amount: '100000000' }] }));
  }
  const series = (await operator().get('/v1/series')).series as { symbol: string; product: string; limitDown: string; limitUp: string }[];
  const gph = series.find((s) => s.product === 'GPH')!;
  const midTicks = Math.round((Number(gph.limitDown) + Number(gph.limitUp)) * 500);
  const acked: Acked[] = [];
  let sent = 0;

  for (let round = 1; round <= kills; round++) {
    let stop = false;
    const loops = traders.map(async (credential, trader) => {
      const client = new TokexClient(url, credential);
      while (!stop) {
        const clientOrderId = `r${round}-t${trader}-${sent++}`;
        const side = trader === 0 ? 'buy' : trader === 1 ? 'sell' : rng.next() < 0.5 ? 'buy' : 'sell';
        const price = ((midTicks + rng.int(-3, 3)) / 1000).toFixed(3);
        try {
          const response = await client.request('POST', '/v1/orders', { symbol: gph.symbol, side, type: 'limit', price, qty: rng.int(1, 4), timeInForce: 'GTC', clientOrderId });
          if (response.status === 429) await new Promise((r) => setTimeout(r, 50));
          if (response.status !== 201) continue;
          const ack: Acked = { clientOrderId, orderId: String(response.body.orderId), status: response.body.status, filledQty: response.body.filledQty, trader };
          acked.push(ack);
          if (trader === 2 && rng.next() < 0.3) {
            const cancelled = await client.request('DELETE', `/v1/orders/${ack.orderId}`);
            if (cancelled.status === 200) {
              ack.status = cancelled.body.status;
              ack.filledQty = cancelled.body.filledQty;
            }
          }
        } catch {
          return; // the connection died with the server: what was not acknowledged may or may not be there
        }
      }
    });
    const before = acked.length;
    await new Promise((r) => setTimeout(r, rng.int(300, 1500)));
    await killHard();
    stop = true;
    await Promise.all(loops);
    assert.ok(acked.length > before, `round ${round}: the client got acknowledgements before the kill`);
    url = await start();
    await checkRecovered(url, traders, acked, round);
  }
  // A clean stop, then the journal alone: the clearing house verifies its ledger after every replayed command.
  const exited = new Promise((resolve) => server!.once('exit', resolve));
  server!.kill('SIGTERM');
  assert.equal(await exited, 0);
  server = undefined;
  const service = await ExchangeService.open({ dataDir, catalogue: defaultCatalogue(), sessions: 'always-open', clock: () => Date.now() * 1000 });
  service.exchange.clearing.verify();
  for (const instrument of service.exchange.allInstruments()) {
    let net = 0;
    for (const accountId of [1, 2, 3]) net += service.exchange.clearing.positionLots(accountId, instrument.symbol);
    assert.equal(net, 0, `positions in ${instrument.symbol} net to zero`);
  }
  process.stderr.write(`crash test: ${kills} kills, ${acked.length} acknowledged orders of ${sent} sent, journal seq ${service.exchange.seq}\n`);
  await service.close();
});

async function checkRecovered(url: string, traders: { apiKey: string; apiSecret: string }[], acked: readonly Acked[], round: number): Promise<void> {
  for (const [trader, credential] of traders.entries()) {
    const client = new TokexClient(url, credential);
    const { orders } = await client.get('/v1/orders?status=all&limit=1000') as { orders: { orderId: string; clientOrderId: string | null; status: string; filledQty: number }[] };
    const byClientId = new Map<string, (typeof orders)[number]>();
    for (const order of orders) {
      assert.ok(order.clientOrderId !== null);
      assert.ok(!byClientId.has(order.clientOrderId), `round ${round}: client order id ${order.clientOrderId} appears twice`);
      byClientId.set(order.clientOrderId, order);
    }
    for (const ack of acked.filter((a) => a.trader === trader)) {
      const found = byClientId.get(ack.clientOrderId) ?? (await client.get(`/v1/orders/${ack.orderId}`));
      assert.ok(found, `round ${round}: acknowledged order ${ack.clientOrderId} lost`);
      assert.equal(String(found.orderId), ack.orderId, `round ${round}: ${ack.clientOrderId} has another order id after recovery`);
      assert.ok(statusRank[found.status]! >= statusRank[ack.status]!, `round ${round}: ${ack.clientOrderId} acknowledged ${ack.status}, recovered ${found.status}`);
      assert.ok(found.filledQty >= ack.filledQty, `round ${round}: ${ack.clientOrderId} acknowledged filled ${ack.filledQty}, recovered ${found.filledQty}`);
      if (ack.status === 'cancelled') assert.equal(found.status, 'cancelled');
    }
  }
}
