// The prepared writes of the projector, one per table. Prepared once per database: the recorder applies
// thousands of records per transaction and re-preparing would cost more than the inserts.

import type Database from 'better-sqlite3';
import type { Db } from './schema.js';

export interface Writes {
  readonly account: Database.Statement;
  readonly order: Database.Statement;
  readonly orderStatus: Database.Statement;
  readonly orderEvent: Database.Statement;
  readonly trade: Database.Statement;
  readonly fill: Database.Statement;
  readonly settlementPrice: Database.Statement;
  readonly finalSettlement: Database.Statement;
  readonly ledgerEntry: Database.Statement;
  readonly ledgerLeg: Database.Statement;
  readonly meta: Database.Statement;
}

export function prepareWrites(db: Db): Writes {
  return {
    account: db.prepare(`INSERT INTO accounts (account_id, name, account_type, created_seq, created_ts_micros)
      VALUES (@accountId, @name, @accountType, @seq, @tsMicros)`),
    // The latest state of an order replaces the previous one; created_* are kept from the first insert.
    order: db.prepare(`INSERT INTO orders (order_id, account_id, symbol, client_order_id, side, order_type, time_in_force,
        price_ticks, price, stop_price_ticks, qty_lots, filled_lots, filled_notional_ticks, status, reason_code,
        created_seq, created_ts_micros, updated_seq, updated_ts_micros)
      VALUES (@orderId, @accountId, @symbol, @clientOrderId, @side, @orderType, @timeInForce, @priceTicks, @price,
        @stopPriceTicks, @qtyLots, @filledLots, @filledNotionalTicks, @status, @reasonCode, @seq, @createdTsMicros, @seq, @updatedTsMicros)
      ON CONFLICT (order_id) DO UPDATE SET price_ticks = excluded.price_ticks, price = excluded.price,
        qty_lots = excluded.qty_lots, filled_lots = excluded.filled_lots, filled_notional_ticks = excluded.filled_notional_ticks,
        status = excluded.status, reason_code = excluded.reason_code, updated_seq = excluded.updated_seq,
        updated_ts_micros = excluded.updated_ts_micros`),
    orderStatus: db.prepare(`UPDATE orders SET status = @status, reason_code = @reasonCode, updated_seq = @seq,
        updated_ts_micros = @tsMicros WHERE order_id = @orderId`),
    orderEvent: db.prepare(`INSERT INTO order_events (order_id, seq, event_no, ts_micros, kind, price_ticks, qty_lots, leaves_lots, reason_code, trade_id)
      VALUES (@orderId, @seq, @eventNo, @tsMicros, @kind, @priceTicks, @qtyLots, @leavesLots, @reasonCode, @tradeId)`),
    trade: db.prepare(`INSERT INTO trades (symbol, trade_id, price_ticks, price, qty_lots, aggressor_side, ts_micros, seq)
      VALUES (@symbol, @tradeId, @priceTicks, @price, @qtyLots, @aggressorSide, @tsMicros, @seq)`),
    fill: db.prepare(`INSERT INTO fills (symbol, trade_id, liquidity, order_id, account_id, side, price_ticks, price, qty_lots,
        fee_minor, fee, currency, ts_micros, seq)
      VALUES (@symbol, @tradeId, @liquidity, @orderId, @accountId, @side, @priceTicks, @price, @qtyLots, @feeMinor, @fee,
        @currency, @tsMicros, @seq)`),
    settlementPrice: db.prepare(`INSERT INTO settlement_prices (seq, iso_date, symbol, price_ticks, price, previous_ticks, method,
        locked_at_limit, next_limit_down_ticks, next_limit_up_ticks, ts_micros)
      VALUES (@seq, @isoDate, @symbol, @priceTicks, @price, @previousTicks, @method, @lockedAtLimit, @nextLimitDownTicks,
        @nextLimitUpTicks, @tsMicros)`),
    finalSettlement: db.prepare(`INSERT INTO final_settlements (symbol, price_ticks, price, positions_closed, paid_minor, currency, ts_micros, seq)
      VALUES (@symbol, @priceTicks, @price, @positionsClosed, @paidMinor, @currency, @tsMicros, @seq)`),
    ledgerEntry: db.prepare(`INSERT INTO ledger_entries (entry_id, seq, ts_micros, kind, currency, ref, reverses)
      VALUES (@entryId, @seq, @tsMicros, @kind, @currency, @ref, @reverses)`),
    ledgerLeg: db.prepare(`INSERT INTO ledger_legs (entry_id, leg_no, ledger_account_id, account_kind, owner_id, currency, amount_minor)
      VALUES (@entryId, @legNo, @ledgerAccountId, @accountKind, @ownerId, @currency, @amountMinor)`),
    meta: db.prepare('UPDATE meta SET last_seq = @seq, last_ts_micros = @tsMicros WHERE id = 1'),
  };
}
