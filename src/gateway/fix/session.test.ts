import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, encodeMessage, getField, type FixField, type FixMessage } from './codec.js';
import { CounterpartyRegistry } from './counterparty.js';
import { FixSession } from './session.js';
import { sessionTable } from './session-table.js';
import { MemoryStoreFactory } from './store.js';
import { FakeApplication } from './testing.js';
import { formatUtcTimestamp } from './time.js';
import type { TsMicros } from '../../core/units.js';

/** A session on an injected clock, with no socket: frames out are decoded into `out`. */
function harness() {
  let nowMicros = Date.UTC(2026, 10, 25, 12) * 1000;
  const clock = (): number => nowMicros;
  const app = new FakeApplication({ C1: { password: 'pw', accountId: 1 } });
  const registry = new CounterpartyRegistry(app, new MemoryStoreFactory(), clock);
  const out: FixMessage[] = [];
  let closed = false;
  const open = () => new FixSession({
    application: app, registry, clock,
    io: { write: (f) => { const d = decodeFrame(f); assert.equal(d.kind, 'message'); if (d.kind === 'message') out.push(d.message); }, close: () => { closed = true; } },
  });
  let session = open();
  let seq = 1;
  const send = (msgType: string, fields: FixField[], s = seq++) =>
    session.receive(encodeMessage(msgType, [[49, 'C1'], [56, 'TOKEX'], [34, String(s)], [52, formatUtcTimestamp(nowMicros as TsMicros)], ...fields]));
  return {
    out, get closed() { return closed; }, get session() { return session; },
    advance: (micros: number) => { nowMicros += micros; session.tick(); },
    send, reconnect: () => { closed = false; session = open(); }, setSeq: (s: number) => { seq = s; },
  };
}
const flush = () => new Promise((r) => setImmediate(r));
const types = (ms: FixMessage[]) => ms.map((m) => m.msgType).join(',');

test('every state answers every message kind (the table is total)', () => {
  for (const [state, row] of Object.entries(sessionTable)) {
    for (const kind of ['0', '1', '2', '3', '4', '5', 'A', '8', 'D', 'otherApplication'] as const) {
      assert.ok(row.on[kind as keyof typeof row.on], `${state} has no action for ${kind}`);
    }
  }
});

test('heartbeat after HeartBtInt of our silence; TestRequest after the peer is silent; Logout when it stays silent', async () => {
  const h = harness();
  h.send('A', [[98, '0'], [108, '10'], [554, 'pw']]);
  await flush();
  assert.equal(types(h.out), 'A');
  h.advance(9_000_000);
  assert.equal(types(h.out), 'A', 'nothing before HeartBtInt');
  h.advance(1_000_000);
  assert.equal(types(h.out), 'A,0', 'a Heartbeat after 10 s of our silence');
  h.send('0', []);
  h.advance(11_000_000);
  assert.equal(types(h.out), 'A,0,0');
  h.advance(2_000_000); // 13 s since the peer's last message: past 120% of HeartBtInt
  assert.equal(types(h.out), 'A,0,0,1');
  const testReqId = getField(h.out.at(-1)!, 112)!;
  h.send('0', [[112, testReqId]]);
  h.advance(13_000_000);
  assert.equal(h.out.at(-1)!.msgType, '1', 'answered TestRequest cleared; a new silence makes a new one');
  assert.equal(h.closed, false);
  h.advance(13_000_000);
  assert.equal(h.out.at(-1)!.msgType, '5');
  assert.match(getField(h.out.at(-1)!, 58)!, /no answer to TestRequest/);
  assert.equal(h.closed, true);
});

test('no Logon within the logon timeout closes the connection; a first message that is not Logon closes it at once', () => {
  const h = harness();
  h.advance(11_000_000);
  assert.equal(h.closed, true);
  h.reconnect();
  h.send('0', []);
  assert.equal(h.closed, true);
  assert.equal(h.out.length, 0, 'nothing is said to a peer that never logged on');
});

test('ResendRequest replays application messages with PossDupFlag and gap-fills admin ones, under the original numbers', async () => {
  const h = harness();
  h.send('A', [[98, '0'], [108, '30'], [554, 'pw']]); // our 1: Logon
  await flush();
  h.send('D', [[11, 'o1'], [55, 'TKFH27'], [54, '1'], [60, formatUtcTimestamp(0 as TsMicros)], [38, '1'], [40, '2'], [44, '5']]);
  await h.session.idle(); // our 2: New
  h.send('1', [[112, 'x']]); // our 3: Heartbeat
  h.send('D', [[11, 'o2'], [55, 'TKFH27'], [54, '1'], [60, formatUtcTimestamp(0 as TsMicros)], [38, '1'], [40, '2'], [44, '6']]);
  await h.session.idle(); // our 4: New
  const before = h.out.length;
  h.send('2', [[7, '1'], [16, '0']]);
  const replay = h.out.slice(before);
  assert.deepEqual(replay.map((m) => [m.msgType, getField(m, 34), getField(m, 43), getField(m, 36) ?? getField(m, 11)]), [
    ['4', '1', 'Y', '2'],
    ['8', '2', 'Y', 'o1'],
    ['4', '3', 'Y', '4'],
    ['8', '4', 'Y', 'o2'],
  ]);
  assert.ok(replay.every((m) => getField(m, 122) !== undefined));
});

test('sequence numbers survive a reconnect; a Logon above the expected number triggers a ResendRequest', async () => {
  const h = harness();
  h.send('A', [[98, '0'], [108, '30'], [554, 'pw']]);
  await flush();
  h.send('0', []);
  h.session.disconnected();
  h.reconnect();
  h.setSeq(5); // the client lost 3 and 4
  const before = h.out.length;
  h.send('A', [[98, '0'], [108, '30'], [554, 'pw']]);
  await flush();
  const [logon, resend] = h.out.slice(before);
  assert.equal(logon!.msgType, 'A');
  assert.equal(getField(logon!, 34), '2', 'our numbers continued');
  assert.deepEqual([resend!.msgType, getField(resend!, 7), getField(resend!, 16)], ['2', '3', '0']);
  h.send('4', [[43, 'Y'], [122, formatUtcTimestamp(0 as TsMicros)], [123, 'Y'], [36, '6']], 3);
  h.setSeq(6);
  h.send('1', [[112, 'caught-up']]);
  assert.equal(getField(h.out.at(-1)!, 112), 'caught-up');
});
