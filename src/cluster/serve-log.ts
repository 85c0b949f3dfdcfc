// `tokex serve --log nats://…`: what serve.ts needs to run the REST/WebSocket/FIX server on the JetStream
// command log instead of the local journal. The data directory keeps only this gateway's own files (auth.sqlite,
// auth.key, operator.json, FIX session stores, index.sqlite for listing prices); the exchange's state is the log.

import { mkdirSync } from 'node:fs';
import { marginCallGraceMicros } from '../clearing/settlement.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import type { SessionMode } from '../exchange/exchange.js';
import type { ExchangeServiceLike } from '../gateway/service.js';
import { FixingStore } from '../index/store.js';
import { defaultCatalogue, type Catalogue } from '../products/catalogue.js';
import { gtdSweepEveryMsDefault, marginCheckEveryMsDefault } from '../server/exchange-service.js';
import { startGtdSweep } from '../server/gtd-sweep.js';
import { listingReferencePrices } from '../server/index-prices.js';
import { lockDataDir } from '../server/lock.js';
import { ClusterService } from './cluster-service.js';
import { parseLogUrl } from './connection.js';
import { gatewayIdBytesMax, streamReplicasMax } from './limits.js';
import { groupCatalogue, isToken, parseGroup, type ProductGroup } from './subjects.js';

export interface LogServeOptions {
  /** nats://host:port[,nats://host:port…] */
  readonly log: string;
  /** Product codes of the one group this gateway serves, e.g. 'TKF,TKE' ('' = every product). */
  readonly group: string;
  readonly gatewayId: string;
  readonly replicas: number;
  readonly dataDir: string;
  readonly sessions: SessionMode;
}

export interface ServedExchange {
  readonly service: ExchangeServiceLike;
  /** The group's products only: the follower lists and trades those. */
  readonly catalogue: Catalogue;
  ensureListed(isoDate: string): Promise<string[]>;
  /** Commands the wall clock asks for (setPhase), appended once however many gateways ask. */
  submitDriven(command: ExchangeCommand): Promise<void>;
  /** Rejects if the follower cannot go on; the process should stop (a restart replays the log). */
  readonly failed: Promise<never>;
  close(): Promise<void>;
}

/** A default gateway id: the host name and pid, cut to the length a subject token may have. */
export function defaultGatewayId(hostname: string, pid: number): string {
  const suffix = `-${pid}`;
  return `gw-${hostname.replace(/[^A-Za-z0-9_-]/g, '')}`.slice(0, gatewayIdBytesMax - suffix.length) + suffix;
}

/** The --log/--group/--gateway-id/--replicas arguments checked, or a message naming the bad one. */
export function checkLogOptions(options: Pick<LogServeOptions, 'log' | 'group' | 'gatewayId' | 'replicas'>): { servers: string[]; group: ProductGroup } | string {
  let servers: string[];
  try {
    servers = parseLogUrl(options.log);
  } catch (error) {
    return (error as Error).message;
  }
  const group = parseGroup(defaultCatalogue(), options.group);
  if (!group.ok) return `--${group.message}`;
  if (!isToken(options.gatewayId, gatewayIdBytesMax) || options.gatewayId === 'tokex-shared') {
    return `--gateway-id: letters, digits, _ and - (at most ${gatewayIdBytesMax}, not tokex-shared), got ${JSON.stringify(options.gatewayId)}`;
  }
  if (!Number.isInteger(options.replicas) || options.replicas < 1 || options.replicas > streamReplicasMax) return `--replicas: 1..${streamReplicasMax}, got ${options.replicas}`;
  return { servers, group: group.group };
}

export async function openLogService(options: LogServeOptions, say: (line: string) => void): Promise<ServedExchange> {
  const checked = checkLogOptions(options);
  if (typeof checked === 'string') throw new Error(checked);
  const catalogue = groupCatalogue(defaultCatalogue(), checked.group);
  mkdirSync(options.dataDir, { recursive: true });
  // One gateway per data directory: auth.sqlite and the FIX session stores are this process's.
  const unlock = lockDataDir(options.dataDir);
  let fixings: FixingStore | undefined;
  let service: ClusterService;
  try {
    fixings = new FixingStore(options.dataDir);
    service = await ClusterService.open({
      servers: checked.servers, gatewayId: options.gatewayId, group: checked.group, replicas: options.replicas,
      exchange: { catalogue, sessions: options.sessions },
      report: (event) => { if (event['event'] !== 'caughtUp') say(`log: ${JSON.stringify(event)}`); },
    });
  } catch (error) {
    fixings?.close();
    unlock();
    throw error;
  }
  // Margin calls and liquidation are a sequenced command, as on one machine (ExchangeService): every gateway
  // asks once a minute under the minute's shared key, so the log holds one check per minute.
  const marginTimer = setInterval(() => {
    if (service.exchange.allInstruments().length === 0) return;
    const nowMs = Date.now();
    const minute = new Date(nowMs).toISOString().slice(0, 16).replace(/[-:T]/g, '');
    service.submitShared({ type: 'marginCheck', deadlineMicros: nowMs * 1000 + marginCallGraceMicros }, `margin-${minute}`)
      .catch((error: Error) => say(`margin check: ${error.message}`));
  }, marginCheckEveryMsDefault);
  marginTimer.unref();
  // Expiring due GTD orders likewise: every gateway asks when one is due, under a key of that due time.
  const stopGtdSweep = startGtdSweep({
    exchange: service.exchange, clockMicros: () => Date.now() * 1000, everyMs: gtdSweepEveryMsDefault,
    submit: (dueMicros) => service.submitShared({ type: 'expireDue' }, `expire-${dueMicros}`).catch((error: Error) => say(`GTD expiry: ${error.message}`)),
  });
  say(`command log ${checked.servers.join(',')}: group ${checked.group.name}, gateway ${options.gatewayId}, follower at log seq ${service.lastAppliedLogSeq} (exchange seq ${service.exchange.seq})`);
  const store = fixings;
  return {
    service, catalogue, failed: service.failed,
    ensureListed: async (isoDate) => {
      const prices: Record<string, number> = {};
      for (const [code, price] of listingReferencePrices(catalogue, store, isoDate)) prices[code] = price.priceTicks;
      return await service.ensureListed(isoDate, prices);
    },
    submitDriven: async (command) => {
      if (command.type !== 'setPhase') {
        await service.submit(command);
        return;
      }
      // The same transition asked for by every gateway on the same day is one message id (a token: no dots).
      // Gateways ask within a second of each other (their followers see the same log), well inside the window.
      const isoDate = new Date().toISOString().slice(0, 10);
      await service.submitShared(command, `phase-${command.symbol}-${command.phase}-${isoDate}`);
    },
    close: async () => {
      clearInterval(marginTimer);
      stopGtdSweep();
      try {
        await service.close();
      } finally {
        store.close();
        unlock();
      }
    },
  };
}
