import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Exchange } from '../../exchange/exchange.js';
import { demoReferenceTicks } from '../../exchange/reference-prices.js';
import { defaultCatalogue } from '../../products/catalogue.js';
import { ExchangeFixApplication } from './exchange-application.js';
import { startFixServer, type FixServer } from './fix-server.js';
import { MemoryStoreFactory } from './store.js';
import { TestClient, field, realClock } from './testing.js';
import { formatUtcTimestamp } from './time.js';
import type { TsMicros } from '../../core/units.js';
import type { FixMessage } from './codec.js';

const exchange = new Exchange({ catalogue: defaultCatalogue(), sessions: 'always-open' });
const submit = (c: Parameters<Exchange['submit']>[0]) => exchange.submit(c, realClock());
const listed = submit({ type: 'listSeries', isoDate: '2026-11-25', referenceTicksByProduct: demoReferenceTicks(exchange.options.catalogue) });
const symbol = (listed.result as { listed: string[] }).listed.find((s) => s.startsWith('TKF'))!;
const accountIds: number[] = [];
for (const name of ['alpha', 'beta']) {
  const accountId = (submit({ type: 'createAccount', name, accountType: 'speculator' }).result as { accountId: number }).accountId;
  submit({ type: 'deposit', accountId, currency: 'USD', amountMinor: 10_000_000_00n });
  accountIds.push(accountId);
}
const credentials: Record<string, { password: string; accountId: number }> = {
  ALPHA: { password: 'a-pass', accountId: accountIds[0]! },
  BETA: { password: 'b-pass', accountId: accountIds[1]! },
};
const application = new ExchangeFixApplication({
  sink: { submit: async (c) => submit(c) },
  exchange,
  authenticate: (compId, password) => {
    const known = credentials[compId];
    return known && known.password === password ? { accountId: known.accountId } : { error: 'unknown SenderCompID or wrong Password' };
  },
});

let server: FixServer;
const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) c.close();
  await server?.close();
});
async function logon(compId: string): Promise<TestClient> {
  server ??= await startFixServer({ port: 0, application, store: new MemoryStoreFactory(), clock: realClock });
  const c = await TestClient.connect(server.port, compId);
  clients.push(c);
  c.logon(credentials[compId]!.password, [[141, 'Y']]);
  await c.waitFor((m) => m.msgType === 'A');
  return c;
}

const now = (): string => formatUtcTimestamp(realClock() as TsMicros);
const report = (clOrdId: string, execType: string) => (m: FixMessage) => m.msgType === '8' && field(m, 11) === clOrdId && field(m, 150) === execType;
const pick = (m: FixMessage, tags: number[]) => tags.map((t) => field(m, t));

