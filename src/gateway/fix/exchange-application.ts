// The FixApplication over the real exchange: FIX requests become ExchangeCommands (decimals to ticks with the
// series' tick size, exactly), and the Outcome's engine events become ExecutionReports. Each account sees only
// its own orders: the requester's events answer its request; another account's events (its resting order
// filled by this one) go to that account's subscribed sessions. Outcomes of other gateways (REST, WebSocket)
// reach FIX clients through publish().

import { decimalToTicks, ticksToDecimal } from '../../core/decimal.js';
import { Reason } from '../../core/reasons.js';
import { CancelReason, OrderType, Side, StpMode, TimeInForce, type EngineEvent } from '../../engine/protocol.js';
import type { ExchangeCommand } from '../../exchange/commands.js';
import type { Exchange } from '../../exchange/exchange.js';
import type { OrderRecord } from '../../exchange/orders.js';
import type { Outcome } from '../../exchange/outcome.js';
import type {
  Authentication, ExecutionReportFields, FixAnswer, FixApplication, FixOrdStatus, FixOrdType, FixReport, FixTimeInForce,
  MassCancelAnswer, NewOrderFields, OrderRef, ReplaceFields,
} from './application.js';

export interface CommandSink {
  submit(command: ExchangeCommand): Promise<Outcome>;
}

export interface ExchangeApplicationOptions {
  readonly sink: CommandSink;
  /** Read access: orders and instruments (tick sizes). */
  readonly exchange: Exchange;
  /** SenderCompID + Password → account; owned by the accounts part (hashes, revocation). */
  readonly authenticate: (senderCompId: string, password: string) => Authentication | Promise<Authentication>;
}

const ordTypeOf: Record<FixOrdType, OrderType> = { '1': OrderType.market, '2': OrderType.limit, '3': OrderType.stop, '4': OrderType.stopLimit };
const fixOrdTypeOf = ['2', '1', '3', '4'] as const satisfies readonly FixOrdType[];
const tifOf: Record<FixTimeInForce, TimeInForce> = { '0': TimeInForce.GFD, '1': TimeInForce.GTC, '3': TimeInForce.IOC, '4': TimeInForce.FOK, '6': TimeInForce.GTD };
const fixTifOf = ['1', '0', '6', '3', '4'] as const satisfies readonly FixTimeInForce[];

/** OrdRejReason (103) for an exchange reason code. */
function ordRejReason(code: number): number {
  if (code === Reason.unknownSymbol || code === Reason.seriesExpired) return 1;
  if (code === Reason.marketClosed || code === Reason.marketHalted || code === Reason.phaseNotAllowed) return 2;
  if (code === Reason.orderSizeLimit || code === Reason.positionLimit || code === Reason.insufficientMargin) return 3;
  if (code === Reason.duplicateOrderId) return 6;
  if (code === Reason.qtyOutOfRange) return 13;
  return 99;
}

export class ExchangeFixApplication implements FixApplication {
  private readonly listeners = new Map<number, Array<(report: FixReport) => void>>();
  /** Current ClOrdID of each open order placed or replaced over FIX, and the way back, per account. */
  private readonly clOrdIdOf = new Map<number, string>();
  private readonly orderIdOf = new Map<string, number>();
  private localIds = 0;

  constructor(private readonly options: ExchangeApplicationOptions) {}

  authenticate(senderCompId: string, password: string): Authentication | Promise<Authentication> {
    return this.options.authenticate(senderCompId, password);
  }

  subscribe(accountId: number, listener: (report: FixReport) => void): void {
    const list = this.listeners.get(accountId) ?? [];
    list.push(listener);
    this.listeners.set(accountId, list);
  }

  /** An outcome of a command that did not come through this application: reports for every account in it. */
  publish(outcome: Outcome): void {
    this.route(outcome, undefined, undefined);
  }

