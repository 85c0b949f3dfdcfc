// Reading the history: what the REST API and `tokex history` ask. Newest first, bounded by a limit; money in
// minor units as bigint (SQLite's 64-bit INTEGER read exactly), prices in ticks plus the decimal string.
// Opened read-only: WAL lets these reads run while the recorder writes.

import type Database from 'better-sqlite3';
import { queryRowsDefault, queryRowsMax } from './limits.js';
import { historyFile, openHistoryReadOnly, readMeta, type Db } from './schema.js';

export interface OrderRow {
  readonly orderId: number;
  readonly accountId: number;
  readonly symbol: string;
  readonly clientOrderId: string;
  readonly side: string;
  readonly orderType: string;
  readonly timeInForce: string;
  readonly priceTicks: number;
  /** '' for market and stop orders (no limit price). */
  readonly price: string;
  readonly stopPriceTicks: number;
  readonly qtyLots: number;
  readonly filledLots: number;
  readonly filledNotionalTicks: number;
  readonly status: string;
  readonly reasonCode: number;
  readonly createdSeq: number;
  readonly createdTsMicros: number;
  readonly updatedSeq: number;
  readonly updatedTsMicros: number;
}

export interface OrderEventRow {
  readonly orderId: number;
  readonly seq: number;
  readonly eventNo: number;
  readonly tsMicros: number;
  readonly kind: string;
  readonly priceTicks: number;
  readonly qtyLots: number;
  readonly leavesLots: number | null;
  readonly reasonCode: number;
  readonly tradeId: number;
}

export interface FillRow {
  readonly symbol: string;
  readonly tradeId: number;
  readonly liquidity: 'maker' | 'taker';
  readonly orderId: number;
  readonly accountId: number;
  readonly side: string;
  readonly priceTicks: number;
  readonly price: string;
  readonly qtyLots: number;
  readonly feeMinor: bigint;
  readonly fee: string;
  readonly currency: string;
  readonly tsMicros: number;
  readonly seq: number;
}

export interface TradeRow {
  readonly symbol: string;
  readonly tradeId: number;
  readonly priceTicks: number;
  readonly price: string;
  readonly qtyLots: number;
  readonly aggressorSide: string;
  readonly tsMicros: number;
  readonly seq: number;
}

export interface SettlementPriceRow {
  readonly seq: number;
  readonly isoDate: string;
  readonly symbol: string;
  readonly priceTicks: number;
  readonly price: string;
  readonly previousTicks: number;
  readonly method: string;
  readonly lockedAtLimit: number;
  readonly nextLimitDownTicks: number;
  readonly nextLimitUpTicks: number;
  readonly tsMicros: number;
}

export interface FinalSettlementRow {
  readonly symbol: string;
  readonly priceTicks: number;
  readonly price: string;
  readonly positionsClosed: number;
  readonly paidMinor: bigint;
  readonly currency: string;
  readonly tsMicros: number;
  readonly seq: number;
}

/** One movement of an account's cash: a leg of a ledger entry, with the balance after it. */
export interface LedgerRow {
  readonly entryId: number;
  readonly legNo: number;
  readonly seq: number;
  readonly tsMicros: number;
  readonly kind: string;
  readonly currency: string;
  readonly ref: string;
  readonly amountMinor: bigint;
  readonly balanceMinor: bigint;
}

export interface AccountRow {
  readonly accountId: number;
  readonly name: string;
  readonly accountType: string;
  readonly createdSeq: number;
  readonly createdTsMicros: number;
}

export interface Page {
  /** Rows to return (default queryRowsDefault, at most queryRowsMax). */
  readonly limit?: number;
}

const moneyColumns = new Set(['feeMinor', 'paidMinor', 'amountMinor', 'balanceMinor']);

