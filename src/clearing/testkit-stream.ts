// The random command streams of clearing's property tests (clearing.property.test.ts, snapshot.test.ts): a
// harness around a ClearingHouse with four traders, a deep-pocketed liquidity account and four series, that
// plays deposits, withdrawals, orders that rest and trade (a tiny matching model: a maker order rests, a taker
// order crosses it in full at the maker's price), cancels, daily settlements with price moves, margin calls and
// liquidations, and expiries, checking the per-order properties as it goes. Test support only.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Side } from '../engine/protocol.js';
import { ClearingHouse } from './clearing-house.js';
import { currencies, type Currency } from './spec.js';
import { acceptedEvent, cancelledEvent, specFor, testClock, tradeEvent } from './testkit.js';
import { accountRiskByScan } from './testkit-risk.js';


export const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

const symbols = ['TKFH27', 'TKFJ27', 'GPHH27', 'TKCH27'] as const;
const accountsN = 4;

const commandArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deposit' as const), account: fc.nat(accountsN - 1), usd: fc.boolean(), amount: fc.integer({ min: 1, max: 40 }).map((n) => BigInt(n) * 250_000n) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), account: fc.nat(accountsN - 1), usd: fc.boolean(), amount: fc.integer({ min: 1, max: 30 }).map((n) => BigInt(n) * 100_000n) }) },
  { weight: 8, arbitrary: fc.record({
    kind: fc.constant('order' as const), maker: fc.nat(accountsN - 1), taker: fc.nat(accountsN - 1), series: fc.nat(symbols.length - 1),
    makerBuys: fc.boolean(), priceFrac: fc.nat(1000), qty: fc.integer({ min: 1, max: 8 }), fill: fc.boolean(),
  }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(50) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('settle' as const), fracs: fc.array(fc.option(fc.nat(1000)), { minLength: 4, maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('liquidate' as const), frac: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('final' as const), series: fc.nat(symbols.length - 1), frac: fc.nat(1000) }) },
);
type Command = typeof commandArb extends fc.Arbitrary<infer T> ? T : never;

export class Harness {
  readonly clock = testClock(1);
  house = new ClearingHouse({ clock: this.clock.now });
  readonly accounts: number[] = [];
  readonly marketMaker: number;
  /** External money in and out, counted here independently of the ledger. */
  readonly external: Record<Currency, bigint> = { USD: 0n, CNY: 0n };
  private orderId = 1;
  private tradeId = 1;
  private day = 1;

  constructor() {
    const m1 = this.house.addMember('Member One');
    const m2 = this.house.addMember('Member Two');
    for (let i = 0; i < accountsN; i++) this.accounts.push(this.house.addAccount(i % 2 ? m2.id : m1.id, `trader${i}`, i === 3 ? 'hedger' : 'speculator').id);
    this.house.setHedgeQuota(this.accounts[3]!, 'TKF', 4_000);
    this.marketMaker = this.house.addAccount(m2.id, 'liquidity', 'marketMaker').id;
    this.house.registerSeries(specFor('TKF', 'TKFH27', 202703), 5000);
    this.house.registerSeries(specFor('TKF', 'TKFJ27', 202704), 5100);
    this.house.registerSeries(specFor('GPH', 'GPHH27', 202703), 2200);
    this.house.registerSeries(specFor('TKC', 'TKCH27', 202703), 300);
    this.house.setSpotMonth('TKFH27', true);
    for (const currency of currencies) {
      this.house.depositGuarantee(m1.id, currency, 2_000_000n);
      this.house.contributeDefaultFund(m2.id, currency, 50_000_000n);
      this.house.deposit(this.marketMaker, currency, 10n ** 13n);
      for (const account of this.accounts) this.house.deposit(account, currency, 8_000_000n);
      this.external[currency] += 2_000_000n + 50_000_000n + 10n ** 13n + 8_000_000n * BigInt(accountsN);
    }
  }