  async newOrder(accountId: number, o: NewOrderFields): Promise<FixAnswer> {
    const base = { orderId: 'NONE', clOrdId: o.clOrdId, symbol: o.symbol, side: o.side, ordType: o.ordType, orderQtyLots: o.qtyLots };
    const refuse = (code: number, text: string): FixAnswer => ({ reports: [this.rejectReport(base, code, text)] });
    const instrument = this.options.exchange.instrument(o.symbol);
    if (!instrument) return refuse(Reason.unknownSymbol, `Symbol (55) ${o.symbol} is not a listed series`);
    const tick = instrument.product.tickSize;
    const priceTicks = o.price === undefined ? 0 : decimalToTicks(o.price, tick);
    if (priceTicks === undefined) return refuse(Reason.priceOffTick, `Price (44) ${o.price} is not a multiple of the tick size ${tick}`);
    const stopTicks = o.stopPx === undefined ? 0 : decimalToTicks(o.stopPx, tick);
    if (stopTicks === undefined) return refuse(Reason.priceOffTick, `StopPx (99) ${o.stopPx} is not a multiple of the tick size ${tick}`);
    if (this.orderIdOf.has(key(accountId, o.clOrdId))) return refuse(Reason.duplicateOrderId, `ClOrdID (11) ${o.clOrdId} is already used by an open order`);
    const outcome = await this.options.sink.submit({
      type: 'newOrder', accountId, symbol: instrument.symbol, side: o.side === '1' ? Side.buy : Side.sell, orderType: ordTypeOf[o.ordType],
      timeInForce: tifOf[o.timeInForce], priceTicks, stopPriceTicks: stopTicks, qtyLots: o.qtyLots, postOnly: o.postOnly,
      expireTsMicros: o.expireTsMicros ?? 0, stpMode: StpMode.cancelAggressing, clientOrderId: o.clOrdId,
    });
    if (outcome.orderId !== undefined) this.track(accountId, outcome.orderId, o.clOrdId);
    if (outcome.rejection && outcome.seq === 0) return refuse(outcome.rejection.code, outcome.rejection.message);
    return { reports: this.route(outcome, accountId, undefined) };
  }

  async cancel(accountId: number, ref: OrderRef): Promise<FixAnswer> {
    const order = this.find(accountId, ref);
    if (!order) return { reports: [cancelReject(ref, '1', 1, `order ${ref.orderId ?? ref.origClOrdId} is not one of your open orders`)] };
    const outcome = await this.options.sink.submit({ type: 'cancel', accountId, orderId: order.orderId });
    // Read again after the await: a view of the store is not kept across commands (exchange/orders.ts).
    if (outcome.rejection) return { reports: [cancelReject(ref, '1', outcome.rejection.code === Reason.orderNotResting ? 0 : 99, outcome.rejection.message, this.options.exchange.orders.get(order.orderId))] };
    return { reports: this.route(outcome, accountId, { orderId: order.orderId, clOrdId: ref.clOrdId }) };
  }

  async replace(accountId: number, r: ReplaceFields): Promise<FixAnswer> {
    const order = this.find(accountId, r);
    if (!order) return { reports: [cancelReject(r, '2', 1, `order ${r.orderId ?? r.origClOrdId} is not one of your open orders`)] };
    const tick = this.options.exchange.instrument(order.symbol)!.product.tickSize;
    if (fixOrdTypeOf[order.orderType] !== r.ordType) return { reports: [cancelReject(r, '2', 99, 'OrdType (40) cannot change in a replace', order)] };
    const priceTicks = r.price === undefined ? order.priceTicks : decimalToTicks(r.price, tick);
    if (priceTicks === undefined) return { reports: [cancelReject(r, '2', 99, `Price (44) ${r.price} is not a multiple of the tick size ${tick}`, order)] };
    const leavesLots = r.qtyLots - order.filledLots;
    if (leavesLots <= 0) return { reports: [cancelReject(r, '2', 99, `OrderQty (38) ${r.qtyLots} must exceed the ${order.filledLots} lots already filled`, order)] };
    const outcome = await this.options.sink.submit({ type: 'amend', accountId, orderId: order.orderId, priceTicks, qtyLots: leavesLots });
    if (outcome.rejection) return { reports: [cancelReject(r, '2', 99, outcome.rejection.message, this.options.exchange.orders.get(order.orderId))] };
    return { reports: this.route(outcome, accountId, { orderId: order.orderId, clOrdId: r.clOrdId }) };
  }

  async massCancel(accountId: number, req: { clOrdId: string; symbol?: string }): Promise<MassCancelAnswer> {
    const symbol = req.symbol === undefined ? '' : (this.options.exchange.instrument(req.symbol)?.symbol ?? req.symbol);
    const outcome = await this.options.sink.submit({ type: 'massCancel', accountId, symbol });
    if (outcome.rejection) return { kind: 'massCancel', response: '0', rejectReason: outcome.rejection.code === Reason.unknownSymbol ? 1 : 99, affectedOrders: 0, text: outcome.rejection.message, reports: [] };
    const reports = this.route(outcome, accountId, undefined);
    return { kind: 'massCancel', response: req.symbol === undefined ? '7' : '1', affectedOrders: reports.length, reports };
  }

