// The exchange: one sequenced pipeline, wired here and nowhere else.
//
//   command ─► validate ─► pre-trade risk (clearing) ─► sequence (seq, time) ─► matching (engine per series)
//           ─► clearing (positions, fees, P&L) ─► order store ─► market data (book, trades, candles, ticker)
//
// It is deterministic: the same commands with the same timestamps give the same outcomes and the same state
// hash, so the journal (which stores exactly the sequenced commands) rebuilds it by replay. A command refused
// before sequencing changes nothing and takes no sequence number. No I/O and no clock: time comes with each
// command from the caller.

import { assert } from '../core/assert.js';
import { Reason } from '../core/reasons.js';
import { ClearingHouse } from '../clearing/clearing-house.js';
import type { ClearingSnapshot } from '../clearing/snapshot.js';
import { contractSpecFor } from '../clearing/catalogue-adapter.js';
import { OrderType, Phase, StpMode, TimeInForce, type RejectedEvent } from '../engine/protocol.js';
import type { BookUpdate } from '../marketdata/book-feed.js';
import type { Catalogue } from '../products/catalogue.js';
import { listSeries } from '../products/listing.js';
import { parseSymbol, formatSymbol } from '../products/symbols.js';
import type { ExchangeCommand, NewOrderRequest, AmendRequest, CancelRequest } from './commands.js';
import { applyOrderEvents, bookSidesMoved } from './events.js';
import { Instrument, bookSides, type InstrumentSnapshot } from './instrument.js';
import { OrderStore, isOpen, type OrderRecord } from './orders.js';
import { noBookUpdates, refused, rejection, type Outcome, type SymbolEvent } from './outcome.js';

export type SessionMode = 'real' | 'always-open';

export interface ExchangeOptions {
  readonly catalogue: Catalogue;
  readonly sessions: SessionMode;
}

export const exchangeSnapshotVersion = 1;

/** The whole exchange as plain data at one sequence number: restore(snapshot) + the journal after it = now. */
export interface ExchangeSnapshot {
  readonly version: number;
  readonly seqLast: number;
  readonly tsMicrosLast: number;
  readonly engineStep: number;
  readonly orderIdLast: number;
  readonly memberId: number;
  readonly clearing: ClearingSnapshot;
  readonly orders: ReturnType<OrderStore['snapshot']>;
  readonly instruments: readonly InstrumentSnapshot[];
  readonly listedIsoDate: string;
}

/** The one clearing member accounts are opened under until members are managed through the API. */
export const houseMemberName = 'tokex clearing member 1';

export class Exchange {
  readonly clearing: ClearingHouse;
  orders = new OrderStore();
  private readonly instruments = new Map<string, Instrument>();
  private seqLast = 0;
  private tsMicrosLast = 0;
  /** Engine commands get their own strictly increasing step: one exchange command may make several. */
  private engineStep = 0;
  private orderIdLast = 0;
  private readonly memberId: number;
  /** The date of the last listSeries: listing again for it changes nothing, so the service skips it. */
  listedIsoDate = '';

  constructor(readonly options: ExchangeOptions, snapshot?: ExchangeSnapshot) {
    const clock = (): number => this.tsMicrosLast;
    if (snapshot === undefined) {
      this.clearing = new ClearingHouse({ clock });
      this.memberId = this.clearing.addMember(houseMemberName).id;
      return;
    }
    assert(snapshot.version === exchangeSnapshotVersion, `exchange snapshot version ${snapshot.version}, this build reads ${exchangeSnapshotVersion}`);
    this.clearing = ClearingHouse.restore(snapshot.clearing, { clock });
    this.memberId = snapshot.memberId;
    this.seqLast = snapshot.seqLast;
    this.tsMicrosLast = snapshot.tsMicrosLast;
    this.engineStep = snapshot.engineStep;
    this.orderIdLast = snapshot.orderIdLast;
    this.orders = OrderStore.restore(snapshot.orders);
    this.listedIsoDate = snapshot.listedIsoDate;
    for (const instrument of snapshot.instruments) {
      const product = options.catalogue.byCode.get(instrument.product);
      assert(product !== undefined, `snapshot series ${instrument.series.symbol} of product ${instrument.product}, not in the catalogue`);
      this.instruments.set(instrument.series.symbol, Instrument.restore(product, instrument));
    }
  }

