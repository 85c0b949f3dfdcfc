// The WebSocket connection to /v1/ws: public subscriptions (book, trades, ticker) and, after a signed login,
// the account's pushes (orders, fills, positions, balances). On a drop it reconnects with a growing delay and
// subscribes and logs in again; every subscription answers with a fresh snapshot, so nothing is half-known.

export type Channel = 'book' | 'trades' | 'ticker';
export type Message = Record<string, any>;

export const reconnectDelayMsMax = 10_000;
const reconnectDelayMsMin = 250;

export class Feed {
  private socket: WebSocket | undefined;
  private readonly subscriptions = new Set<string>();
  private loginMessage: (() => Promise<Message>) | undefined;
  private delayMs = reconnectDelayMsMin;
  private nextId = 1;
  onMessage: (message: Message) => void = () => {};
  onStatus: (status: 'connecting' | 'open' | 'closed') => void = () => {};

  constructor(private readonly url: string) {}

  connect(): void {
    this.onStatus('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.delayMs = reconnectDelayMsMin;
      this.onStatus('open');
      void this.afterOpen(socket);
    };
    socket.onmessage = (event) => this.onMessage(JSON.parse(String(event.data)) as Message);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.onStatus('closed');
      setTimeout(() => this.connect(), this.delayMs);
      this.delayMs = Math.min(reconnectDelayMsMax, this.delayMs * 2);
    };
  }

  private async afterOpen(socket: WebSocket): Promise<void> {
    if (this.loginMessage) socket.send(JSON.stringify({ ...(await this.loginMessage()), id: this.nextId++ }));
    for (const key of this.subscriptions) {
      const [channel, symbol] = key.split(':') as [Channel, string];
      this.send({ op: 'subscribe', channel, symbol });
    }
  }

  login(build: () => Promise<Message>): void {
    this.loginMessage = build;
    if (this.socket?.readyState === WebSocket.OPEN) void build().then((m) => this.send(m));
  }

  /** Subscribing again (a resync after a gap) gets a fresh snapshot. */
  subscribe(channel: Channel, symbol: string): void {
    this.subscriptions.add(`${channel}:${symbol}`);
    this.send({ op: 'subscribe', channel, symbol });
  }

  unsubscribe(channel: Channel, symbol: string): void {
    if (!this.subscriptions.delete(`${channel}:${symbol}`)) return;
    this.send({ op: 'unsubscribe', channel, symbol });
  }

  private send(message: Message): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify({ ...message, id: this.nextId++ }));
  }
}
