// Turns the sequenced command stream into history rows. It keeps its own replica of the exchange (a "shadow"),
// fed the journal's records with their seq and time stamp: the pipeline is deterministic, so the replica's
// outcome for seq N is the live one, and its clearing ledger grows by exactly the entries of seq N (the entry
// count before and after the command). The live service is never asked for anything but "seq N is durable":
// the rows are a function of the journal alone, which is what makes `tokex rebuild` give the same tables.

import { assert } from '../core/assert.js';
import { ticksToDecimal, unitsToDecimal } from '../core/decimal.js';
import type { DailySettlementResult } from '../clearing/clearing-house.js';
import type { FinalSettlementResult } from '../clearing/final-settlement.js';
import { OrderType, Side, type EngineEvent, type TradeEvent } from '../engine/protocol.js';
import { decodeExchangeCommand } from '../exchange/codec.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import type { Exchange } from '../exchange/exchange.js';
import type { Outcome } from '../exchange/outcome.js';
import { RecordType } from '../journal/index.js';
import { orderTypeName, sideName, timeInForceName } from './names.js';
import type { Writes } from './statements.js';

/** Rows written, by table: what `tokex rebuild` prints. */
export interface RowCounts {
  commands: number;
  accounts: number;
  orders: number;
  orderEvents: number;
  trades: number;
  fills: number;
  settlementPrices: number;
  finalSettlements: number;
  ledgerEntries: number;
}

export function zeroCounts(): RowCounts {
  return { commands: 0, accounts: 0, orders: 0, orderEvents: 0, trades: 0, fills: 0, settlementPrices: 0, finalSettlements: 0, ledgerEntries: 0 };
}

export class Projector {
  readonly counts = zeroCounts();

  constructor(readonly exchange: Exchange, private readonly writes: Writes) {}

  /** Applies one journal record to the replica; with write, also records its rows (else it only catches up). */
  apply(type: number, seq: number, tsMicros: number, payload: Uint8Array, write: boolean): void {
    if (type !== RecordType.exchangeCommand) return;
    const command = decodeExchangeCommand(payload);
    const ledger = this.exchange.clearing.internals().ledger;
    const entriesBefore = ledger.entryCount();
    const outcome = this.exchange.submit(command, tsMicros);
    assert(outcome.seq === seq, `journal record ${seq} replayed as seq ${outcome.seq}: the journal does not match this build`);
    if (!write) return;
    this.counts.commands++;
    this.record(command, outcome, tsMicros);
    this.recordLedger(seq, entriesBefore, ledger.entryCount());
    this.writes.meta.run({ seq, tsMicros });
  }

  private record(command: ExchangeCommand, outcome: Outcome, tsMicros: number): void {
    const { seq } = outcome;
    if (command.type === 'createAccount' && outcome.rejection === undefined) {
      const { accountId } = outcome.result as { accountId: number };
      this.writes.account.run({ accountId, name: command.name, accountType: command.accountType, seq, tsMicros });
      this.counts.accounts++;
    }
    const touched = new Map<number, EngineEvent | undefined>();
    if (outcome.orderId !== undefined) touched.set(outcome.orderId, undefined);
    if (command.type === 'newOrder' && outcome.orderId !== undefined) this.counts.orders++;
    outcome.events.forEach(({ symbol, event }, eventNo) => {
      if (event.kind === 'trade') {
        this.recordTrade(symbol, event, seq);
        touched.set(event.makerOrderId, event);
        touched.set(event.takerOrderId, event);
        this.orderEvent(event.makerOrderId, seq, eventNo, event, event.qtyLots, event.makerLeavesLots);
        this.orderEvent(event.takerOrderId, seq, eventNo, event, event.qtyLots, event.takerLeavesLots);
        return;
      }
      if (!('orderId' in event)) return;
      touched.set(event.orderId, event);
      switch (event.kind) {
        case 'accepted': return this.orderEvent(event.orderId, seq, eventNo, event, event.qtyLots, event.qtyLots);
        case 'cancelled': return this.orderEvent(event.orderId, seq, eventNo, event, event.qtyLots, 0, event.cancelReason);
        case 'amended': return this.orderEvent(event.orderId, seq, eventNo, event, event.qtyLots, event.qtyLots);
        case 'triggered': return this.orderEvent(event.orderId, seq, eventNo, event, 0, null);
        case 'rejected': return this.orderEvent(event.orderId, seq, eventNo, event, 0, 0, event.reasonCode);
      }
    });
    for (const [orderId, last] of touched) this.upsertOrder(orderId, seq, last);
    if (command.type === 'settleDay') this.recordSettlement(outcome.result as DailySettlementResult, seq, tsMicros);
    if (command.type === 'finalSettle') this.recordFinal(outcome.result as FinalSettlementResult, seq, tsMicros);
  }

