// FIX next to REST on one exchange: the FIX module's ExchangeFixApplication submits through the same
// ExchangeService, logons are checked against auth.sqlite (verifyFixLogin), and outcomes of commands that
// came from elsewhere (REST, the session driver) are published to FIX so that a resting FIX order filled by a
// REST order is reported. Commands FIX sent itself are reported by the application already, not twice.

import { join } from 'node:path';
import type { ExchangeCommand } from '../exchange/commands.js';
import type { AuthStore } from './auth/store.js';
import { ExchangeFixApplication } from './fix/exchange-application.js';
import { FileStoreFactory } from './fix/file-store.js';
import { startFixServer, type FixLogger, type FixServer } from './fix/fix-server.js';
import { MemoryStoreFactory } from './fix/store.js';
import type { ExchangeServiceLike } from './service.js';

export interface FixGatewayOptions {
  readonly service: ExchangeServiceLike;
  readonly authStore: AuthStore;
  readonly port: number;
  readonly host?: string;
  /** FIX session stores (sequence numbers, sent messages) go to DIR/fix; in memory without it. */
  readonly dataDir?: string;
  readonly clockMicros: () => number;
  readonly logger?: FixLogger;
}

export async function startFixGateway(options: FixGatewayOptions): Promise<FixServer> {
  const fromFix = new WeakSet<ExchangeCommand>();
  const application = new ExchangeFixApplication({
    sink: {
      submit: (command) => {
        fromFix.add(command);
        return options.service.submit(command);
      },
    },
    exchange: options.service.exchange,
    authenticate: (senderCompId, password) => {
      const result = options.authStore.verifyFixLogin(senderCompId, password);
      return result.ok ? { accountId: result.accountId } : { error: result.message };
    },
  });
  const unsubscribe = options.service.onOutcome((command, outcome) => {
    if (!fromFix.has(command)) application.publish(outcome);
  });
  const server = await startFixServer({
    port: options.port, ...(options.host ? { host: options.host } : {}), application, clock: options.clockMicros,
    store: options.dataDir ? new FileStoreFactory(join(options.dataDir, 'fix')) : new MemoryStoreFactory(),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    port: server.port, sessions: server.sessions,
    close: async () => {
      unsubscribe();
      await server.close();
    },
  };
}