  // --- events to reports --------------------------------------------------------------------------------------

  /**
   * Reports for the requester (returned) and for everyone else (to listeners). `renamed` is the order a cancel
   * or replace targeted and its new ClOrdID, which the reports about it carry from now on.
   */
  private route(outcome: Outcome, requester: number | undefined, renamed: { orderId: number; clOrdId: string } | undefined): FixReport[] {
    const own: FixReport[] = [];
    const fillsLeft = new Map<number, { lots: number; notional: number }>();
    for (const { event } of outcome.events) {
      if (event.kind !== 'trade') continue;
      for (const id of [event.makerOrderId, event.takerOrderId]) {
        const f = fillsLeft.get(id) ?? { lots: 0, notional: 0 };
        f.lots += event.qtyLots;
        f.notional += event.qtyLots * event.priceTicks;
        fillsLeft.set(id, f);
      }
    }
    // Cumulative quantities as of each event: the order record holds the state after the whole command.
    const cum = new Map<number, { lots: number; notional: number }>();
    const cumOf = (order: OrderRecord) => {
      let c = cum.get(order.orderId);
      if (!c) {
        const later = fillsLeft.get(order.orderId) ?? { lots: 0, notional: 0 };
        c = { lots: order.filledLots - later.lots, notional: order.filledNotionalTicks - later.notional };
        cum.set(order.orderId, c);
      }
      return c;
    };
    outcome.events.forEach(({ event }, index) => {
      for (const [orderId, accountId] of involved(event)) {
        const order = this.options.exchange.orders.get(orderId);
        if (!order || order.accountId !== accountId) continue;
        const c = cumOf(order);
        const report = this.report(order, event, c, `${outcome.seq}-${index}-${orderId}`, outcome, renamed);
        if (report === undefined) continue;
        if (accountId === requester) own.push(report);
        else for (const listener of this.listeners.get(accountId) ?? []) listener(report);
      }
    });
    return own;
  }

  private report(order: OrderRecord, event: EngineEvent, c: { lots: number; notional: number }, execId: string, outcome: Outcome, renamed: { orderId: number; clOrdId: string } | undefined): FixReport | undefined {
    const tick = this.options.exchange.instrument(order.symbol)!.product.tickSize;
    const previousClOrdId = this.clOrdIdOf.get(order.orderId) ?? order.clientOrderId;
    const isTarget = renamed?.orderId === order.orderId && (event.kind === 'cancelled' || event.kind === 'amended');
    const clOrdId = isTarget ? renamed.clOrdId : previousClOrdId;
    let execType: ExecutionReportFields['execType'];
    let lastQtyLots: number | undefined;
    let lastPx: string | undefined;
    let leaves = order.qtyLots - c.lots;
    let status: FixOrdStatus = c.lots > 0 ? '1' : '0';
    let orderQty = order.qtyLots;
    switch (event.kind) {
      case 'accepted': execType = '0'; orderQty = c.lots + event.qtyLots; leaves = event.qtyLots; break;
      case 'trade':
        execType = 'F';
        c.lots += event.qtyLots;
        c.notional += event.qtyLots * event.priceTicks;
        lastQtyLots = event.qtyLots;
        lastPx = ticksToDecimal(event.priceTicks, tick);
        leaves = event.makerOrderId === order.orderId ? event.makerLeavesLots : event.takerLeavesLots;
        status = leaves === 0 ? '2' : '1';
        orderQty = c.lots + leaves;
        break;
      case 'cancelled':
        execType = event.cancelReason === CancelReason.expired || event.cancelReason === CancelReason.sessionEnd ? 'C' : '4';
        status = execType;
        leaves = 0;
        orderQty = c.lots + event.qtyLots;
        break;
      case 'amended': execType = '5'; leaves = event.qtyLots; orderQty = c.lots + event.qtyLots; break;
      case 'triggered': execType = 'L'; break;
      case 'rejected': {
        execType = '8';
        status = '8';
        leaves = 0;
        break;
      }
      default: return undefined;
    }
    if (isTarget) {
      this.untrack(order.accountId, order.orderId);
      if (event.kind === 'amended') this.track(order.accountId, order.orderId, clOrdId);
    } else if (leaves === 0 && execType !== 'L') {
      this.untrack(order.accountId, order.orderId);
    }
    return {
      kind: 'execution', orderId: String(order.orderId), clOrdId, execId, execType, ordStatus: status,
      ...(isTarget ? { origClOrdId: previousClOrdId } : {}),
      symbol: order.symbol, side: order.side === Side.buy ? '1' : '2', ordType: fixOrdTypeOf[order.orderType], timeInForce: fixTifOf[order.timeInForce],
      ...(order.orderType === OrderType.limit || order.orderType === OrderType.stopLimit ? { price: ticksToDecimal(order.priceTicks, tick) } : {}),
      ...(order.stopPriceTicks > 0 ? { stopPx: ticksToDecimal(order.stopPriceTicks, tick) } : {}),
      orderQtyLots: orderQty, leavesQtyLots: leaves, cumQtyLots: c.lots,
      avgPx: c.lots > 0 ? avgPx(c.notional, c.lots, tick) : '0',
      ...(lastQtyLots !== undefined && lastPx !== undefined ? { lastQtyLots, lastPx } : {}),
      ...(event.kind === 'rejected' ? { ordRejReason: ordRejReason(event.reasonCode), text: outcome.rejection?.message ?? `refused (reason ${event.reasonCode})` } : {}),
      transactTsMicros: event.tsMicros,
    };
  }