  /** A copy of the whole state; later commands do not change it. */
  snapshot(): ExchangeSnapshot {
    return {
      version: exchangeSnapshotVersion, seqLast: this.seqLast, tsMicrosLast: this.tsMicrosLast, engineStep: this.engineStep,
      orderIdLast: this.orderIdLast, memberId: this.memberId, clearing: this.clearing.snapshot(), orders: this.orders.snapshot(),
      instruments: [...this.instruments.values()].map((i) => i.snapshot()), listedIsoDate: this.listedIsoDate,
    };
  }

  get seq(): number {
    return this.seqLast;
  }

  get tsMicros(): number {
    return this.tsMicrosLast;
  }

  instrument(symbol: string): Instrument | undefined {
    // Most callers pass the canonical symbol (it is what every outcome and order record carries): no parse.
    const listed = this.instruments.get(symbol);
    if (listed !== undefined) return listed;
    const parsed = parseSymbol(symbol);
    return this.instruments.get(parsed.ok ? formatSymbol(parsed) : symbol);
  }

  allInstruments(): Instrument[] {
    return [...this.instruments.values()];
  }

  /** Runs one command at tsMicros (the sequencer's clock; never earlier than the previous command's). */
  submit(command: ExchangeCommand, tsMicros: number): Outcome {
    // Checked on every order: the message (with its number-to-string work) is built only when it fails.
    if (!(Number.isSafeInteger(tsMicros) && tsMicros >= 0)) assert(false, `tsMicros ${tsMicros}`);
    const ts = Math.max(tsMicros, this.tsMicrosLast);
    switch (command.type) {
      case 'newOrder': return this.newOrder(command, ts);
      case 'cancel': return this.cancel(command, ts);
      case 'amend': return this.amend(command, ts);
      case 'massCancel': return this.massCancel(command.accountId, command.symbol, ts);
      case 'createAccount': return this.sequenced(ts, () => {
        const account = this.clearing.addAccount(this.memberId, command.name, command.accountType);
        return { events: [], result: { accountId: account.id } };
      });
      case 'deposit':
      case 'withdraw': return this.cash(command.type, command.accountId, command.currency, command.amountMinor, ts);
      case 'listSeries': return this.sequenced(ts, () => this.listSeries(command.isoDate, command.referenceTicksByProduct, command.sessions ?? this.options.sessions));
      case 'settleDay': return this.sequenced(ts, () => this.settleDay(command.isoDate, command.closingWindowStartMicros));
      case 'finalSettle': return this.finalSettle(command.symbol, command.priceTicks, ts);
      case 'marginCheck': return this.sequenced(ts, () => this.marginCheck(command.deadlineMicros, ts));
      case 'expireDue': return this.sequenced(ts, () => this.expireDue(ts));
      case 'setPhase': return this.setPhase(command.symbol, command.phase, ts);
      case 'killSwitch': return this.killSwitch(command.accountId, command.engaged, ts);
    }
  }

  // --- trading ------------------------------------------------------------------------------------------------

  private newOrder(c: NewOrderRequest, ts: number): Outcome {
    const instrument = this.instrument(c.symbol);
    if (!instrument) return refused(Reason.unknownSymbol, `symbol ${c.symbol} is not a listed series`, 'symbol');
    if (instrument.expired) return refused(Reason.seriesExpired, `symbol ${c.symbol} has expired`, 'symbol');
    const riskPrice = c.orderType === OrderType.market || c.orderType === OrderType.stop ? 0 : c.priceTicks;
    const risk = this.clearing.checkNewOrder({ accountId: c.accountId, symbol: instrument.symbol, side: c.side, priceTicks: riskPrice, qtyLots: c.qtyLots });
    if (!risk.ok) return refused(risk.code, risk.message, risk.code === Reason.orderSizeLimit ? 'qty' : undefined);
    // The hot path takes its sequence number inline: no step closure and no step result per order.
    this.begin(ts);
    const events = this.enterOrder(instrument, c, ts);
    return this.outcomeOf(events, this.orderIdLast, this.orderIdLast, instrument, undefined);
  }

