// Test helpers (imported by tests only): a scripted FIX client over a real socket, and a small fake exchange
// behind the FixApplication interface (one price level per side is enough to show fills to both accounts).

import { connect, type Socket } from 'node:net';
import type { ExecutionReportFields, FixAnswer, FixApplication, FixReport, MassCancelAnswer, NewOrderFields, OrderRef, ReplaceFields } from './application.js';
import { decodeFrame, encodeMessage, getField, type FixField, type FixMessage } from './codec.js';
import { FixFramer } from './framer.js';
import { formatUtcTimestamp } from './time.js';
import type { TsMicros } from '../../core/units.js';

export const realClock = (): number => Date.now() * 1000;

export class TestClient {
  readonly received: FixMessage[] = [];
  nextSeq = 1;
  closed = false;
  private readonly framer = new FixFramer();
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: Socket, readonly compId: string) {
    socket.on('data', (chunk: Buffer) => {
      for (const out of this.framer.push(chunk)) {
        if (out.kind !== 'frame') continue;
        const decoded = decodeFrame(out.frame);
        if (decoded.kind === 'message') this.received.push(decoded.message);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static async connect(port: number, compId: string): Promise<TestClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new TestClient(socket, compId);
  }

  /** Sends with the next MsgSeqNum (or `seq`), header filled in. Returns the frame. */
  send(msgType: string, fields: FixField[], options: { seq?: number; header?: FixField[] } = {}): Buffer {
    const seq = options.seq ?? this.nextSeq++;
    const head: FixField[] = options.header ?? [[49, this.compId], [56, 'TOKEX'], [34, String(seq)], [52, formatUtcTimestamp(realClock() as TsMicros)]];
    const frame = encodeMessage(msgType, [...head, ...fields]);
    this.socket.write(frame);
    return frame;
  }

  raw(bytes: Buffer | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes.replaceAll('|', '\x01'), 'latin1') : bytes);
  }

  logon(password: string, extra: FixField[] = []): void {
    this.send('A', [[98, '0'], [108, '30'], [554, password], ...extra]);
  }

  /** Waits until a received message (after index `from`) matches; fails after 5 s of real time. */
  async waitFor(match: (m: FixMessage) => boolean, from = 0, what = 'message'): Promise<FixMessage> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found) return found;
      if (this.closed) throw new Error(`connection closed while waiting for ${what}; got ${this.dump()}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${this.dump()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  async waitClosed(): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise<void>((resolve) => { this.waiters.push(resolve); setTimeout(resolve, 100); });
    }
  }

  dump(): string {
    return this.received.map((m) => m.fields.map(([t, v]) => `${t}=${v}`).join('|')).join('\n');
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export const field = (m: FixMessage, tag: number): string | undefined => getField(m, tag);

interface FakeOrder { orderId: string; accountId: number; clOrdId: string; symbol: string; side: '1' | '2'; price: string; qty: number; cum: number; open: boolean }

/** A toy exchange: limit orders on symbol TKFH27 only, crossing at the resting price, whole fills or rests. */
export class FakeApplication implements FixApplication {
  readonly orders = new Map<string, FakeOrder>();
  private readonly listeners = new Map<number, (r: FixReport) => void>();
  private ids = 0;
  constructor(private readonly accounts: Record<string, { password: string; accountId: number }>) {}

  authenticate(senderCompId: string, password: string): { accountId: number } | { error: string } {
    const account = this.accounts[senderCompId];
    if (!account || account.password !== password) return { error: 'unknown SenderCompID or wrong Password' };
    return { accountId: account.accountId };
  }

  subscribe(accountId: number, listener: (report: FixReport) => void): void {
    this.listeners.set(accountId, listener);
  }

  async newOrder(accountId: number, o: NewOrderFields): Promise<FixAnswer> {
    const orderId = `O${++this.ids}`;
    if (o.symbol !== 'TKFH27') return { reports: [{ ...this.base({ orderId, accountId, clOrdId: o.clOrdId, symbol: o.symbol, side: o.side, price: o.price ?? '0', qty: o.qtyLots, cum: 0, open: false }), execType: '8', ordStatus: '8', ordRejReason: 1, text: `symbol ${o.symbol} is not listed` }] };
    const order: FakeOrder = { orderId, accountId, clOrdId: o.clOrdId, symbol: o.symbol, side: o.side, price: o.price ?? '0', qty: o.qtyLots, cum: 0, open: true };
    this.orders.set(orderId, order);
    const reports: FixReport[] = [{ ...this.base(order), execType: '0', ordStatus: '0' }];
    const maker = [...this.orders.values()].find((r) => r.open && r.side !== o.side && r.qty - r.cum === o.qtyLots && r.price === o.price);
    if (maker) {
      for (const side of [maker, order]) {
        side.cum = side.qty;
        side.open = false;
        const fill: ExecutionReportFields = { ...this.base(side), execType: 'F', ordStatus: '2', lastPx: maker.price, lastQtyLots: o.qtyLots, avgPx: maker.price };
        if (side === order) reports.push(fill);
        else this.listeners.get(side.accountId)?.(fill);
      }
    }
    return { reports };
  }

  async cancel(accountId: number, ref: OrderRef): Promise<FixAnswer> {
    const order = this.find(accountId, ref);
    if (!order) return { reports: [{ kind: 'cancelReject', orderId: 'NONE', clOrdId: ref.clOrdId, origClOrdId: ref.origClOrdId, ordStatus: '8', responseTo: '1', cxlRejReason: 1, text: 'unknown order' }] };
    order.open = false;
    return { reports: [{ ...this.base(order), clOrdId: ref.clOrdId, origClOrdId: order.clOrdId, execType: '4', ordStatus: '4', leavesQtyLots: 0 }] };
  }

  async replace(accountId: number, r: ReplaceFields): Promise<FixAnswer> {
    const order = this.find(accountId, r);
    if (!order) return { reports: [{ kind: 'cancelReject', orderId: 'NONE', clOrdId: r.clOrdId, origClOrdId: r.origClOrdId, ordStatus: '8', responseTo: '2', cxlRejReason: 1, text: 'unknown order' }] };
    const orig = order.clOrdId;
    order.clOrdId = r.clOrdId;
    order.qty = r.qtyLots;
    order.price = r.price ?? order.price;
    return { reports: [{ ...this.base(order), origClOrdId: orig, execType: '5', ordStatus: '0' }] };
  }

  async massCancel(accountId: number, req: { clOrdId: string; symbol?: string }): Promise<MassCancelAnswer> {
    const hit = [...this.orders.values()].filter((o) => o.open && o.accountId === accountId && (req.symbol === undefined || o.symbol === req.symbol));
    for (const o of hit) o.open = false;
    return { kind: 'massCancel', response: req.symbol === undefined ? '7' : '1', affectedOrders: hit.length, reports: hit.map((o) => ({ ...this.base(o), execType: '4', ordStatus: '4', leavesQtyLots: 0 })) };
  }

  private find(accountId: number, ref: OrderRef): FakeOrder | undefined {
    return [...this.orders.values()].find((o) => o.open && o.accountId === accountId && (ref.orderId !== undefined ? o.orderId === ref.orderId : o.clOrdId === ref.origClOrdId));
  }

  private base(o: FakeOrder): ExecutionReportFields {
    return {
      kind: 'execution', orderId: o.orderId, clOrdId: o.clOrdId, execId: `E${++this.ids}`, execType: '0', ordStatus: '0', symbol: o.symbol,
      side: o.side, ordType: '2', price: o.price, orderQtyLots: o.qty, leavesQtyLots: o.open ? o.qty - o.cum : 0, cumQtyLots: o.cum,
      avgPx: o.cum > 0 ? o.price : '0', transactTsMicros: realClock(),
    };
  }
}
