import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { encodeMessage } from './codec.js';
import { startFixServer, type FixServer } from './fix-server.js';
import { MemoryStoreFactory } from './store.js';
import { FakeApplication, TestClient, field, realClock } from './testing.js';
import { formatUtcTimestamp } from './time.js';
import type { TsMicros } from '../../core/units.js';

const accounts = { C1: { password: 'pw1', accountId: 1 }, C2: { password: 'pw2', accountId: 2 }, C3: { password: 'pw3', accountId: 3 }, C4: { password: 'pw4', accountId: 4 } };
const now = (): string => formatUtcTimestamp(realClock() as TsMicros);
const order = (clOrdId: string, side: string, price: string, qty: string): Array<[number, string]> =>
  [[11, clOrdId], [55, 'TKFH27'], [54, side], [60, now()], [38, qty], [40, '2'], [44, price], [59, '1']];
const is = (msgType: string, tag?: number, value?: string) => (m: { msgType: string; fields: readonly (readonly [number, string])[] }) =>
  m.msgType === msgType && (tag === undefined || m.fields.some(([t, v]) => t === tag && v === value));

let server: FixServer;
const app = new FakeApplication(accounts);
const clients: TestClient[] = [];
async function client(compId: string): Promise<TestClient> {
  server ??= await startFixServer({ port: 0, application: app, store: new MemoryStoreFactory(), clock: realClock });
  const c = await TestClient.connect(server.port, compId);
  clients.push(c);
  return c;
}
/** The server saw the disconnect too (its socket 'close' can come after the client's). */
async function gone(compId: string): Promise<void> {
  for (let i = 0; i < 100 && [...server.sessions].some((s) => s.compId === compId); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(![...server.sessions].some((s) => s.compId === compId), `${compId} still has a session`);
}
after(async () => {
  for (const c of clients) c.close();
  await server?.close();
});

test('logon, an order rests, another account crosses it: each gets its own fill', async () => {
  const c1 = await client('C1');
  c1.logon('pw1');
  const logon = await c1.waitFor(is('A'), 0, 'Logon');
  assert.equal(field(logon, 108), '30');
  assert.equal(field(logon, 34), '1');
  c1.send('D', order('b1', '1', '5.125', '3'));
  const ack = await c1.waitFor(is('8', 150, '0'), 0, 'New');
  assert.equal(field(ack, 11), 'b1');
  assert.equal(field(ack, 39), '0');
  assert.equal(field(ack, 151), '3');

  const c2 = await client('C2');
  c2.logon('pw2');
  await c2.waitFor(is('A'));
  c2.send('D', order('s1', '2', '5.125', '3'));
  const fill2 = await c2.waitFor(is('8', 150, 'F'), 0, 'C2 fill');
  assert.deepEqual([field(fill2, 11), field(fill2, 39), field(fill2, 32), field(fill2, 31), field(fill2, 14), field(fill2, 151)], ['s1', '2', '3', '5.125', '3', '0']);
  const fill1 = await c1.waitFor(is('8', 150, 'F'), 0, 'C1 fill');
  assert.equal(field(fill1, 11), 'b1');
  assert.equal(field(fill1, 6), '5.125');
  // Neither sees the other's order: C2 got no report naming b1, C1 none naming s1.
  assert.ok(!c2.received.some((m) => field(m, 11) === 'b1'));
  assert.ok(!c1.received.some((m) => field(m, 11) === 's1'));
  for (const c of [c1, c2]) {
    c.send('5', []);
    await c.waitFor(is('5'));
    await c.waitClosed();
    await gone(c.compId);
  }
});

test('a wrong password is answered with a Logout naming the reason, and the connection closes', async () => {
  const c = await client('C3');
  c.logon('nope');
  const logout = await c.waitFor(is('5'), 0, 'Logout');
  assert.match(field(logout, 58)!, /wrong Password/);
  await c.waitClosed();
});

test('a bad checksum is ignored; the gap it leaves is asked for again with a ResendRequest', async () => {
  const c = await client('C4');
  c.logon('pw4', [[141, 'Y']]);
  await c.waitFor(is('A', 141, 'Y'));
  const good = encodeMessage('0', [[49, 'C4'], [56, 'TOKEX'], [34, '2'], [52, now()]]);
  const bad = Buffer.from(good);
  bad[bad.length - 2] = bad[bad.length - 2] === 48 ? 49 : 48; // last checksum digit
  c.raw(bad);
  c.nextSeq = 3;
  c.send('1', [[112, 'after-garbled']]);
  const resend = await c.waitFor(is('2'), 0, 'ResendRequest');
  assert.deepEqual([field(resend, 7), field(resend, 16)], ['2', '0']);
  // The TestRequest at seq 3 was dropped (above the gap), so it is not answered until the gap is filled.
  assert.ok(!c.received.some(is('0', 112, 'after-garbled')));
  c.send('4', [[43, 'Y'], [122, now()], [123, 'Y'], [36, '3']], { seq: 2 });
  c.nextSeq = 3;
  c.send('1', [[112, 'after-gap-fill']]);
  await c.waitFor(is('0', 112, 'after-gap-fill'), 0, 'Heartbeat');
});

test('bad fields: Reject naming the tag, BusinessMessageReject where FIX wants one, unknown MsgType', async () => {
  const c = await client('C1');
  c.logon('pw1', [[141, 'Y']]);
  await c.waitFor(is('A'));
  const cases: Array<{ fields: Array<[number, string]>; msgType?: string; expect: (m: ReturnType<TestClient['received']['at']> & object) => boolean; what: string }> = [
    { what: 'price not a number', fields: order('x1', '1', 'abc', '1'), expect: (m) => m.msgType === '3' && field(m, 371) === '44' && field(m, 373) === '6' },
    { what: 'fractional qty', fields: order('x2', '1', '5', '1.5'), expect: (m) => m.msgType === '3' && field(m, 371) === '38' && field(m, 373) === '5' },
    { what: 'side missing', fields: order('x3', '1', '5', '1').filter(([t]) => t !== 54), expect: (m) => m.msgType === '3' && field(m, 371) === '54' && field(m, 373) === '1' },
    { what: 'side out of range', fields: order('x4', '7', '5', '1'), expect: (m) => m.msgType === '3' && field(m, 371) === '54' && field(m, 373) === '5' },
    { what: 'unknown tag', fields: [...order('x5', '1', '5', '1'), [9999, 'x']], expect: (m) => m.msgType === '3' && field(m, 371) === '9999' && field(m, 373) === '2' },
    { what: 'limit without price', fields: order('x6', '1', '5', '1').filter(([t]) => t !== 44), expect: (m) => m.msgType === 'j' && field(m, 380) === '5' && /Price \(44\)/.test(field(m, 58)!) },
    { what: 'unsupported message type', msgType: 'H', fields: [[11, 'x7'], [55, 'TKFH27'], [54, '1']], expect: (m) => m.msgType === 'j' && field(m, 380) === '3' && field(m, 372) === 'H' },
    { what: 'not a FIX 4.4 message type', msgType: 'ZZ', fields: [], expect: (m) => m.msgType === '3' && field(m, 373) === '11' },
    { what: 'unknown symbol', fields: [...order('x8', '1', '5', '1').filter(([t]) => t !== 55), [55, 'NOPE']], expect: (m) => m.msgType === '8' && field(m, 150) === '8' && field(m, 103) === '1' },
  ];
  for (const k of cases) {
    const from = c.received.length;
    const seq = c.nextSeq;
    c.send(k.msgType ?? 'D', k.fields);
    const answer = await c.waitFor(k.expect as never, from, k.what);
    if (answer.msgType === '3' || answer.msgType === 'j') assert.equal(field(answer, 45), String(seq), k.what);
  }
  // Every rejected message still consumed its sequence number: a heartbeat now is in sequence (no ResendRequest).
  const from = c.received.length;
  c.send('1', [[112, 'still-in-sequence']]);
  await c.waitFor(is('0', 112, 'still-in-sequence'), from);
  assert.ok(!c.received.some(is('2')));
  c.close();
  await gone('C1');
});

test('reports made while the client is away come back through its ResendRequest after the next Logon', async () => {
  const c1 = await client('C1');
  c1.logon('pw1', [[141, 'Y']]);
  await c1.waitFor(is('A'));
  c1.send('D', order('away1', '2', '6', '2'));
  await c1.waitFor(is('8', 11, 'away1'));
  const c1ExpectedNext = c1.received.length + 1; // every message so far took one seq
  c1.close();
  await gone('C1');

  const c2 = await client('C2');
  c2.logon('pw2', [[141, 'Y']]);
  await c2.waitFor(is('A'));
  c2.send('D', order('away2', '1', '6', '2'));
  await c2.waitFor(is('8', 150, 'F'), 0, 'C2 fill');

  const again = await client('C1');
  again.nextSeq = 3; // sequences continue across the reconnect
  again.logon('pw1');
  const logon = await again.waitFor(is('A'));
  assert.equal(Number(field(logon, 34)), c1ExpectedNext + 1, 'the fill made while away took a seq before this Logon');
  again.send('2', [[7, String(c1ExpectedNext)], [16, '0']]);
  const replay = await again.waitFor(is('8', 150, 'F'), 0, 'replayed fill');
  assert.deepEqual([field(replay, 43), field(replay, 11), Number(field(replay, 34))], ['Y', 'away1', c1ExpectedNext]);
  assert.ok(field(replay, 122) !== undefined);
  const gapFill = await again.waitFor(is('4', 123, 'Y'), 0, 'gap fill over the Logon');
  assert.deepEqual([Number(field(gapFill, 34)), Number(field(gapFill, 36))], [c1ExpectedNext + 1, c1ExpectedNext + 2]);
  for (const c of [again, c2]) c.close();
  await gone('C1');
  await gone('C2');
});

test('a MsgSeqNum below the expected one without PossDupFlag ends the session', async () => {
  const c = await client('C2');
  c.logon('pw2', [[141, 'Y']]);
  await c.waitFor(is('A'));
  c.send('0', []);
  c.send('0', [], { seq: 2 });
  const logout = await c.waitFor(is('5'), 0, 'Logout');
  assert.match(field(logout, 58)!, /MsgSeqNum too low, expecting 3 but received 2/);
  await c.waitClosed();
  await gone('C2');
});

test('mass cancel answers with OrderMassCancelReport and a Canceled report per order', async () => {
  const c = await client('C2');
  c.logon('pw2', [[141, 'Y']]);
  await c.waitFor(is('A'));
  c.send('D', order('m1', '1', '1', '1'));
  c.send('D', order('m2', '1', '2', '1'));
  await c.waitFor(is('8', 11, 'm2'));
  c.send('q', [[11, 'mc1'], [530, '7'], [60, now()]]);
  const report = await c.waitFor(is('r'), 0, 'mass cancel report');
  assert.deepEqual([field(report, 11), field(report, 531), field(report, 533)], ['mc1', '7', '2']);
  await c.waitFor(is('8', 11, 'm2'), c.received.indexOf(report));
  assert.equal(c.received.filter(is('8', 150, '4')).length, 2);
});
