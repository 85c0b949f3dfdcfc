// The serve --log test's client: each trader sends signed REST orders (src/gateway/client.ts) to its own
// gateway until told to stop, buying and selling in turn at one price so the two traders cross each other.
// Only a 201 is an acknowledgement, recorded with the order id and the status it was acknowledged with; a 429
// waits as told, anything else (a refusal, a 5xx, a dropped connection) is counted and claims nothing.

import { TokexClient, type Credential } from '../../gateway/client.js';

export interface RestAck {
  readonly trader: string;
  readonly clientOrderId: string;
  readonly orderId: number;
  readonly status: string;
  readonly filledQty: number;
}

export interface Trader {
  readonly name: string;
  readonly url: string;
  readonly credential: Credential;
  /** 0: starts buying, 1: starts selling. */
  readonly firstSide: 0 | 1;
}

const sideNames = ['buy', 'sell'] as const;
const pauseAfterErrorMs = 100;
const retryAfterDefaultMs = 200;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One request, waiting out 429s (per-key rate limit) as the server asks; other statuses are returned. */
export async function requestPatiently<T = any>(client: TokexClient, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  for (;;) {
    const response = await client.request<T>(method, path, body);
    if (response.status !== 429) return response;
    const retryAfterSec = Number(response.headers.get('retry-after'));
    await sleep(Number.isFinite(retryAfterSec) && retryAfterSec > 0 ? retryAfterSec * 1000 : retryAfterDefaultMs);
  }
}

export class RestLoad {
  readonly acks: RestAck[] = [];
  readonly refusals = new Map<number, number>();
  failures = 0;
  private stopping = false;
  private readonly workers: Promise<void>[] = [];

  constructor(private readonly traders: readonly Trader[], private readonly symbol: string, private readonly price: string, private readonly workersPerTrader: number) {}

  start(): void {
    for (const trader of this.traders) {
      for (let worker = 0; worker < this.workersPerTrader; worker++) this.workers.push(this.run(trader, worker));
    }
  }

  /** Stops sending and waits until every request in flight was answered or failed. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers);
  }

  private async run(trader: Trader, worker: number): Promise<void> {
    const client = new TokexClient(trader.url, trader.credential);
    for (let n = 1; !this.stopping; n++) {
      const clientOrderId = `${trader.name}-${worker}-${n}`;
      const side = sideNames[(trader.firstSide + n) % 2]!;
      try {
        const { status, body } = await requestPatiently(client, 'POST', '/v1/orders', { symbol: this.symbol, side, type: 'limit', price: this.price, qty: 1, clientOrderId });
        if (status === 201) {
          this.acks.push({ trader: trader.name, clientOrderId, orderId: body.orderId, status: body.status, filledQty: body.filledQty });
        } else {
          this.refusals.set(status, (this.refusals.get(status) ?? 0) + 1);
          if (status >= 500) await sleep(pauseAfterErrorMs);
        }
      } catch {
        this.failures++;
        await sleep(pauseAfterErrorMs);
      }
    }
  }
}
