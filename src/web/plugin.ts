// The web trading terminal as a small Fastify plugin on the gateway's server: the page at `/`, its modules
// under /web/ (each src/web/public/*.ts file type-stripped by esbuild on first request: no bundler, no build
// step), the lightweight-charts standalone script, and — only when the demo set one — the demo trader's
// credential at GET /demo/credential for a browser on this machine.

import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assert } from '../core/assert.js';
import { Reason } from '../core/reasons.js';
import { ApiError } from '../gateway/errors.js';

export const publicDir = fileURLToPath(new URL('./public/', import.meta.url));
// The package exports only its ESM entry and package.json; the standalone script sits beside them in dist/.
const chartsScript = join(dirname(createRequire(import.meta.url).resolve('lightweight-charts/package.json')), 'dist', 'lightweight-charts.standalone.production.js');

/** Module and style names the terminal serves: lower-case words, no dots (so no test files, no paths). */
const assetName = /^[a-z][a-z0-9-]{0,40}\.(js|css)$/;
/** Transpiled modules kept in memory (the terminal has about a dozen). */
export const modulesCachedMax = 64;

export interface DemoCredential {
  readonly accountId: number;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** What the demo deposited, per currency, as decimal strings: the P&L panel's starting point. */
  readonly deposits: Readonly<Record<string, string>>;
}

const demoCredentials = new WeakMap<FastifyInstance, DemoCredential>();

/**
 * Demo only: hands this credential to browsers on this machine (127.0.0.1 / ::1). A real deployment never
 * calls this, and then /demo/credential answers 404. Anyone who can open a socket on the machine can trade
 * the demo account: acceptable for a demo market of play money, never for a real account.
 */
export function setDemoCredential(app: FastifyInstance, credential: DemoCredential): void {
  demoCredentials.set(app, credential);
}

export function isLoopback(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

interface Cached { readonly mtimeMs: number; readonly code: string }

export async function registerWebTerminal(app: FastifyInstance): Promise<void> {
  const modules = new Map<string, Cached>();
  const hide = { schema: { hide: true } };

  app.get('/', hide, async (_request, reply) => {
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache');
    return readFile(join(publicDir, 'index.html'), 'utf8');
  });

  app.get('/web/vendor/lightweight-charts.js', hide, async (_request, reply) => {
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=3600');
    return readFile(chartsScript, 'utf8');
  });

  app.get<{ Params: { file: string } }>('/web/:file', hide, async (request, reply) => {
    const { file } = request.params;
    if (!assetName.test(file)) return notFound(reply, `no terminal file ${file}`);
    reply.header('cache-control', 'no-cache');
    if (file.endsWith('.css')) {
      const text = await readFile(join(publicDir, file), 'utf8').catch(() => undefined);
      if (text === undefined) return notFound(reply, `no terminal file ${file}`);
      return reply.type('text/css; charset=utf-8').send(text);
    }
    const source = join(publicDir, file.replace(/\.js$/, '.ts'));
    const info = await stat(source).catch(() => undefined);
    if (!info) return notFound(reply, `no terminal module ${file}`);
    let cached = modules.get(file);
    if (!cached || cached.mtimeMs !== info.mtimeMs) {
      const result = await transform(await readFile(source, 'utf8'), { loader: 'ts', format: 'esm', target: 'es2022', sourcefile: file.replace(/\.js$/, '.ts') });
      cached = { mtimeMs: info.mtimeMs, code: result.code };
      if (modules.size >= modulesCachedMax) modules.clear();
      modules.set(file, cached);
    }
    return reply.type('text/javascript; charset=utf-8').send(cached.code);
  });

  app.get('/demo/credential', hide, async (request: FastifyRequest, reply) => {
    const credential = demoCredentials.get(app);
    if (!credential) return notFound(reply, 'this server is not running the demo: there is no demo credential');
    if (!isLoopback(request.ip)) throw new ApiError(403, Reason.forbidden, 'the demo credential is only given to a browser on the same machine (127.0.0.1)');
    reply.header('cache-control', 'no-store');
    return credential;
  });
}

function notFound(_reply: FastifyReply, message: string): never {
  throw new ApiError(404, Reason.malformed, message);
}

assert(modulesCachedMax >= 16, 'the cache holds every terminal module');