  /**
   * Records a new order (its id is then orderIdLast), sends it to its series' engine, and marks it rejected when
   * the engine refused it.
   */
  private enterOrder(instrument: Instrument, c: NewOrderRequest, ts: number): SymbolEvent[] {
    const orderId = ++this.orderIdLast;
    this.orders.add({
      orderId, accountId: c.accountId, symbol: instrument.symbol, clientOrderId: c.clientOrderId, side: c.side,
      orderType: c.orderType, timeInForce: c.timeInForce, priceTicks: c.priceTicks, stopPriceTicks: c.stopPriceTicks,
      qtyLots: c.qtyLots, filledLots: 0, filledNotionalTicks: 0, status: 'new', reasonCode: 0,
      createdTsMicros: ts, updatedTsMicros: ts,
    });
    instrument.engine.newOrder(++this.engineStep, ts, orderId, c.accountId, c.side, c.orderType, c.timeInForce,
      c.priceTicks, c.stopPriceTicks, c.qtyLots, c.postOnly, c.expireTsMicros, c.stpMode);
    const events = this.afterEngine(instrument);
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!.event;
      // A refused new order made no other event: it is finished as rejected, with the engine's reason.
      if (event.kind === 'rejected' && event.orderId === orderId) this.orders.finish(orderId, 'rejected', ts, event.reasonCode);
    }
    return events;
  }

  private cancel(c: CancelRequest, ts: number): Outcome {
    const order = this.orders.get(c.orderId);
    if (!isOwnOpen(order, c.accountId)) return notOwnOpen(order, c.accountId, c.orderId);
    const instrument = this.instruments.get(order.symbol)!;
    this.begin(ts);
    instrument.engine.cancel(++this.engineStep, ts, c.orderId, c.accountId);
    return this.outcomeOf(this.afterEngine(instrument), c.orderId, c.orderId, instrument, undefined);
  }

  private amend(c: AmendRequest, ts: number): Outcome {
    const order = this.orders.get(c.orderId);
    if (!isOwnOpen(order, c.accountId)) return notOwnOpen(order, c.accountId, c.orderId);
    const instrument = this.instruments.get(order.symbol)!;
    const leavesLots = order.qtyLots - order.filledLots;
    if (c.qtyLots > leavesLots || c.priceTicks !== order.priceTicks) {
      // More quantity, or a new price, is new risk: check the whole new remainder as if it were a new order.
      const risk = this.clearing.checkNewOrder({ accountId: c.accountId, symbol: order.symbol, side: order.side, priceTicks: c.priceTicks, qtyLots: Math.max(0, c.qtyLots - leavesLots) || 1 });
      if (!risk.ok) return refused(risk.code, risk.message);
    }
    this.begin(ts);
    instrument.engine.amend(++this.engineStep, ts, c.orderId, c.accountId, c.priceTicks, c.qtyLots);
    return this.outcomeOf(this.afterEngine(instrument), c.orderId, c.orderId, instrument, undefined);
  }

  private massCancel(accountId: number, symbol: string, ts: number): Outcome {
    if (this.clearing.account(accountId) === undefined) return refused(Reason.unknownAccount, `account ${accountId} does not exist`, 'accountId');
    const targets = symbol === '' ? this.allInstruments() : [this.instrument(symbol)];
    if (targets[0] === undefined) return refused(Reason.unknownSymbol, `symbol ${symbol} is not a listed series`, 'symbol');
    return this.sequenced(ts, () => {
      const events: SymbolEvent[] = [];
      for (const instrument of targets as Instrument[]) {
        instrument.engine.massCancel(++this.engineStep, ts, accountId);
        events.push(...this.afterEngine(instrument));
      }
      return { events, result: { cancelled: events.filter((e) => e.event.kind === 'cancelled').length } };
    });
  }

  // --- money, accounts, operator ------------------------------------------------------------------------------

  private cash(kind: 'deposit' | 'withdraw', accountId: number, currency: 'USD' | 'CNY', amountMinor: bigint, ts: number): Outcome {
    if (this.clearing.account(accountId) === undefined) return refused(Reason.unknownAccount, `account ${accountId} does not exist`, 'accountId');
    if (amountMinor <= 0n) return refused(Reason.malformed, `amount must be positive, got ${amountMinor}`, 'amount');
    // A refused withdrawal must change nothing, so it is tried before a sequence number is taken.
    this.tsMicrosLast = ts;
    const result = kind === 'deposit' ? this.clearing.deposit(accountId, currency, amountMinor) : this.clearing.withdraw(accountId, currency, amountMinor);
    if (!result.ok) return refused(result.code, result.message, 'amount');
    this.seqLast++;
    return { seq: this.seqLast, events: [], bookUpdates: [], result: { cashMinor: result.cashMinor } };
  }

  private setPhase(symbol: string, phase: Phase, ts: number): Outcome {
    const instrument = this.instrument(symbol);
    if (!instrument) return refused(Reason.unknownSymbol, `symbol ${symbol} is not a listed series`, 'symbol');
    return this.sequenced(ts, () => {
      instrument.engine.setPhase(++this.engineStep, ts, phase);
      return { events: this.afterEngine(instrument), target: 0, instrument };
    });
  }

  private killSwitch(accountId: number, engaged: boolean, ts: number): Outcome {
    if (this.clearing.account(accountId) === undefined) return refused(Reason.unknownAccount, `account ${accountId} does not exist`, 'accountId');
    return this.sequenced(ts, () => {
      const events: SymbolEvent[] = [];
      for (const intent of this.clearing.setKillSwitch(accountId, engaged)) {
        const instrument = this.instruments.get(intent.symbol);
        if (!instrument) continue;
        instrument.engine.massCancel(++this.engineStep, ts, intent.accountId);
        events.push(...this.afterEngine(instrument));
      }
      return { events, result: { engaged } };
    });
  }

  private listSeries(isoDate: string, referenceTicksByProduct: Readonly<Record<string, number>>, sessions: SessionMode): StepResult {
    const events: SymbolEvent[] = [];
    const listed: string[] = [];
    for (const series of listSeries(this.options.catalogue, isoDate)) {
      const existing = this.instruments.get(series.symbol);
      if (existing) {
        this.clearing.setSpotMonth(series.symbol, series.frontMonth);
        continue;
      }
      const product = this.options.catalogue.byCode.get(series.product)!;
      const referenceTicks = referenceTicksByProduct[product.code];
      assert(referenceTicks !== undefined && Number.isSafeInteger(referenceTicks) && referenceTicks > 0, `listing ${series.symbol} needs a reference price for ${product.code}`);
      const instrument = new Instrument(product, series);
      this.instruments.set(series.symbol, instrument);
      this.clearing.registerSeries(contractSpecFor(product, series.symbol, series.year * 100 + series.month, series.frontMonth), referenceTicks);
      instrument.engine.setReference(++this.engineStep, this.tsMicrosLast, referenceTicks, product.limitBps);
      if (sessions === 'always-open') {
        instrument.engine.setPhase(++this.engineStep, this.tsMicrosLast, Phase.preOpen);
        instrument.engine.setPhase(++this.engineStep, this.tsMicrosLast, Phase.continuous);
      }
      events.push(...this.afterEngine(instrument));
      listed.push(series.symbol);
    }
    this.listedIsoDate = isoDate;
    return { events, result: { listed } };
  }

  private settleDay(isoDate: string, closingWindowStartMicros: number): StepResult {
    const series: Record<string, { bestBidTicks?: number; bestAskTicks?: number }> = {};
    for (const instrument of this.instruments.values()) {
      if (instrument.expired) continue;
      const bid = instrument.engine.bestBidTicks();
      const ask = instrument.engine.bestAskTicks();
      series[instrument.symbol] = { ...(bid > 0 ? { bestBidTicks: bid } : {}), ...(ask > 0 ? { bestAskTicks: ask } : {}) };
    }
    const settlement = this.clearing.runDailySettlement(isoDate, { closingWindowStartMicros, series });
    const events: SymbolEvent[] = [];
    for (const reference of settlement.references) {
      const instrument = this.instruments.get(reference.symbol);
      if (!instrument) continue;
      instrument.engine.setReference(++this.engineStep, this.tsMicrosLast, reference.referencePriceTicks, reference.limitBps);
      instrument.ticker.newDay();
      events.push(...this.afterEngine(instrument));
    }
    return { events, result: settlement };
  }

  /** Every series with a GTD order due at ts moves its clock to ts, which expires them (engine sweep). */
  private expireDue(ts: number): StepResult {
    const events: SymbolEvent[] = [];
    for (const instrument of this.instruments.values()) {
      if (instrument.expired || instrument.engine.gtdExpiryNextMicros > ts) continue;
      instrument.engine.advanceTime(++this.engineStep, ts);
      events.push(...this.afterEngine(instrument));
    }
    return { events };
  }

  /** The earliest time a GTD order may be due in any series (Infinity when none rests): when to submit expireDue. */
  gtdExpiryNextMicros(): number {
    let next = Infinity;
    for (const instrument of this.instruments.values()) {
      if (!instrument.expired && instrument.engine.gtdExpiryNextMicros < next) next = instrument.engine.gtdExpiryNextMicros;
    }
    return next;
  }

  private marginCheck(deadlineMicros: number, ts: number): StepResult {
    const calls = this.clearing.checkMarginCalls(deadlineMicros);
    const events: SymbolEvent[] = [];
    const liquidationOrders: number[] = [];
    for (const intent of this.clearing.runLiquidations()) {
      const instrument = this.instruments.get(intent.symbol);
      if (!instrument || instrument.expired) continue;
      if (intent.kind === 'massCancel') {
        instrument.engine.massCancel(++this.engineStep, ts, intent.accountId);
        events.push(...this.afterEngine(instrument));
        continue;
      }
      // Forced orders skip pre-trade risk: they only reduce the position, and the account is reduce-only now.
      const step = this.enterOrder(instrument, {
        type: 'newOrder', accountId: intent.accountId, symbol: instrument.symbol, side: intent.side, orderType: OrderType.limit,
        timeInForce: TimeInForce.IOC, priceTicks: intent.priceTicks, stopPriceTicks: 0, qtyLots: intent.qtyLots, postOnly: false,
        expireTsMicros: 0, stpMode: StpMode.none, clientOrderId: 'liquidation',
      }, ts);
      events.push(...step);
      liquidationOrders.push(this.orderIdLast);
    }
    return { events, result: { marginCalls: calls, liquidationOrders } };
  }

  private finalSettle(symbol: string, priceTicks: number, ts: number): Outcome {
    const instrument = this.instrument(symbol);
    if (!instrument) return refused(Reason.unknownSymbol, `symbol ${symbol} is not a listed series`, 'symbol');
    if (instrument.expired) return refused(Reason.seriesExpired, `symbol ${symbol} is already final-settled`, 'symbol');
    if (!Number.isSafeInteger(priceTicks) || priceTicks <= 0) return refused(Reason.priceOutOfRange, `final settlement price must be positive ticks, got ${priceTicks}`, 'price');
    return this.sequenced(ts, () => {
      // Orders go first, so that clearing's open-order view is empty when the positions are closed.
      instrument.engine.massCancel(++this.engineStep, ts, 0);
      const events = this.afterEngine(instrument);
      if (instrument.engine.phase !== Phase.closed) instrument.engine.setPhase(++this.engineStep, ts, Phase.closed);
      events.push(...this.afterEngine(instrument));
      const result = this.clearing.runFinalSettlement(instrument.symbol, priceTicks);
      instrument.expired = true;
      return { events, result };
    });
  }

  // --- the sequence -------------------------------------------------------------------------------------------

  /** Takes a sequence number and runs the step; the outcome is a rejection if the engine refused the target. */
  private sequenced(ts: number, step: () => StepResult): Outcome {
    this.begin(ts);
    const { events, orderId, target, instrument, result } = step();
    return this.outcomeOf(events, orderId, target, instrument, result);
  }

  /** The next sequence number, at ts: every sequenced command starts here, before it changes anything. */
  private begin(ts: number): void {
    this.seqLast++;
    this.tsMicrosLast = ts;
  }

  /**
   * The outcome of the sequenced command begun last: its events, the book updates of the series they touched
   * (once per series, in first-seen order), and a rejection when the engine refused `target`. Runs for every
   * order: the outcome is one literal of one shape per case, and no intermediate arrays or sets.
   */
  private outcomeOf(events: SymbolEvent[], orderId: number | undefined, target: number | undefined, instrument: Instrument | undefined, result: unknown): Outcome {
    let refusedEvent: RejectedEvent | undefined;
    let oneSeries = true;
    let sidesMoved: number = bookSides.none;
    const firstSymbol = events.length > 0 ? events[0]!.symbol : '';
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const event = e.event;
      if (refusedEvent === undefined && target !== undefined && event.kind === 'rejected' && event.orderId === target) refusedEvent = event;
      if (e.symbol !== firstSymbol) oneSeries = false;
      sidesMoved |= bookSidesMoved(event);
    }
    let bookUpdates: readonly BookUpdate[] = noBookUpdates;
    if (events.length > 0 && oneSeries) {
      // Every order, cancel and amend: one series, and the book sides its events name are the ones to read.
      const update = this.seriesOf(firstSymbol, instrument)?.publishBook(sidesMoved);
      if (update) bookUpdates = [update];
    } else if (events.length > 0) bookUpdates = this.publishEach(events, instrument);
    const outcome: Outcome = orderId !== undefined
      ? (result !== undefined ? { seq: this.seqLast, events, bookUpdates, orderId, result } : { seq: this.seqLast, events, bookUpdates, orderId })
      : (result !== undefined ? { seq: this.seqLast, events, bookUpdates, result } : { seq: this.seqLast, events, bookUpdates });
    if (refusedEvent !== undefined) {
      return { ...outcome, rejection: rejection(refusedEvent.reasonCode, instrument?.engine.lastRejectionMessage() ?? 'refused by the matching engine') };
    }
    return outcome;
  }

  /** Several series in one command (mass cancel, kill switch, listing): each publishes once, in first-seen order. */
  private publishEach(events: readonly SymbolEvent[], instrument: Instrument | undefined): BookUpdate[] {
    const bookUpdates: BookUpdate[] = [];
    const symbolsSeen: string[] = [];
    for (let i = 0; i < events.length; i++) {
      const symbol = events[i]!.symbol;
      if (symbolsSeen.includes(symbol)) continue;
      symbolsSeen.push(symbol);
      const update = this.seriesOf(symbol, instrument)?.publishBook(bookSides.both);
      if (update) bookUpdates.push(update);
    }
    return bookUpdates;
  }

  /** The command's own instrument without a map lookup when it is the one named. */
  private seriesOf(symbol: string, instrument: Instrument | undefined): Instrument | undefined {
    return instrument !== undefined && instrument.symbol === symbol ? instrument : this.instruments.get(symbol);
  }

  /** Reads the engine's events once: clearing, the order store and market data all see the same list. */
  private afterEngine(instrument: Instrument): SymbolEvent[] {
    const buffer = instrument.events;
    const count = buffer.count;
    if (count === 0) return [];
    const events = buffer.decodeAll();
    buffer.clear();
    this.clearing.onEngineEvents(instrument.symbol, events);
    applyOrderEvents(this.orders, instrument, events);
    const symbol = instrument.symbol;
    // Sized once (pushing onto [] reserves room for 16 or more; most commands make one or two events).
    const out = new Array<SymbolEvent>(count);
    for (let i = 0; i < count; i++) out[i] = { symbol, event: events[i]! };
    return out;
  }

  /** One hash over every part's state: replicas and replays compare it. */
  stateHash(): string {
    const parts = [`seq ${this.seqLast} order ${this.orderIdLast} step ${this.engineStep} listed ${this.listedIsoDate}`, `clearing ${this.clearing.stateHash()}`];
    for (const symbol of [...this.instruments.keys()].sort()) parts.push(`${symbol} ${this.instruments.get(symbol)!.engine.stateHash()}`);
    return fnv1a64(parts.join('\n'));
  }
}

interface StepResult {
  readonly events: SymbolEvent[];
  readonly orderId?: number;
  /** The order whose rejection makes the whole command a rejection (0 for operator commands). */
  readonly target?: number;
  readonly instrument?: Instrument;
  readonly result?: unknown;
}

/** Whether a cancel or amend from accountId may act on the order (checked per cancel without a result object). */
function isOwnOpen(order: OrderRecord | undefined, accountId: number): order is OrderRecord {
  return order !== undefined && order.accountId === accountId && isOpen(order);
}

/** The refusal of a cancel or amend whose order isOwnOpen refused. */
function notOwnOpen(order: OrderRecord | undefined, accountId: number, orderId: number): Outcome {
  // Another account's order is answered exactly as an unknown one: its existence is not disclosed.
  if (order === undefined || order.accountId !== accountId) return refused(Reason.unknownOrder, `order ${orderId} is not one of your orders`, 'orderId');
  return refused(Reason.orderNotResting, `order ${orderId} is ${order.status}, not open`, 'orderId');
}

function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
