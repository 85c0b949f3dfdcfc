// The cluster test's client: workers sending orders over HTTP to the gateways until told to stop, recording
// every acknowledgement (an outcome came back) with the order id it named. A request that fails or times out
// is not acknowledged: the exchange may or may not have it, and the test claims nothing about it.

export interface Ack {
  readonly clientOrderId: string;
  readonly orderId: number | undefined;
  readonly logSeq: number;
  readonly rejected: boolean;
}

export interface LoadOptions {
  readonly ports: readonly number[];
  readonly workersPerGateway: number;
  readonly accountIds: readonly number[];
  readonly symbol: string;
  readonly priceTicksMid: number;
  readonly seed: number;
}

export async function postCommand(port: number, body: unknown, timeoutMs = 60_000): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/commands`, {
    method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, json: await response.json() as Record<string, unknown> };
}

export class Load {
  readonly acks: Ack[] = [];
  failures = 0;
  private stopping = false;
  private readonly workers: Promise<void>[] = [];
  private random: number;

  constructor(private readonly options: LoadOptions) {
    this.random = options.seed >>> 0 || 1;
  }

  start(): void {
    this.options.ports.forEach((port, gateway) => {
      for (let worker = 0; worker < this.options.workersPerGateway; worker++) this.workers.push(this.run(port, `g${gateway}w${worker}`));
    });
  }

  /** Stops sending and waits for every request in flight to be answered or to fail. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers);
  }

  private async run(port: number, name: string): Promise<void> {
    for (let n = 1; !this.stopping; n++) {
      const clientOrderId = `${name}-${n}`;
      const command = {
        type: 'newOrder', accountId: this.options.accountIds[this.next(this.options.accountIds.length)]!, symbol: this.options.symbol,
        side: this.next(2), orderType: 0, timeInForce: 0, priceTicks: this.options.priceTicksMid - 20 + this.next(41), stopPriceTicks: 0,
        qtyLots: 1 + this.next(3), postOnly: false, expireTsMicros: 0, stpMode: 0, clientOrderId,
      };
      try {
        const { status, json } = await postCommand(port, { command });
        if (status !== 200) {
          this.failures++;
          continue;
        }
        const outcome = json['outcome'] as { orderId?: number; rejection?: unknown };
        this.acks.push({ clientOrderId, orderId: outcome.orderId, logSeq: json['logSeq'] as number, rejected: outcome.rejection !== undefined });
      } catch {
        this.failures++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** A small LCG: the order flow is the same for a seed (the interleaving with kills is not). */
  private next(bound: number): number {
    this.random = (Math.imul(this.random, 1_103_515_245) + 12_345) >>> 0;
    return (this.random >>> 8) % bound;
  }
}
