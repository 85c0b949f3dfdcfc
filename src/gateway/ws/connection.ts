// One WebSocket connection: subscriptions, a signed login (the same HMAC as REST, over
// timestamp + "GET" + "/v1/ws", so replay and clock checks apply), order entry and cancel, a heartbeat, and
// optionally cancel-on-disconnect of the orders this connection placed.

import type { WebSocket } from 'ws';
import { Reason } from '../../core/reasons.js';
import { isOpen } from '../../exchange/orders.js';
import type { Principal } from '../auth/authenticator.js';
import { headerKey, headerSignature, headerTimestamp } from '../auth/signature.js';
import { submitThen, type GatewayContext } from '../context.js';
import { ApiError } from '../errors.js';
import { fillsOfOrder } from '../fills.js';
import { wsBufferedBytesMax, wsOrdersTrackedMax, wsRequestsInFlightMax, wsSubscriptionsPerConnectionMax } from '../limits.js';
import { checkNewOrder, liveInstrument } from '../order-input.js';
import { fillJson, orderJson, OrderTextCache, writeOrderCached, writeTradeFill } from '../wire.js';
import type { TradeEvent } from '../../engine/protocol.js';
import type { OrderRecord } from '../../exchange/orders.js';
import type { Outcome } from '../../exchange/outcome.js';
import type { Product } from '../../products/catalogue.js';
import { FrameWriter } from './frame-writer.js';
import type { WsHub, Subscriber } from './hub.js';
import { parseClientMessage, type ClientMessage } from './messages.js';

/** One answer in the queue, as the JSON text to send; onSent are the settled() waiters that need it out. */
interface Answer {
  done: boolean;
  /** The answer's text; undefined with no error when it was written to the socket already (the order path). */
  text: string | undefined;
  error: Error | undefined;
  onSent: (() => void)[] | undefined;
}

/** Close code for a client too slow to read what it subscribed to (1013: try again later). */
export const closeSlowConsumer = 1013;

export class WsConnection implements Subscriber {
  private principal: Principal | undefined;
  private cancelOnDisconnect = false;
  private readonly subscriptions = new Set<string>();
  private readonly ordersPlaced = new Set<number>();
  private closed = false;
  /**
   * Answers not sent yet, in request order, from answersHead on: each is sent once it and every earlier one
   * is ready. A queue rather than a chain of promises: an order costs one then() on its own answer, not three
   * promises and their closures. barriers counts the non-order ops waiting in it.
   */
  private readonly answers: Answer[] = [];
  private answersHead = 0;
  private barriers = 0;
  private inFlight = 0;
  /**
   * Every frame to this client is written here and leaves once per turn of the event loop, in one write: an
   * order's answer and its pushes together, and the outcomes of one group commit together.
   */
  private readonly out: FrameWriter;
  private readonly orderText = new OrderTextCache();

  constructor(
    private readonly socket: WebSocket,
    private readonly hub: WsHub,
    private readonly ctx: GatewayContext,
    /** A request failed other than by an ApiError (a broken invariant): the connection is closed. */
    private readonly onFailure: (error: Error) => void = () => {},
  ) {
    const raw = (socket as unknown as { _socket: { write(bytes: Buffer): boolean } })._socket;
    this.out = new FrameWriter((bytes) => {
      if (this.socket.readyState === this.socket.OPEN) raw.write(bytes);
    });
  }

  send(message: unknown): void {
    this.sendText(JSON.stringify(message));
  }

  sendText(text: string): void {
    if (this.writable()) this.out.text(text);
  }

  pushOrder(order: OrderRecord, product: Product): void {
    if (!this.writable()) return;
    const out = this.out;
    out.begin();
    out.ascii('{"channel":"orders","data":');
    writeOrderCached(out, this.orderText, order, product);
    out.ascii('}');
    out.end();
  }

