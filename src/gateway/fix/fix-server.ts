// The FIX acceptor: a node:net server that gives every connection a FixSession and drives the sessions'
// timers. The only file here with sockets and timers; the sessions themselves take time from `clock`.

import { createServer, type Socket } from 'node:net';
import type { FixApplication } from './application.js';
import { CounterpartyRegistry } from './counterparty.js';
import { FixSession, type SessionLog } from './session.js';
import type { FixStoreFactory } from './store.js';

/** Connections open at once (logged on or not); more are closed on arrival. */
export const connectionsMax = 1_000;
/** How often the sessions' heartbeat and timeout checks run. */
export const tickIntervalMs = 1_000;

export interface FixLogger {
  info(detail: Record<string, unknown>, message: string): void;
}

export interface FixServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly application: FixApplication;
  readonly store: FixStoreFactory;
  /** Microseconds since the epoch; FIX SendingTime is checked against it, so it must be close to real time. */
  readonly clock: () => number;
  /** pino-compatible; silent when absent. */
  readonly logger?: FixLogger;
}

export interface FixServer {
  readonly port: number;
  readonly sessions: ReadonlySet<FixSession>;
  close(): Promise<void>;
}

export async function startFixServer(options: FixServerOptions): Promise<FixServer> {
  const registry = new CounterpartyRegistry(options.application, options.store, options.clock);
  const sessions = new Set<FixSession>();
  const sockets = new Set<Socket>();
  const log: SessionLog | undefined = options.logger ? (event, detail) => options.logger!.info({ fix: event, ...detail }, `fix ${event}`) : undefined;

  const server = createServer((socket) => {
    if (sockets.size >= connectionsMax) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    sockets.add(socket);
    const session = new FixSession({
      application: options.application,
      registry,
      clock: options.clock,
      ...(log ? { log } : {}),
      io: {
        write: (frame) => {
          if (!socket.destroyed) socket.write(frame);
        },
        close: () => socket.end(),
      },
    });
    sessions.add(session);
    socket.on('data', (chunk: Buffer) => session.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      sessions.delete(session);
      session.disconnected();
    });
  });
  const timer = setInterval(() => {
    for (const session of sessions) session.tick();
  }, tickIntervalMs);
  timer.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  log?.('listening', { port });

  return {
    port,
    sessions,
    close: async () => {
      clearInterval(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await Promise.all([...sessions].map((s) => s.idle()));
      registry.close();
    },
  };
}
