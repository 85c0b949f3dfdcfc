// A WebSocket test client for /v1/ws: keeps every message received, waits for one that matches, logs in
// with a signed login like REST's.

import WebSocket from 'ws';
import { signedHeaders, type Credential } from '../../src/gateway/client.js';

export class WsClient {
  readonly received: any[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(String(data)));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(serverUrl: string): Promise<WsClient> {
    const socket = new WebSocket(serverUrl.replace('http', 'ws') + '/v1/ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new WsClient(socket);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  async waitFor(match: (m: any) => boolean, what: string, from = 0): Promise<any> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.received.slice(-5))}`);
      await new Promise<void>((resolve) => { this.waiters.push(resolve); setTimeout(resolve, 100); });
    }
  }

  login(credential: Credential, extra: Record<string, unknown> = {}, timestampMs = Date.now()): void {
    const headers = signedHeaders(credential, 'GET', '/v1/ws', '', timestampMs);
    this.send({ op: 'login', id: 1, apiKey: credential.apiKey, timestamp: headers['x-tokex-timestamp'], signature: headers['x-tokex-signature'], ...extra });
  }

  close(): void {
    this.socket.close();
  }
}
