// What the live demo prepares before the market opens: today's index fixings (so the series list at index
// levels and the terminal's index panel has values), the demo trader the person at the browser trades as,
// and the cleanup of a previous run's agents (their resting quotes would otherwise stay in the books).

import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from '../core/assert.js';
import { unitsToDecimal } from '../core/decimal.js';
import { indexDefinitions } from '../index/indices.js';
import { fixIndex, loadReferenceData } from '../index/service.js';
import type { FixingStore } from '../index/store.js';
import type { AuthStore } from '../gateway/auth/store.js';
import type { ExchangeService } from '../server/exchange-service.js';

/** How far back the demo looks for a business day to fix (a long holiday weekend is four days). */
export const fixingLookbackDaysMax = 7;
/** The demo trader's play money, in minor units per currency. */
export const demoTraderDepositMinor = 1_000_000_00n;
export const demoTraderName = 'demo-trader';

export interface DemoTraderCredential {
  readonly accountId: number;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly deposits: Readonly<Record<string, string>>;
}

/**
 * Fixes every index for the latest business day on or before today that it can be fixed for (from the bundled
 * genai-prices data and the shipped GPU quotes). An index that cannot be fixed (too few contributors and no
 * earlier fixing) is reported and left out: the exchange then lists its products at the demo prices.
 */
export async function fixIndicesUpTo(store: FixingStore, isoToday: string, nowIso: () => string): Promise<{ fixed: string[]; skipped: string[] }> {
  const reference = await loadReferenceData();
  const fixed: string[] = [];
  const skipped: string[] = [];
  for (const def of indexDefinitions) {
    let done = false;
    let lastMessage = '';
    for (let back = 0; back < fixingLookbackDaysMax && !done; back++) {
      const date = new Date(Date.parse(`${isoToday}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
      const outcome = fixIndex(store, reference, def, date, { now: nowIso });
      if (outcome.ok) {
        fixed.push(`${def.name} ${date}`);
        done = true;
      } else {
        lastMessage = outcome.message;
        // Only a non-business day is worth stepping back from; any other refusal repeats on earlier days.
        if (!/business day/.test(outcome.message)) break;
      }
    }
    if (!done) skipped.push(`${def.name}: ${lastMessage}`);
  }
  return { fixed, skipped };
}

export function demoTraderFile(dataDir: string): string {
  return join(dataDir, 'demo-trader.json');
}

/**
 * The demo trader's account and API key, kept in DIR/demo-trader.json (0600) so that a restart on the same
 * data directory gives the browser the same account, orders and P&L. A file whose key or account is gone
 * (a new auth.sqlite or journal) is replaced by a new trader.
 */
export async function ensureDemoTrader(dataDir: string, service: ExchangeService, authStore: AuthStore): Promise<{ credential: DemoTraderCredential; created: boolean }> {
  const path = demoTraderFile(dataDir);
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as DemoTraderCredential;
    const key = authStore.apiKey(saved.apiKey);
    const account = service.exchange.clearing.account(saved.accountId);
    if (key !== undefined && key.revokedMs === null && key.accountId === saved.accountId && key.permissions.includes('trade') && account !== undefined) return { credential: saved, created: false };
  }
  const created = await service.submit({ type: 'createAccount', name: demoTraderName, accountType: 'speculator' });
  assert(created.rejection === undefined, `demo trader account: ${created.rejection?.message}`);
  const accountId = (created.result as { accountId: number }).accountId;
  const deposits: Record<string, string> = {};
  for (const currency of ['USD', 'CNY'] as const) {
    const deposited = await service.submit({ type: 'deposit', accountId, currency, amountMinor: demoTraderDepositMinor });
    assert(deposited.rejection === undefined, `demo trader deposit: ${deposited.rejection?.message}`);
    deposits[currency] = unitsToDecimal(demoTraderDepositMinor, 2);
  }
  const key = authStore.createApiKey(accountId, ['read', 'trade']);
  const credential: DemoTraderCredential = { accountId, apiKey: key.apiKey, apiSecret: key.apiSecret, deposits };
  writeFileSync(path, JSON.stringify(credential, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return { credential, created: true };
}

export function agentsFile(dataDir: string): string {
  return join(dataDir, 'demo-agents.json');
}

/** Cancels every resting order of the previous run's agents (their ids are in DIR/demo-agents.json). */
export async function retirePreviousAgents(dataDir: string, service: ExchangeService): Promise<number> {
  const path = agentsFile(dataDir);
  if (!existsSync(path)) return 0;
  const accountIds = JSON.parse(readFileSync(path, 'utf8')) as number[];
  let cancelled = 0;
  for (const accountId of accountIds) {
    if (service.exchange.clearing.account(accountId) === undefined) continue;
    const outcome = await service.submit({ type: 'massCancel', accountId, symbol: '' });
    if (outcome.rejection === undefined) cancelled += (outcome.result as { cancelled: number }).cancelled;
  }
  return cancelled;
}

export function rememberAgents(dataDir: string, accountIds: readonly number[]): void {
  writeFileSync(agentsFile(dataDir), JSON.stringify(accountIds) + '\n');
}
