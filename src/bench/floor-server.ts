// The floor under the gateway benchmark: a WebSocket server that does only what every acknowledged order must
// (read the message, journal it durably, answer once durable) and nothing of the exchange. Run with the same
// client, plans and machine as tokex, in the same run, it says how much of tokex's figures is the transport and
// the disk, and whether an aim is within reach of this machine at all.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { JournalWriter } from '../journal/writer.js';
import { integerAfter, startsWith, turnCorkedSend } from './ws-bytes.js';

const loginPrefix = Buffer.from('{"op":"login"');
const idKey = Buffer.from('"id":');

export interface FloorServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startFloorServer(): Promise<FloorServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-floor-'));
  const writer = JournalWriter.open(dir);
  let seq = writer.lastSeq;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket: WebSocket) => {
    // As tokex does: the answers of one turn leave in one write.
    const send = turnCorkedSend(socket);
    socket.on('message', (data: Buffer) => {
      if (startsWith(data, loginPrefix)) return send('{"op":"login"}');
      const id = integerAfter(data, idKey);
      seq += 1;
      writer.append(1, seq, seq, data).then(() => send(`{"op":"order","id":${id}}`), (error: Error) => socket.close(1011, error.message));
    });
  });
  const address = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${address.port}`,
    async close() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await writer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