export class HistoryQueries {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Db) {}

  /** Opens DIR/history.sqlite read-only. */
  static open(dataDir: string): HistoryQueries {
    return new HistoryQueries(openHistoryReadOnly(historyFile(dataDir)));
  }

  close(): void {
    this.db.close();
  }

  /** The last seq recorded: how far the read model has caught up with the journal. */
  lastSeq(): number {
    return readMeta(this.db).lastSeq;
  }

  /** An account's orders, newest first; status e.g. 'filled', or 'open' for new, partiallyFilled and parked. */
  ordersOf(accountId: number, options: Page & { readonly status?: string; readonly symbol?: string; readonly beforeOrderId?: number } = {}): OrderRow[] {
    const where = ['account_id = @accountId'];
    if (options.status === 'open') where.push("status IN ('new', 'partiallyFilled', 'parked')");
    else if (options.status !== undefined) where.push('status = @status');
    if (options.symbol !== undefined) where.push('symbol = @symbol');
    if (options.beforeOrderId !== undefined) where.push('order_id < @beforeOrderId');
    return this.all<OrderRow>(`SELECT ${orderColumns} FROM orders WHERE ${where.join(' AND ')} ORDER BY order_id DESC LIMIT @limit`,
      { accountId, status: options.status, symbol: options.symbol, beforeOrderId: options.beforeOrderId, limit: rowsLimit(options.limit) });
  }

  /** Every order of a symbol (operators), newest first. */
  ordersOfSymbol(symbol: string, options: Page & { readonly status?: string } = {}): OrderRow[] {
    const status = options.status === undefined ? '' : options.status === 'open' ? "AND status IN ('new', 'partiallyFilled', 'parked')" : 'AND status = @status';
    return this.all<OrderRow>(`SELECT ${orderColumns} FROM orders WHERE symbol = @symbol ${status} ORDER BY order_id DESC LIMIT @limit`,
      { symbol, status: options.status, limit: rowsLimit(options.limit) });
  }

  order(orderId: number): OrderRow | undefined {
    return this.all<OrderRow>(`SELECT ${orderColumns} FROM orders WHERE order_id = @orderId`, { orderId })[0];
  }

  /** The status history of one order: every engine event about it, oldest first. */
  orderEvents(orderId: number): OrderEventRow[] {
    return this.all<OrderEventRow>(`SELECT order_id AS orderId, seq, event_no AS eventNo, ts_micros AS tsMicros, kind, price_ticks AS priceTicks,
      qty_lots AS qtyLots, leaves_lots AS leavesLots, reason_code AS reasonCode, trade_id AS tradeId
      FROM order_events WHERE order_id = @orderId ORDER BY seq, event_no`, { orderId });
  }

  /** An account's side of its trades, newest first; beforeSeq pages back. */
  fillsOf(accountId: number, options: Page & { readonly symbol?: string; readonly beforeSeq?: number } = {}): FillRow[] {
    const where = ['account_id = @accountId'];
    if (options.symbol !== undefined) where.push('symbol = @symbol');
    if (options.beforeSeq !== undefined) where.push('seq < @beforeSeq');
    return this.all<FillRow>(`SELECT ${fillColumns} FROM fills WHERE ${where.join(' AND ')} ORDER BY seq DESC, trade_id DESC LIMIT @limit`,
      { accountId, symbol: options.symbol, beforeSeq: options.beforeSeq, limit: rowsLimit(options.limit) });
  }

  /** Every fill (operators), optionally of one symbol, newest first. */
  allFills(options: Page & { readonly symbol?: string } = {}): FillRow[] {
    const where = options.symbol === undefined ? '' : 'WHERE symbol = @symbol';
    return this.all<FillRow>(`SELECT ${fillColumns} FROM fills ${where} ORDER BY seq DESC, trade_id DESC, liquidity LIMIT @limit`,
      { symbol: options.symbol, limit: rowsLimit(options.limit) });
  }

  /** The public tape of a series, newest first; before (a trade id) pages back. */
  tradesOf(symbol: string, options: Page & { readonly before?: number } = {}): TradeRow[] {
    const before = options.before === undefined ? '' : 'AND trade_id < @before';
    return this.all<TradeRow>(`SELECT ${tradeColumns} FROM trades WHERE symbol = @symbol ${before} ORDER BY trade_id DESC LIMIT @limit`,
      { symbol, before: options.before, limit: rowsLimit(options.limit) });
  }

  /** Every trade (operators), newest first. */
  allTrades(options: Page = {}): TradeRow[] {
    return this.all<TradeRow>(`SELECT ${tradeColumns} FROM trades ORDER BY seq DESC, symbol, trade_id DESC LIMIT @limit`, { limit: rowsLimit(options.limit) });
  }

  /** Daily settlement prices of a date (YYYY-MM-DD: every series) or of a symbol (every date), newest first. */
  settlementPrices(symbolOrDate: string, options: Page = {}): SettlementPriceRow[] {
    const byDate = /^\d{4}-\d{2}-\d{2}$/.test(symbolOrDate);
    return this.all<SettlementPriceRow>(`SELECT seq, iso_date AS isoDate, symbol, price_ticks AS priceTicks, price, previous_ticks AS previousTicks,
      method, locked_at_limit AS lockedAtLimit, next_limit_down_ticks AS nextLimitDownTicks, next_limit_up_ticks AS nextLimitUpTicks,
      ts_micros AS tsMicros FROM settlement_prices WHERE ${byDate ? 'iso_date' : 'symbol'} = @key ORDER BY seq DESC, symbol LIMIT @limit`,
    { key: symbolOrDate, limit: rowsLimit(options.limit) });
  }

  finalSettlements(): FinalSettlementRow[] {
    return this.all<FinalSettlementRow>(`SELECT symbol, price_ticks AS priceTicks, price, positions_closed AS positionsClosed, paid_minor AS paidMinor,
      currency, ts_micros AS tsMicros, seq FROM final_settlements ORDER BY seq DESC`, {});
  }

  /** An account's cash movements (deposits, fees, P&L, variation margin, ...), newest first, each with the balance after it. */
  ledgerOf(accountId: number, options: Page & { readonly currency?: string } = {}): LedgerRow[] {
    const currency = options.currency === undefined ? '' : 'AND l.currency = @currency';
    return this.all<LedgerRow>(`SELECT * FROM (
        SELECT l.entry_id AS entryId, l.leg_no AS legNo, e.seq, e.ts_micros AS tsMicros, e.kind, l.currency, e.ref, l.amount_minor AS amountMinor,
          SUM(l.amount_minor) OVER (PARTITION BY l.currency ORDER BY l.entry_id, l.leg_no) AS balanceMinor
        FROM ledger_legs l JOIN ledger_entries e ON e.entry_id = l.entry_id
        WHERE l.account_kind = 'clientCash' AND l.owner_id = @accountId ${currency})
      ORDER BY entryId DESC, legNo DESC LIMIT @limit`, { accountId, currency: options.currency, limit: rowsLimit(options.limit) });
  }

  accounts(): AccountRow[] {
    return this.all<AccountRow>(`SELECT account_id AS accountId, name, account_type AS accountType, created_seq AS createdSeq,
      created_ts_micros AS createdTsMicros FROM accounts ORDER BY account_id`, {});
  }

  /** Σ of every ledger leg per currency: zero when the ledger balances (it always must). */
  ledgerTotals(): { currency: string; totalMinor: bigint; entries: number }[] {
    return this.all(`SELECT l.currency, SUM(l.amount_minor) AS totalMinor, COUNT(DISTINCT l.entry_id) AS entries FROM ledger_legs l
      GROUP BY l.currency ORDER BY l.currency`, {}, new Set(['totalMinor']));
  }

  private all<T>(sql: string, params: Record<string, unknown>, money: ReadonlySet<string> = moneyColumns): T[] {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql).safeIntegers(true);
      this.statements.set(sql, statement);
    }
    // Named parameters the statement does not use must not be passed (better-sqlite3 refuses them).
    const used: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) if (value !== undefined && sql.includes(`@${key}`)) used[key] = value;
    return (statement.all(used) as Record<string, unknown>[]).map((raw) => {
      const row: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(raw)) row[key] = typeof value === 'bigint' && !money.has(key) ? Number(value) : value;
      return row as T;
    });
  }
}

