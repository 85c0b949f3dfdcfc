// What every route handler shares: the exchange service, the auth store, the fill view, metrics and clocks.
// submit() is the one way a route sends a command: it times it, counts it, and turns a refusal into an
// ApiError, so handlers only deal with success.

import type { ExchangeCommand } from '../exchange/commands.js';
import type { Outcome } from '../exchange/outcome.js';
import type { Catalogue } from '../products/catalogue.js';
import type { Authenticator } from './auth/authenticator.js';
import type { AuthStore } from './auth/store.js';
import { fromRejection } from './errors.js';
import type { FillStore } from './fills.js';
import type { GatewayMetrics } from './metrics.js';
import type { ExchangeServiceLike } from './service.js';

export interface GatewayContext {
  readonly service: ExchangeServiceLike;
  readonly catalogue: Catalogue;
  readonly authStore: AuthStore;
  readonly authenticator: Authenticator;
  readonly fills: FillStore;
  readonly metrics: GatewayMetrics;
  readonly clockMs: () => number;
}

/**
 * submit without promises: answered(outcome) when accepted and durable, refused(error) with the ApiError of a
 * refusal, or the service's error. For the WebSocket order path, where a promise chain per order was a large
 * share of the cost.
 */
export function submitThen(ctx: GatewayContext, command: ExchangeCommand, answered: (outcome: Outcome) => void, refused: (error: Error) => void): void {
  // performance.now(): a double, where hrtime.bigint() allocated two BigInts per order.
  const startMs = performance.now();
  const done = (outcome: Outcome | undefined, error: Error | undefined): void => {
    if (outcome === undefined) return refused(error!);
    ctx.metrics.commandDone(command, outcome, (performance.now() - startMs) / 1e3);
    if (outcome.rejection) return refused(fromRejection(outcome.rejection));
    answered(outcome);
  };
  if (ctx.service.submitWith) ctx.service.submitWith(command, done);
  else ctx.service.submit(command).then((outcome) => done(outcome, undefined), (error: Error) => done(undefined, error));
}

export async function submit(ctx: GatewayContext, command: ExchangeCommand): Promise<Outcome> {
  const startMs = performance.now();
  const outcome = await ctx.service.submit(command);
  ctx.metrics.commandDone(command, outcome, (performance.now() - startMs) / 1e3);
  if (outcome.rejection) throw fromRejection(outcome.rejection);
  return outcome;
}