  pushFill(symbol: string, trade: TradeEvent, maker: boolean, product: Product): void {
    if (!this.writable()) return;
    const out = this.out;
    out.begin();
    out.ascii('{"channel":"fills","data":');
    writeTradeFill(out, symbol, trade, maker, product);
    out.ascii('}');
    out.end();
  }

  /** Sends what is written (before a close frame from ws, which would otherwise overtake it). */
  flush(): void {
    this.out.flush();
  }

  /** Whether a message may be written: open, and the client reads fast enough (else it is closed here). */
  private writable(): boolean {
    if (this.closed) return false;
    if (this.socket.bufferedAmount + this.out.pendingBytes > wsBufferedBytesMax) {
      this.socket.close(closeSlowConsumer, 'slow consumer: too much unread data');
      this.closed = true;
      return false;
    }
    return true;
  }

  /**
   * Takes one message off the socket. Order entry is pipelined: an order or cancel is checked and sequenced
   * at once, in arrival order, without waiting for the previous one to be durable (group commit then makes many
   * durable with one fsync). Any other op is a barrier: it runs after every earlier answer was sent, and orders
   * behind it wait for it (an order right after a login needs the login done). Answers always leave in the
   * order of the requests.
   */
  receive(text: string): void {
    // Bounded pipelining: past the limit the socket stops reading until half the answers are out (TCP then
    // pushes back on the client) rather than queueing without bound.
    if (++this.inFlight >= wsRequestsInFlightMax && !this.socket.isPaused) this.socket.pause();
    const parsed = parseClientMessage(text);
    if (!parsed.ok) return this.ready(this.slot(), JSON.stringify(this.errorMessage(parsed.error, parsed.id)), undefined);
    const message = parsed.message;
    if ((message.op === 'order' || message.op === 'cancel') && this.barriers === 0) {
      // The hot path: no promise per order; the slot is filled when the command is durable (or refused).
      const slot = this.slot();
      return this.trade(message, slot, (answer) => this.ready(slot, answer, undefined), (error) => this.failed(slot, error, message.id));
    }
    this.barriers++;
    this.reply(this.settled().then(() => this.run(message)).finally(() => { this.barriers--; }));
  }

  /** Resolves when every answer so far has been sent (or the connection failed). */
  settled(): Promise<void> {
    if (this.answersHead === this.answers.length) return Promise.resolve();
    const last = this.answers[this.answers.length - 1]!;
    return new Promise((resolve) => (last.onSent ??= []).push(resolve));
  }

  private slot(): Answer {
    const slot: Answer = { done: false, text: undefined, error: undefined, onSent: undefined };
    this.answers.push(slot);
    return slot;
  }

  private reply(answer: Promise<unknown>): void {
    const slot = this.slot();
    // Handled here, so a failure that comes before its turn is not an unhandled rejection.
    answer.then((message) => this.ready(slot, typeof message === 'string' ? message : JSON.stringify(message), undefined), (error: Error) => this.ready(slot, undefined, error));
  }

  /** An ApiError becomes the error answer; anything else is a broken invariant and closes the connection. */
  private failed(slot: Answer, error: unknown, id: number | undefined): void {
    if (error instanceof ApiError) this.ready(slot, JSON.stringify(this.errorMessage(error, id)), undefined);
    else this.ready(slot, undefined, error as Error);
  }

  private ready(slot: Answer, text: string | undefined, error: Error | undefined): void {
    slot.done = true;
    slot.text = text;
    slot.error = error;
    while (this.answersHead < this.answers.length && this.answers[this.answersHead]!.done) {
      const next = this.answers[this.answersHead]!;
      this.answers[this.answersHead++] = undefined as unknown as Answer;
      if (next.error === undefined) {
        if (next.text !== undefined) this.sendText(next.text);
        if (--this.inFlight <= wsRequestsInFlightMax / 2 && this.socket.isPaused) this.socket.resume();
      } else {
        this.onFailure(next.error);
      }
      if (next.onSent) for (const resolve of next.onSent) resolve();
    }
    if (this.answersHead === this.answers.length) {
      this.answers.length = 0;
      this.answersHead = 0;
    } else if (this.answersHead >= 1024 && this.answersHead * 2 >= this.answers.length) {
      this.answers.splice(0, this.answersHead);
      this.answersHead = 0;
    }
  }