  /** The order as the replica's order store has it after the command: its latest status and quantities. */
  private upsertOrder(orderId: number, seq: number, last: EngineEvent | undefined): void {
    const order = this.exchange.orders.get(orderId);
    if (order === undefined) {
      // The store forgets the oldest finished orders (finishedOrdersKeptMax); one finished and forgotten within
      // this very command still gets its final status from the event that finished it.
      assert(last !== undefined && (last.kind === 'cancelled' || last.kind === 'trade'), `order ${orderId} is not in the order store`);
      const status = last.kind === 'cancelled' ? 'cancelled' : 'filled';
      this.writes.orderStatus.run({ orderId, status, reasonCode: last.kind === 'cancelled' ? last.cancelReason : 0, seq, tsMicros: last.tsMicros });
      return;
    }
    const tickSize = this.tickSize(order.symbol);
    this.writes.order.run({
      orderId, accountId: order.accountId, symbol: order.symbol, clientOrderId: order.clientOrderId, side: sideName(order.side),
      orderType: orderTypeName(order.orderType), timeInForce: timeInForceName(order.timeInForce), priceTicks: order.priceTicks,
      price: order.orderType === OrderType.market || order.orderType === OrderType.stop ? '' : ticksToDecimal(order.priceTicks, tickSize),
      stopPriceTicks: order.stopPriceTicks, qtyLots: order.qtyLots, filledLots: order.filledLots, filledNotionalTicks: order.filledNotionalTicks,
      status: order.status, reasonCode: order.reasonCode, seq, createdTsMicros: order.createdTsMicros, updatedTsMicros: order.updatedTsMicros,
    });
  }

  private orderEvent(orderId: number, seq: number, eventNo: number, event: EngineEvent, qtyLots: number, leavesLots: number | null, reasonCode = 0): void {
    this.writes.orderEvent.run({
      orderId, seq, eventNo, tsMicros: event.tsMicros, kind: event.kind, priceTicks: 'priceTicks' in event ? event.priceTicks : 0,
      qtyLots, leavesLots, reasonCode, tradeId: event.kind === 'trade' ? event.tradeId : 0,
    });
    this.counts.orderEvents++;
  }

  private recordTrade(symbol: string, trade: TradeEvent, seq: number): void {
    const instrument = this.exchange.instrument(symbol);
    const spec = this.exchange.clearing.series(symbol)?.spec;
    assert(instrument !== undefined && spec !== undefined, `trade ${trade.tradeId} on unknown series ${symbol}`);
    const price = ticksToDecimal(trade.priceTicks, instrument.product.tickSize);
    const { tradeId, priceTicks, qtyLots, tsMicros } = trade;
    this.writes.trade.run({ symbol, tradeId, priceTicks, price, qtyLots, aggressorSide: sideName(trade.aggressorSide), tsMicros, seq });
    this.counts.trades++;
    const takerSide = trade.aggressorSide;
    const makerSide = takerSide === Side.buy ? Side.sell : Side.buy;
    const scale = instrument.product.currencyMinorScale;
    // The same fees clearing posts for this trade (clearing/events.ts applyTrade): per lot, by liquidity.
    for (const [liquidity, orderId, accountId, side, feePerLot] of [
      ['maker', trade.makerOrderId, trade.makerAccountId, makerSide, spec.feeMakerMinor],
      ['taker', trade.takerOrderId, trade.takerAccountId, takerSide, spec.feeTakerMinor],
    ] as const) {
      const feeMinor = feePerLot * BigInt(qtyLots);
      this.writes.fill.run({
        symbol, tradeId, liquidity, orderId, accountId, side: sideName(side), priceTicks, price, qtyLots, feeMinor,
        fee: unitsToDecimal(feeMinor, scale), currency: spec.currency, tsMicros, seq,
      });
      this.counts.fills++;
    }
  }

  private recordSettlement(result: DailySettlementResult, seq: number, tsMicros: number): void {
    for (const p of result.prices) {
      this.writes.settlementPrice.run({
        seq, isoDate: result.date, symbol: p.symbol, priceTicks: p.priceTicks, price: ticksToDecimal(p.priceTicks, this.tickSize(p.symbol)),
        previousTicks: p.previousTicks, method: p.method, lockedAtLimit: p.lockedAtLimit ? 1 : 0, nextLimitDownTicks: p.nextLimitDownTicks,
        nextLimitUpTicks: p.nextLimitUpTicks, tsMicros,
      });
      this.counts.settlementPrices++;
    }
  }

  private recordFinal(result: FinalSettlementResult | undefined, seq: number, tsMicros: number): void {
    if (result === undefined) return;
    const currency = this.exchange.clearing.series(result.symbol)?.spec.currency ?? '';
    this.writes.finalSettlement.run({
      symbol: result.symbol, priceTicks: result.priceTicks, price: ticksToDecimal(result.priceTicks, this.tickSize(result.symbol)),
      positionsClosed: result.positionsClosed, paidMinor: result.paidMinor, currency, tsMicros, seq,
    });
    this.counts.finalSettlements++;
  }

  /** The ledger entries the command appended: ids [from, to) of the replica's ledger. */
  private recordLedger(seq: number, from: number, to: number): void {
    const ledger = this.exchange.clearing.internals().ledger;
    for (let id = from; id < to; id++) {
      const entry = ledger.entry(id);
      this.writes.ledgerEntry.run({ entryId: id, seq, tsMicros: entry.tsMicros, kind: entry.kind, currency: entry.currency, ref: entry.ref, reverses: entry.reverses ?? null });
      entry.legs.forEach((leg, legNo) => {
        const account = ledger.accountInfo(leg.ledgerId);
        this.writes.ledgerLeg.run({
          entryId: id, legNo, ledgerAccountId: leg.ledgerId, accountKind: account.kind, ownerId: account.ownerId, currency: account.currency,
          amountMinor: leg.amountMinor,
        });
      });
      this.counts.ledgerEntries++;
    }
  }

  private tickSize(symbol: string): string {
    const instrument = this.exchange.instrument(symbol);
    assert(instrument !== undefined, `series ${symbol} is not listed`);
    return instrument.product.tickSize;
  }
}