  run(command: Command): void {
    this.clock.set(this.clock.now() + 10);
    switch (command.kind) {
      case 'deposit': {
        const currency = command.usd ? 'USD' : 'CNY';
        assert.equal(this.house.deposit(this.accounts[command.account]!, currency, command.amount).ok, true);
        this.external[currency] += command.amount;
        break;
      }
      case 'withdraw': {
        const currency = command.usd ? 'USD' : 'CNY';
        const account = this.accounts[command.account]!;
        if (this.house.withdraw(account, currency, command.amount).ok) {
          this.external[currency] -= command.amount;
          assert.ok(this.freeEquity(account, currency) >= 0n, 'a withdrawal left free equity negative');
        }
        break;
      }
      case 'order': return this.order(command);
      case 'cancel': {
        const open = this.house.internals().orders.all();
        const order = open[command.pick % Math.max(1, open.length)];
        if (order) this.house.onEngineEvents(symbols[order.seriesIdx]!, [cancelledEvent(order.orderId, order.accountId, order.sign > 0 ? 'buy' : 'sell', order.priceTicks, order.leavesLots)]);
        break;
      }
      case 'settle': return this.settle(command.fracs);
      case 'liquidate': return this.liquidate(command.frac);
      case 'final': {
        const series = this.house.series(symbols[command.series]!)!;
        if (!series.expired) this.house.runFinalSettlement(series.spec.symbol, priceAt(series, command.frac));
        break;
      }
    }
  }

  /** A maker order rests; if `fill`, a taker order crosses it in full at the maker's price. */
  private order(c: Extract<Command, { kind: 'order' }>): void {
    const symbol = symbols[c.series]!;
    const series = this.house.series(symbol)!;
    const price = series.expired ? 1000 : priceAt(series, c.priceFrac);
    const makerId = this.accepted(this.accounts[c.maker]!, symbol, c.makerBuys, price, c.qty);
    if (makerId === undefined || !c.fill) return;
    const taker = this.accounts[c.taker]!;
    const takerId = this.accepted(taker, symbol, !c.makerBuys, price, c.qty);
    if (takerId === undefined) return;
    const maker = this.accounts[c.maker]!;
    this.house.onEngineEvents(symbol, [tradeEvent({
      tradeId: this.tradeId++, priceTicks: price, qtyLots: c.qty, buyer: c.makerBuys ? maker : taker, seller: c.makerBuys ? taker : maker,
      aggressor: c.makerBuys ? 'sell' : 'buy', makerOrderId: makerId, takerOrderId: takerId, tsMicros: this.clock.now(),
    })]);
  }

  /** Risk check, then (if accepted) the engine's `accepted`; checks the free-equity property. */
  private accepted(account: number, symbol: string, buy: boolean, price: number, qty: number): number | undefined {
    const currency = this.house.series(symbol)!.spec.currency;
    const requiredBefore = this.house.marginReport(account).currencies.find((c) => c.currency === currency)!.requiredWithOrdersMinor;
    const result = this.house.checkNewOrder({ accountId: account, symbol, side: buy ? Side.buy : Side.sell, priceTicks: price, qtyLots: qty });
    if (!result.ok) {
      assert.ok(result.code >= 1000 && result.code < 5000 && result.message.length > 0);
      return undefined;
    }
    const orderId = this.orderId++;
    this.house.onEngineEvents(symbol, [acceptedEvent(orderId, account, buy ? 'buy' : 'sell', price, qty)]);
    const after = this.house.marginReport(account).currencies.find((c) => c.currency === currency)!;
    assert.equal(after.freeEquityMinor, result.freeEquityMinor, 'risk and the margin report disagree');
    assert.equal(accountRiskByScan(this.house.internals(), account, currency).freeEquityMinor, result.freeEquityMinor,
      'risk from the open-order sums and risk order by order disagree');
    assert.ok(after.freeEquityMinor >= 0n || after.requiredWithOrdersMinor <= requiredBefore,
      `accepted order left free equity ${after.freeEquityMinor} and raised the requirement`);
    return orderId;
  }