const orderColumns = `order_id AS orderId, account_id AS accountId, symbol, client_order_id AS clientOrderId, side, order_type AS orderType,
  time_in_force AS timeInForce, price_ticks AS priceTicks, price, stop_price_ticks AS stopPriceTicks, qty_lots AS qtyLots,
  filled_lots AS filledLots, filled_notional_ticks AS filledNotionalTicks, status, reason_code AS reasonCode, created_seq AS createdSeq,
  created_ts_micros AS createdTsMicros, updated_seq AS updatedSeq, updated_ts_micros AS updatedTsMicros`;

const fillColumns = `symbol, trade_id AS tradeId, liquidity, order_id AS orderId, account_id AS accountId, side, price_ticks AS priceTicks,
  price, qty_lots AS qtyLots, fee_minor AS feeMinor, fee, currency, ts_micros AS tsMicros, seq`;

const tradeColumns = `symbol, trade_id AS tradeId, price_ticks AS priceTicks, price, qty_lots AS qtyLots, aggressor_side AS aggressorSide,
  ts_micros AS tsMicros, seq`;

/** The limit a caller asked for, checked: a person reads the message (the CLI's --limit, an API's ?limit). */
export function rowsLimit(limit: number | undefined): number {
  if (limit === undefined) return queryRowsDefault;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > queryRowsMax) throw new RangeError(`limit must be a whole number from 1 to ${queryRowsMax}, got ${limit}`);
  return limit;
}