test('two accounts trade over FIX through the real exchange; each sees only its own orders', async () => {
  const alpha = await logon('ALPHA');
  const beta = await logon('BETA');
  alpha.send('D', [[11, 'a1'], [55, symbol], [54, '1'], [60, now()], [38, '3'], [40, '2'], [44, '5.000'], [59, '1']]);
  const ack = await alpha.waitFor(report('a1', '0'), 0, 'New');
  assert.deepEqual(pick(ack, [39, 38, 151, 14, 44, 55]), ['0', '3', '3', '0', '5.000', symbol]);
  const orderId = field(ack, 37)!;

  beta.send('D', [[11, 'b1'], [55, symbol], [54, '2'], [60, now()], [38, '2'], [40, '2'], [44, '5.000'], [59, '3']]);
  const betaFill = await beta.waitFor(report('b1', 'F'), 0, 'beta fill');
  assert.deepEqual(pick(betaFill, [39, 32, 31, 14, 151, 6]), ['2', '2', '5.000', '2', '0', '5.000']);
  const alphaFill = await alpha.waitFor(report('a1', 'F'), 0, 'alpha fill (unsolicited)');
  assert.deepEqual(pick(alphaFill, [37, 39, 32, 31, 14, 151]), [orderId, '1', '2', '5.000', '2', '1']);
  assert.ok(!alpha.received.some((m) => field(m, 11) === 'b1'), 'alpha never sees beta\'s order');
  assert.ok(!beta.received.some((m) => field(m, 11) === 'a1'), 'beta never sees alpha\'s order');

  // Replace: OrderQty is the new total (2 filled + 2 open), at a lower price.
  alpha.send('G', [[37, orderId], [41, 'a1'], [11, 'a2'], [55, symbol], [54, '1'], [60, now()], [38, '4'], [40, '2'], [44, '4.990']]);
  const replaced = await alpha.waitFor(report('a2', '5'), 0, 'Replaced');
  assert.deepEqual(pick(replaced, [41, 39, 38, 151, 14, 44]), ['a1', '1', '4', '2', '2', '4.990']);
  assert.equal(exchange.orders.get(Number(orderId))!.priceTicks, 4990);

  alpha.send('F', [[41, 'a2'], [11, 'a3'], [55, symbol], [54, '1'], [60, now()]]);
  const cancelled = await alpha.waitFor(report('a3', '4'), 0, 'Canceled');
  assert.deepEqual(pick(cancelled, [41, 39, 151, 14]), ['a2', '4', '0', '2']);
  assert.equal(exchange.orders.get(Number(orderId))!.status, 'cancelled');

  // A second cancel: by OrderID it is too late (the order is done); by an unknown ClOrdID it is unknown.
  alpha.send('F', [[37, orderId], [41, 'a3'], [11, 'a4'], [55, symbol], [54, '1'], [60, now()]]);
  const tooLate = await alpha.waitFor((m) => m.msgType === '9' && field(m, 11) === 'a4', 0, 'cancel reject');
  assert.deepEqual(pick(tooLate, [102, 39, 434]), ['0', '4', '1']);
  alpha.send('F', [[41, 'never'], [11, 'a5'], [55, symbol], [54, '1'], [60, now()]]);
  const unknown = await alpha.waitFor((m) => m.msgType === '9' && field(m, 11) === 'a5', 0, 'unknown order');
  assert.deepEqual(pick(unknown, [102, 37]), ['1', 'NONE']);
  alpha.close();
  beta.close();
  for (let i = 0; i < 100 && server.sessions.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(server.sessions.size, 0);
});

test('refusals from the exchange become rejected ExecutionReports naming the field; nothing changes', async () => {
  const beta = await logon('BETA');
  const seqBefore = exchange.seq;
  beta.send('D', [[11, 'r1'], [55, symbol], [54, '1'], [60, now()], [38, '1'], [40, '2'], [44, '5.0005']]);
  const offTick = await beta.waitFor(report('r1', '8'), 0, 'off tick');
  assert.equal(field(offTick, 39), '8');
  assert.match(field(offTick, 58)!, /Price \(44\) 5\.0005 is not a multiple of the tick size 0\.001/);
  beta.send('D', [[11, 'r2'], [55, 'TKFZ99'], [54, '1'], [60, now()], [38, '1'], [40, '2'], [44, '5']]);
  const unknownSymbol = await beta.waitFor(report('r2', '8'), 0, 'unknown symbol');
  assert.equal(field(unknownSymbol, 103), '1');
  beta.send('D', [[11, 'r3'], [55, symbol], [54, '1'], [60, now()], [38, '1'], [40, '2'], [44, '9.000']]);
  const outside = await beta.waitFor(report('r3', '8'), 0, 'outside limits');
  assert.match(field(outside, 58)!, /limit/i);
  assert.equal(exchange.seq - seqBefore <= 1, true, 'only the engine-refused order took a sequence number');
  beta.send('q', [[11, 'mc'], [530, '1'], [55, symbol], [60, now()]]);
  const mass = await beta.waitFor((m) => m.msgType === 'r', 0, 'mass cancel report');
  assert.deepEqual(pick(mass, [531, 533]), ['1', '0']);
});
