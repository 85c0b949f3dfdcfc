// The operator's routes (operator permission; the read-only ones also regulator-read): accounts and their
// keys, cash, kill switch, halt and resume, listing, the end of day and snapshots.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decimalToUnits, ticksToDecimal } from '../../core/decimal.js';
import { Reason } from '../../core/reasons.js';
import { Phase } from '../../engine/protocol.js';
import type { AccountType, Currency as CurrencyName } from '../../exchange/commands.js';
import { demoReferenceTicks } from '../../exchange/reference-prices.js';
import { amountMinorMax } from '../../clearing/limits.js';
import { operatorAccountId, permissions, type Permission } from '../auth/permissions.js';
import { submit, type GatewayContext } from '../context.js';
import { ApiError, badRequest } from '../errors.js';
import { accountNameCharsMax, depositsPerRequestMax } from '../limits.js';
import { AccountParams, Currency, Decimal, IsoDate, SymbolParams, literals } from '../schemas.js';
import { liveInstrument } from '../order-input.js';
import { minorScaleOf, money, phaseName } from '../views.js';
import { balancesOf, marginOf, positionsOf } from './account.js';

const accountTypes = { hedger: 'hedger', 'market-maker': 'marketMaker', speculator: 'speculator' } as const satisfies Record<string, AccountType>;
const accountTypeNames = Object.keys(accountTypes) as (keyof typeof accountTypes)[];
const accountTypeName = (type: AccountType) => accountTypeNames.find((name) => accountTypes[name] === type)!;

const Cash = Type.Object({ currency: Currency, amount: Decimal('amount in major units, e.g. "1000000.00"') }, { additionalProperties: false });
const operator = { auth: ['operator'] as const };
const oversight = { auth: ['operator', 'regulator-read'] as const };

function amountMinorOf(ctx: GatewayContext, currency: CurrencyName, amount: string, field: string): bigint {
  const scale = minorScaleOf(ctx.catalogue, currency);
  const units = decimalToUnits(amount, scale);
  if (units === undefined) throw badRequest(Reason.malformed, `${field} ${amount} has more than ${scale} decimals for ${currency}`, field);
  if (units <= 0n || units > amountMinorMax) throw badRequest(Reason.malformed, `${field} must be above 0 and at most ${money(amountMinorMax, scale)}`, field);
  return units;
}

function existingAccount(ctx: GatewayContext, accountId: number) {
  const account = ctx.service.exchange.clearing.account(accountId);
  if (!account) throw new ApiError(404, Reason.unknownAccount, `account ${accountId} does not exist`, 'accountId');
  return account;
}

