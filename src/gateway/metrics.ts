// Prometheus metrics at /metrics. Each server has its own registry, so that several servers in one process
// (tests) do not share counters.

import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { reasonSlug } from '../core/reasons.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import type { Outcome } from '../exchange/outcome.js';
import { latencyBucketsSec } from './limits.js';

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly orders = new Counter({ name: 'tokex_orders_total', help: 'New orders answered, by result (accepted or rejected)', labelNames: ['result'], registers: [this.registry] });
  private readonly trades = new Counter({ name: 'tokex_trades_total', help: 'Trades executed', registers: [this.registry] });
  private readonly rejects = new Counter({ name: 'tokex_rejects_total', help: 'Refused commands and requests, by reason', labelNames: ['reason'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'tokex_command_latency_seconds', help: 'Time from a command reaching the gateway to its outcome (durable when accepted)',
    labelNames: ['command'], buckets: latencyBucketsSec, registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Label children looked up once per command type (prom-client hashes the label object on every call). */
  private readonly latencyByCommand = new Map<ExchangeCommand['type'], { observe(seconds: number): void }>();
  /** Created on first use, like the series of a labelled inc(), so /metrics shows only results that happened. */
  private ordersAccepted: { inc(): void } | undefined;
  private ordersRejected: { inc(): void } | undefined;

  commandDone(command: ExchangeCommand, outcome: Outcome, seconds: number): void {
    let latency = this.latencyByCommand.get(command.type);
    if (latency === undefined) this.latencyByCommand.set(command.type, (latency = this.latency.labels({ command: command.type })));
    latency.observe(seconds);
    if (command.type === 'newOrder') {
      if (outcome.rejection) (this.ordersRejected ??= this.orders.labels({ result: 'rejected' })).inc();
      else (this.ordersAccepted ??= this.orders.labels({ result: 'accepted' })).inc();
    }
    if (outcome.rejection) this.rejects.inc({ reason: outcome.rejection.reason });
  }

  tradesDone(count: number): void {
    if (count > 0) this.trades.inc(count);
  }

  /** Requests refused at the gateway (auth, schema, validation) before any command was sent. */
  refused(code: number): void {
    this.rejects.inc({ reason: reasonSlug(code) });
  }
}