  private settle(fracs: readonly (number | null)[]): void {
    const input: Record<string, { settlementPriceTicks: number }> = {};
    symbols.forEach((symbol, i) => {
      const series = this.house.series(symbol)!;
      const frac = fracs[i];
      if (!series.expired && frac !== null && frac !== undefined) input[symbol] = { settlementPriceTicks: priceAt(series, frac) };
    });
    this.house.runDailySettlement(`2027-03-${String(this.day++ % 28 + 1).padStart(2, '0')}`, {
      closingWindowStartMicros: this.clock.now() - 50, series: input, marginCallDeadlineMicros: this.clock.now() + 15,
    });
    for (const currency of currencies) assert.equal(this.house.internals().ledger.balanceOf('settlement', 0, currency), 0n);
  }

  private liquidate(frac: number): void {
    this.house.checkMarginCalls(this.clock.now() + 5);
    this.clock.set(this.clock.now() + 20);
    const intents = this.house.runLiquidations();
    for (const intent of intents) {
      if (intent.kind === 'massCancel') {
        const events = this.house.internals().orders.ofAccount(intent.accountId)
          .filter((o) => symbols[o.seriesIdx] === intent.symbol)
          .map((o) => cancelledEvent(o.orderId, o.accountId, o.sign > 0 ? 'buy' : 'sell', o.priceTicks, o.leavesLots));
        this.house.onEngineEvents(intent.symbol, events);
        continue;
      }
      const series = this.house.series(intent.symbol)!;
      // The liquidation order fills somewhere between its limit (the worst allowed price) and the mark.
      const price = intent.priceTicks + Math.trunc(((series.markPriceTicks - intent.priceTicks) * frac) / 1000);
      const sells = intent.side === Side.sell;
      this.house.onEngineEvents(intent.symbol, [tradeEvent({
        tradeId: this.tradeId++, priceTicks: price, qtyLots: intent.qtyLots, tsMicros: this.clock.now(),
        buyer: sells ? this.marketMaker : intent.accountId, seller: sells ? intent.accountId : this.marketMaker, aggressor: sells ? 'sell' : 'buy',
      })]);
    }
  }

  /** An independent copy through snapshot → JSON text → restore, with the same counters and its own clock. */
  fork(): Harness {
    const copy = Object.create(Harness.prototype) as Harness;
    Object.assign(copy, this, { clock: testClock(this.clock.now()), external: { ...this.external } });
    const text = JSON.stringify(this.house.snapshot());
    copy.house = ClearingHouse.restore(JSON.parse(text), { clock: copy.clock.now });
    return copy;
  }

  freeEquity(account: number, currency: Currency): bigint {
    return this.house.marginReport(account).currencies.find((c) => c.currency === currency)!.freeEquityMinor;
  }

  checkInvariants(): void {
    this.house.verify();
    // Risk reads the open orders' running sums; recomputed order by order they must give the same numbers.
    for (const account of [...this.accounts, this.marketMaker]) {
      for (const risk of this.house.marginReport(account).currencies) {
        const { marginCall: _call, ...incremental } = risk;
        assert.deepEqual(incremental, accountRiskByScan(this.house.internals(), account, risk.currency), `risk of account ${account} in ${risk.currency}`);
      }
    }
    const ledger = this.house.internals().ledger;
    for (const currency of currencies) {
      const inside = ['clientCash', 'feeIncome', 'defaultFund', 'memberGuarantee', 'settlement'] as const;
      const held = inside.reduce((sum, kind) => sum + ledger.totalOfKind(kind, currency), 0n);
      assert.equal(held, this.external[currency], `${currency}: money inside the exchange ${held} != external in − out ${this.external[currency]}`);
      assert.equal(-ledger.balanceOf('bank', 0, currency), this.external[currency]);
    }
  }
}

function priceAt(series: { limitDownTicks: number; limitUpTicks: number }, frac: number): number {
  return series.limitDownTicks + Math.floor(((series.limitUpTicks - series.limitDownTicks) * frac) / 1000);
}

export const streamArb = fc.array(commandArb, { minLength: 5, maxLength: 40, size: 'max' });