  private run(message: ClientMessage): Promise<unknown> {
    return this.dispatch(message).catch((error: unknown) => {
      if (!(error instanceof ApiError)) throw error;
      return this.errorMessage(error, message.id);
    });
  }

  /** The socket closed: leave the hub and, if asked at login, cancel what this connection left resting. */
  async closeDown(): Promise<void> {
    this.closed = true;
    this.hub.remove(this);
    if (!this.cancelOnDisconnect || !this.principal) return;
    for (const orderId of this.ordersPlaced) {
      const order = this.ctx.service.exchange.orders.get(orderId);
      if (order && isOpen(order)) await this.ctx.service.submit({ type: 'cancel', accountId: this.principal.accountId, orderId });
    }
  }

  /** Returns the answer; the sync part (checks, sequencing) runs before the first await. */
  private async dispatch(message: ClientMessage): Promise<unknown> {
    switch (message.op) {
      case 'ping':
        return { op: 'pong', ...(message.id === undefined ? {} : { id: message.id }), tsMicros: this.ctx.clockMs() * 1000 };
      case 'subscribe': {
        const found = liveInstrument(this.ctx.service.exchange, message.symbol);
        if (!found.ok) throw found.error;
        const name = `${message.channel}:${found.value.symbol}`;
        if (!this.subscriptions.has(name) && this.subscriptions.size >= wsSubscriptionsPerConnectionMax) {
          throw new ApiError(400, Reason.malformed, `at most ${wsSubscriptionsPerConnectionMax} subscriptions per connection`, 'channel');
        }
        this.subscriptions.add(name);
        this.hub.subscribe(this, message.channel, found.value.symbol);
        // Subscribing again is how a client resynchronises after a gap: it always gets a fresh snapshot.
        return this.hub.snapshot(message.channel, found.value);
      }
      case 'unsubscribe': {
        const symbol = this.ctx.service.exchange.instrument(message.symbol)?.symbol ?? message.symbol;
        this.subscriptions.delete(`${message.channel}:${symbol}`);
        this.hub.unsubscribe(this, message.channel, symbol);
        return { op: 'unsubscribed', channel: message.channel, symbol };
      }
      case 'login': {
        if (this.principal) throw new ApiError(409, Reason.malformed, 'this connection is already logged in');
        const principal = this.ctx.authenticator.authenticate({
          method: 'GET', pathWithQuery: '/v1/ws', body: '',
          headers: { [headerKey]: message.apiKey, [headerTimestamp]: message.timestamp, [headerSignature]: message.signature },
        }, ['read']);
        if (principal.accountId === 0) throw new ApiError(403, Reason.forbidden, 'log in with an account\'s API key');
        this.principal = principal;
        this.cancelOnDisconnect = message.cancelOnDisconnect ?? false;
        this.hub.addAccount(this, principal.accountId);
        return { op: 'login', ...(message.id === undefined ? {} : { id: message.id }), account: principal.accountId, cancelOnDisconnect: this.cancelOnDisconnect };
      }
      case 'order':
      case 'cancel':
        return new Promise((resolve, reject) => this.trade(message, undefined, resolve, reject));
    }
  }

