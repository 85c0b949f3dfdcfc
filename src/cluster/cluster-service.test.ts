// ClusterService against a real single-node JetStream with an in-process primary engine: a submit resolves
// only once the local follower applied it (reads see own writes), listeners get the submitted object for the
// gateway's own commands (FIX relies on that), shared commands are stored once however many gateways send
// them, refusals change nothing, and every replica (two gateways, the engine, a late joiner) has one state.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExchangeCommand } from '../exchange/commands.js';
import type { Outcome } from '../exchange/outcome.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { listSeries } from '../products/listing.js';
import { demoReferenceTicks } from '../exchange/reference-prices.js';
import { ClusterService } from './cluster-service.js';
import { CommandLog } from './command-log.js';
import { connectLog, ensureStreams, type LogConnection } from './connection.js';
import { EngineNode } from './engine-node.js';
import { GatewayError } from './gateway-client.js';
import { replayGroup } from './replay.js';
import { groupCatalogue, parseGroup, type ProductGroup } from './subjects.js';
import { NatsCluster } from './testing/nats-cluster.js';

const isoDate = new Date().toISOString().slice(0, 10);
let server: NatsCluster;
let connection: LogConnection;
let engine: EngineNode;
let group: ProductGroup;
const services: ClusterService[] = [];
const exchangeOptions = () => ({ catalogue: groupCatalogue(defaultCatalogue(), group), sessions: 'always-open' as const });

async function until(what: string, check: () => boolean): Promise<void> {
  const giveUpAt = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function open(gatewayId: string): Promise<ClusterService> {
  const service = await ClusterService.open({ servers: [server.url], gatewayId, group, replicas: 1, exchange: exchangeOptions() });
  services.push(service);
  return service;
}

before(async () => {
  server = await NatsCluster.start(1);
  connection = await connectLog([server.url], 'tokex-cluster-service-test');
  await ensureStreams(connection, 1);
  const parsed = parseGroup(defaultCatalogue(), 'TKF');
  assert.ok(parsed.ok);
  group = parsed.group;
  engine = await EngineNode.start({ servers: [server.url], group, nodeId: 'e1', replicas: 1, exchange: exchangeOptions(), report: () => undefined });
  await until('the engine answering', () => engine.role === 'primary');
});

after(async () => {
  for (const service of services) await service.close();
  await engine?.stop();
  await connection?.nc.close();
  server?.stop();
});

test('listing is appended once for every gateway; submit resolves after the local follower applied the command', async () => {
  const g1 = await open('g1');
  const g2 = await open('g2');
  const prices = demoReferenceTicks(groupCatalogue(defaultCatalogue(), group));
  const [first, second] = await Promise.all([g1.ensureListed(isoDate, prices), g2.ensureListed(isoDate, prices)]);
  const expected = listSeries(groupCatalogue(defaultCatalogue(), group), isoDate).map((s) => s.symbol).sort();
  // Whichever follower applied it first, both now hold the series; the log holds one listSeries.
  assert.deepEqual(g1.exchange.allInstruments().map((i) => i.symbol).sort(), expected);
  assert.deepEqual(g2.exchange.allInstruments().map((i) => i.symbol).sort(), expected);
  assert.ok(first.length + second.length >= expected.length, 'the series appeared on each follower during its call, or were there before');
  assert.deepEqual(await g1.ensureListed(isoDate, prices), [], 'listing again lists nothing');
  const log = new CommandLog(connection);
  let listings = 0;
  await replayGroup(log, group.name, exchangeOptions(), undefined, (entry) => { if (entry.command.type === 'listSeries') listings++; });
  assert.equal(listings, 1, 'the same day listed by two gateways at once is one command in the log');

  const seenOnG1: { command: ExchangeCommand; outcome: Outcome }[] = [];
  const seenOnG2: { command: ExchangeCommand; outcome: Outcome }[] = [];
  g1.onOutcome((command, outcome) => seenOnG1.push({ command, outcome }));
  g2.onOutcome((command, outcome) => seenOnG2.push({ command, outcome }));
  const create: ExchangeCommand = { type: 'createAccount', name: 'alice', accountType: 'speculator' };
  const created = await g1.submit(create);
  const accountId = (created.result as { accountId: number }).accountId;
  assert.ok(g1.exchange.clearing.account(accountId), 'the gateway that acknowledged it already has the account');
  assert.equal(seenOnG1.at(-1)!.command, create, 'own commands reach listeners as the submitted object');
  await until('g2 applying the account', () => g2.lastAppliedLogSeq === g1.lastAppliedLogSeq);
  assert.notEqual(seenOnG2.at(-1)!.command, create);
  assert.deepEqual(seenOnG2.at(-1)!.command, create, 'the other gateway sees the same command from the log');
  assert.equal(seenOnG2.at(-1)!.outcome.seq, created.seq);

  const deposited = await g2.submit({ type: 'deposit', accountId, currency: 'USD', amountMinor: 100_000_000_00n });
  assert.equal(deposited.rejection, undefined);
  const symbol = expected.find((s) => g2.exchange.instrument(s)?.series.frontMonth)!;
  const priceTicks = g2.exchange.instrument(symbol)!.engine.referencePriceTicks;
  const order: ExchangeCommand = {
    type: 'newOrder', accountId, symbol, side: 0, orderType: 0, timeInForce: 0, priceTicks, stopPriceTicks: 0, qtyLots: 2,
    postOnly: false, expireTsMicros: 0, stpMode: 0, clientOrderId: 'svc-1',
  };
  const placed = await g2.submit(order);
  assert.equal(placed.rejection, undefined, JSON.stringify(placed.rejection));
  assert.equal(g2.exchange.orders.get(placed.orderId!)?.clientOrderId, 'svc-1', 'read after acknowledgement sees the order');
  assert.ok(placed.bookUpdates.length > 0, 'the outcome is the follower\'s, with its market data');
});

test('a refusal changes nothing; a command for another group is refused before the log with status 400', async () => {
  const [g1, g2] = services;
  // g2 placed the last order; g1 may still be applying it, which would move its seq under this test.
  await until('g1 applying what g2 sent', () => g1!.lastAppliedLogSeq === g2!.lastAppliedLogSeq);
  const seqBefore = g1!.exchange.seq;
  const refused = await g1!.submit({ type: 'deposit', accountId: 999, currency: 'USD', amountMinor: 1n });
  assert.ok(refused.rejection, 'an unknown account is refused');
  assert.equal(refused.seq, 0);
  assert.equal(g1!.exchange.seq, seqBefore);
  await assert.rejects(
    g1!.submit({ type: 'setPhase', symbol: 'GPHZ26', phase: 2 }),
    (error: unknown) => error instanceof GatewayError && error.statusCode === 400 && /no engine group trades product GPH/.test(error.message),
  );
});

test('every replica has one state: both gateways, the engine, and a gateway that joins late', async () => {
  const log = new CommandLog(connection);
  const endSeq = await log.lastSeq(group.name);
  const [g1, g2] = services;
  await until('every replica at the end of the log', () => g1!.lastAppliedLogSeq === endSeq && g2!.lastAppliedLogSeq === endSeq && engine.lastAppliedSeq === endSeq);
  const late = await open('g3');
  assert.equal(late.lastAppliedLogSeq, endSeq, 'open() returns once the follower reached the log\'s end');
  const hash = engine.exchange.stateHash();
  assert.equal(g1!.exchange.stateHash(), hash);
  assert.equal(g2!.exchange.stateHash(), hash);
  assert.equal(late.exchange.stateHash(), hash);
});