export function operatorRoutes(ctx: GatewayContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/accounts', {
      config: operator,
      schema: {
        tags: ['operator'], summary: 'Open an account, fund it, issue its API key and FIX login',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: accountNameCharsMax }),
          type: literals(accountTypeNames),
          deposits: Type.Optional(Type.Array(Cash, { maxItems: depositsPerRequestMax })),
        }, { additionalProperties: false }),
      },
    }, async (request, reply) => {
      const { name, type, deposits = [] } = request.body;
      // Every amount is checked before the account exists, so a bad deposit leaves no half-made account.
      const cash = deposits.map((d, i) => ({ currency: d.currency, amountMinor: amountMinorOf(ctx, d.currency, d.amount, `deposits.${i}.amount`) }));
      const created = await submit(ctx, { type: 'createAccount', name, accountType: accountTypes[type] });
      const accountId = (created.result as { accountId: number }).accountId;
      for (const d of cash) await submit(ctx, { type: 'deposit', accountId, currency: d.currency, amountMinor: d.amountMinor });
      const key = ctx.authStore.createApiKey(accountId, ['read', 'trade']);
      const fix = ctx.authStore.createFixLogin(accountId);
      request.log.info({ accountId }, 'account created');
      reply.code(201);
      return { account: accountId, apiKey: key.apiKey, apiSecret: key.apiSecret, fixSenderCompId: fix.senderCompId, fixPassword: fix.password };
    });

    app.get('/accounts', { config: oversight, schema: { tags: ['operator'], summary: 'Every account' } }, async () => ({
      accounts: ctx.service.exchange.clearing.internals().accounts.all().map((a) => ({
        account: a.id, name: a.owner, type: accountTypeName(a.type), status: a.status, killSwitch: a.killSwitch,
        apiKeys: ctx.authStore.keysOf(a.id).map((k) => ({ apiKey: k.apiKey, permissions: k.permissions, revoked: k.revokedMs !== null })),
      })),
    }));

    app.get('/accounts/:accountId', { config: oversight, schema: { tags: ['operator'], summary: 'One account: balances, positions, margin', params: AccountParams } }, async (request) => {
      const account = existingAccount(ctx, request.params.accountId);
      return {
        account: account.id, name: account.owner, type: accountTypeName(account.type), status: account.status,
        ...balancesOf(ctx, account.id), positions: positionsOf(ctx, account.id), margin: marginOf(ctx, account.id),
      };
    });

    for (const kind of ['deposit', 'withdraw'] as const) {
      app.post(`/accounts/:accountId/${kind === 'deposit' ? 'deposits' : 'withdrawals'}`, {
        config: operator, schema: { tags: ['operator'], summary: kind === 'deposit' ? 'Add cash' : 'Take cash out (within free equity)', params: AccountParams, body: Cash },
      }, async (request) => {
        const { accountId } = request.params;
        existingAccount(ctx, accountId);
        const { currency, amount } = request.body;
        const outcome = await submit(ctx, { type: kind, accountId, currency, amountMinor: amountMinorOf(ctx, currency, amount, 'amount') });
        return { account: accountId, currency, cash: money((outcome.result as { cashMinor: bigint }).cashMinor, minorScaleOf(ctx.catalogue, currency)) };
      });
    }

    app.post('/accounts/:accountId/keys', {
      config: operator,
      schema: {
        tags: ['operator'], summary: 'Issue another API key for an account',
        params: AccountParams, body: Type.Object({ permissions: Type.Optional(Type.Array(literals(permissions), { minItems: 1, maxItems: 4 })) }, { additionalProperties: false }),
      },
    }, async (request, reply) => {
      const account = existingAccount(ctx, request.params.accountId);
      const requested: readonly Permission[] = request.body.permissions ?? ['read', 'trade'];
      const granted = [...new Set(requested)];
      if (granted.includes('operator')) throw new ApiError(403, Reason.forbidden, 'an account key cannot hold the operator permission', 'permissions');
      const key = ctx.authStore.createApiKey(account.id, granted);
      reply.code(201);
      return { account: account.id, apiKey: key.apiKey, apiSecret: key.apiSecret, permissions: granted };
    });

    app.post('/keys/regulator', { config: operator, schema: { tags: ['operator'], summary: 'Issue a regulator-read key: reads every account, changes nothing' } }, async (_request, reply) => {
      const key = ctx.authStore.createApiKey(operatorAccountId, ['regulator-read']);
      reply.code(201);
      return { apiKey: key.apiKey, apiSecret: key.apiSecret, permissions: ['regulator-read'] };
    });

    app.delete('/keys/:apiKey', {
      config: operator,
      schema: { tags: ['operator'], summary: 'Revoke an API key', params: Type.Object({ apiKey: Type.String({ pattern: '^tk_[0-9a-f]{24}$' }) }, { additionalProperties: false }) },
    }, async (request) => {
      const { apiKey } = request.params;
      if (apiKey === request.principal?.apiKey) throw new ApiError(409, Reason.forbidden, 'a key cannot revoke itself', 'apiKey');
      if (!ctx.authStore.revokeApiKey(apiKey)) throw new ApiError(404, Reason.unauthorised, `API key ${apiKey} is unknown or already revoked`, 'apiKey');
      request.log.info({ apiKey }, 'api key revoked');
      return { apiKey, revoked: true };
    });

    app.post('/accounts/:accountId/kill-switch', {
      config: operator,
      schema: { tags: ['operator'], summary: 'Engage (cancels all orders, refuses new ones) or release', params: AccountParams, body: Type.Object({ engaged: Type.Boolean() }, { additionalProperties: false }) },
    }, async (request) => {
      const { accountId } = request.params;
      existingAccount(ctx, accountId);
      await submit(ctx, { type: 'killSwitch', accountId, engaged: request.body.engaged });
      return { account: accountId, killSwitch: request.body.engaged };
    });

    for (const [action, phase] of [['halt', Phase.halted], ['resume', Phase.continuous]] as const) {
      app.post(`/markets/:symbol/${action}`, {
        config: operator, schema: { tags: ['operator'], summary: action === 'halt' ? 'Halt trading (orders rest, nothing matches)' : 'Resume continuous trading (runs the re-opening auction)', params: SymbolParams },
      }, async (request) => {
        const found = liveInstrument(ctx.service.exchange, request.params.symbol);
        if (!found.ok) throw found.error;
        const instrument = found.value;
        const from = instrument.engine.phase;
        const allowed = action === 'halt' ? from === Phase.continuous : from === Phase.halted || from === Phase.preOpen;
        if (!allowed) throw new ApiError(409, Reason.phaseNotAllowed, `${instrument.symbol} is ${phaseName(from)}: cannot ${action}`, 'symbol');
        await submit(ctx, { type: 'setPhase', symbol: instrument.symbol, phase });
        return { symbol: instrument.symbol, phase: phaseName(instrument.engine.phase) };
      });
    }

    app.post('/series/list', {
      config: operator,
      schema: { tags: ['operator'], summary: 'List the series that trade on a date (first reference: the catalogue\'s demo prices until index fixings are served)', body: Type.Object({ date: IsoDate }, { additionalProperties: false }) },
    }, async (request) => {
      const outcome = await submit(ctx, { type: 'listSeries', isoDate: request.body.date, referenceTicksByProduct: demoReferenceTicks(ctx.catalogue) });
      return outcome.result;
    });

    app.post('/operator/snapshot', {
      config: operator,
      schema: { tags: ['operator'], summary: 'Write a snapshot of the whole state now (restart replays only the journal after it); the newest three are kept' },
    }, async (request) => {
      if (!ctx.service.snapshot) throw new ApiError(501, Reason.malformed, 'this server keeps no snapshots (it runs without a data directory)');
      const written = await ctx.service.snapshot();
      request.log.info({ seq: written.seq, file: written.file, bytes: written.bytes }, 'snapshot written');
      return { seq: written.seq, file: written.file, bytes: written.bytes };
    });

    app.post('/settlement', {
      config: operator,
      schema: {
        tags: ['operator'], summary: 'Run the daily settlement',
        body: Type.Object({ date: IsoDate, closingWindowStartMicros: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
      },
    }, async (request) => {
      const { date, closingWindowStartMicros } = request.body;
      // Without a window start, the last 30 minutes before now make the closing window.
      const start = closingWindowStartMicros ?? (ctx.clockMs() - 30 * 60_000) * 1000;
      const outcome = await submit(ctx, { type: 'settleDay', isoDate: date, closingWindowStartMicros: start });
      const result = outcome.result as { date: string; positionsMarked: number; marginCalls: readonly unknown[]; prices: readonly { symbol: string; priceTicks: number; method: string }[] };
      return {
        date: result.date, positionsMarked: result.positionsMarked, marginCalls: result.marginCalls.length,
        prices: result.prices.map((p) => {
          const product = ctx.service.exchange.instrument(p.symbol)?.product;
          return { symbol: p.symbol, price: product ? ticksToDecimal(p.priceTicks, product.tickSize) : String(p.priceTicks), method: p.method };
        }),
      };
    });
  };
}