  /**
   * An order or a cancel: checked, sequenced, and answered through callbacks once durable. Every refusal,
   * before or after sequencing, reaches failed as an ApiError.
   */
  private trade(
    message: Extract<ClientMessage, { op: 'order' | 'cancel' }>, slot: Answer | undefined, answered: (text: string) => void, failed: (error: unknown) => void,
  ): void {
    const ctx = this.ctx;
    const exchange = ctx.service.exchange;
    try {
      const principal = this.trader();
      if (message.op === 'order') {
        const checked = checkNewOrder(exchange, principal.accountId, message.order, ctx.clockMs());
        if (!checked.ok) throw checked.error;
        submitThen(ctx, checked.value, (outcome) => {
          const orderId = outcome.orderId!;
          if (this.ordersPlaced.size < wsOrdersTrackedMax) this.ordersPlaced.add(orderId);
          const order = exchange.orders.get(orderId)!;
          const product = exchange.instrument(order.symbol)!.product;
          // The answer is the order with its fills as the last key: {…order…,"fills":[…]}. In turn (every
          // earlier answer is out) it is written as bytes at once; otherwise it waits in the queue as text.
          if (slot === undefined || this.answers[this.answersHead] !== slot) {
            let fills = '';
            for (const fill of fillsOfOrder(outcome, orderId)) fills += (fills === '' ? '' : ',') + fillJson(fill, product);
            const result = orderJson(order, product).slice(0, -1) + ',"fills":[' + fills + ']}';
            return answered(message.id === undefined ? `{"op":"order","result":${result}}` : `{"op":"order","id":${message.id},"result":${result}}`);
          }
          if (this.writable()) this.writeOrderAnswer(message.id, order, product, outcome);
          this.ready(slot, undefined, undefined);
        }, failed);
        return;
      }
      const order = exchange.orders.get(message.orderId);
      if (!order || order.accountId !== principal.accountId) throw new ApiError(404, Reason.unknownOrder, `order ${message.orderId} is not one of your orders`, 'orderId');
      if (!isOpen(order)) throw new ApiError(409, Reason.orderNotResting, `order ${message.orderId} is ${order.status}, not open`, 'orderId');
      submitThen(ctx, { type: 'cancel', accountId: principal.accountId, orderId: message.orderId }, () => {
        // Read again once durable: a view of the store is not kept across commands (exchange/orders.ts).
        const cancelled = exchange.orders.get(message.orderId)!;
        const result = orderJson(cancelled, exchange.instrument(cancelled.symbol)!.product);
        answered(message.id === undefined ? `{"op":"cancel","result":${result}}` : `{"op":"cancel","id":${message.id},"result":${result}}`);
      }, failed);
    } catch (error) {
      failed(error);
    }
  }

  private writeOrderAnswer(id: number | undefined, order: OrderRecord, product: Product, outcome: Outcome): void {
    const out = this.out;
    out.begin();
    out.ascii('{"op":"order"');
    if (id !== undefined) {
      out.ascii(',"id":');
      out.int(id);
    }
    out.ascii(',"result":');
    writeOrderCached(out, this.orderText, order, product, true);
    out.ascii(',"fills":[');
    let first = true;
    const events = outcome.events;
    for (let i = 0; i < events.length; i++) {
      const { symbol, event } = events[i]!;
      if (event.kind !== 'trade') continue;
      // An order is the maker or the taker of a trade, never both.
      const maker = event.makerOrderId === order.orderId;
      if (!maker && event.takerOrderId !== order.orderId) continue;
      if (!first) out.ascii(',');
      first = false;
      writeTradeFill(out, symbol, event, maker, product);
    }
    out.ascii(']}}');
    out.end();
  }

  /** Order entry needs a login with the trade permission; each order pays from the key's rate bucket. */
  private trader(): Principal {
    if (!this.principal) throw new ApiError(401, Reason.unauthorised, 'log in first (op "login")');
    if (!this.principal.permissions.includes('trade')) throw new ApiError(403, Reason.forbidden, 'this key lacks the trade permission');
    this.ctx.authenticator.charge(this.principal);
    return this.principal;
  }

  private errorMessage(error: ApiError, id?: number): unknown {
    if (!error.counted) this.ctx.metrics.refused(error.code);
    return { op: 'error', ...(id === undefined ? {} : { id }), status: error.status, ...error.body() };
  }
}