  private rejectReport(base: { orderId: string; clOrdId: string; symbol: string; side: '1' | '2'; ordType: FixOrdType; orderQtyLots: number }, code: number, text: string): ExecutionReportFields {
    return {
      kind: 'execution', ...base, execId: `R-${++this.localIds}`, execType: '8', ordStatus: '8', leavesQtyLots: 0, cumQtyLots: 0, avgPx: '0',
      ordRejReason: ordRejReason(code), text, transactTsMicros: this.options.exchange.tsMicros,
    };
  }

  private find(accountId: number, ref: OrderRef): OrderRecord | undefined {
    const byId = ref.orderId !== undefined && /^\d{1,15}$/.test(ref.orderId) ? Number(ref.orderId) : this.orderIdOf.get(key(accountId, ref.origClOrdId));
    const order = byId === undefined ? undefined : this.options.exchange.orders.get(byId);
    return order && order.accountId === accountId ? order : undefined;
  }

  private track(accountId: number, orderId: number, clOrdId: string): void {
    this.clOrdIdOf.set(orderId, clOrdId);
    this.orderIdOf.set(key(accountId, clOrdId), orderId);
  }

  private untrack(accountId: number, orderId: number): void {
    const clOrdId = this.clOrdIdOf.get(orderId);
    if (clOrdId !== undefined) this.orderIdOf.delete(key(accountId, clOrdId));
    this.clOrdIdOf.delete(orderId);
  }
}

function involved(event: EngineEvent): Array<[orderId: number, accountId: number]> {
  switch (event.kind) {
    case 'trade': return [[event.makerOrderId, event.makerAccountId], [event.takerOrderId, event.takerAccountId]];
    case 'accepted':
    case 'rejected':
    case 'cancelled':
    case 'amended':
    case 'triggered': return [[event.orderId, event.accountId]];
    default: return [];
  }
}

function key(accountId: number, clOrdId: string): string {
  return `${accountId} ${clOrdId}`;
}

/** Σ(price×qty)/qty, exact to a hundredth of a tick (rounded half up), trailing zeros beyond the tick dropped. */
function avgPx(notionalTicks: number, lots: number, tick: string): string {
  const hundredths = Math.round((notionalTicks * 100) / lots);
  const text = ticksToDecimal(hundredths, scaleDown(tick));
  const tickDecimals = (tick.split('.')[1] ?? '').length;
  const [int, frac = ''] = text.split('.');
  const kept = frac.slice(0, tickDecimals) + frac.slice(tickDecimals).replace(/0+$/, '');
  return kept.length > 0 ? `${int}.${kept}` : int!;
}

/** tick / 100 as a decimal string ("0.001" → "0.00001"). */
function scaleDown(tick: string): string {
  const [int, frac = ''] = tick.split('.');
  const units = BigInt((int ?? '0') + frac);
  const scale = frac.length + 2;
  const digits = units.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function cancelReject(ref: OrderRef, responseTo: '1' | '2', cxlRejReason: 0 | 1 | 2 | 3 | 99, text: string, order?: OrderRecord): FixReport {
  const status: FixOrdStatus = !order ? '8' : order.status === 'filled' ? '2' : order.status === 'cancelled' ? '4' : order.filledLots > 0 ? '1' : '0';
  return { kind: 'cancelReject', orderId: order ? String(order.orderId) : 'NONE', clOrdId: ref.clOrdId, origClOrdId: ref.origClOrdId, ordStatus: status, responseTo, cxlRejReason, text };
}
