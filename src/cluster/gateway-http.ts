// A minimal HTTP front end over a GatewayClient, enough for operators and the cluster test (the REST server
// proper is another part's and calls GatewayClient directly):
//   POST /commands  {"command": {...}, "group"?: "TKF", "requestId"?: "abc-1"}
//     200 {logSeq, group, requestId, outcome}   the primary applied it (outcome.rejection if it was refused)
//     400 {error, message}  not a well-formed command; nothing entered the log
//     503 {error, message}  too many commands waiting; nothing entered the log
//     504 {error, message}  no outcome in time: it may or may not be applied (retry with the same requestId)
//   GET /health     200 {gatewayId}
// bigint values in responses are decimal strings.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { checkCommandShape } from './command-shape.js';
import { GatewayError, type GatewayClient } from './gateway-client.js';
import { httpBodyBytesMax } from './limits.js';

export function startGatewayHttp(client: GatewayClient, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((request, response) => { void handle(client, request, response); });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function handle(client: GatewayClient, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET' && request.url === '/health') return send(response, 200, { gatewayId: client.options.gatewayId });
  if (request.method !== 'POST' || request.url !== '/commands') return send(response, 404, { error: 'notFound', message: 'POST /commands or GET /health' });
  const body = await readBody(request);
  if (body === undefined) return send(response, 400, { error: 'badRequest', message: `body: at most ${httpBodyBytesMax} bytes of JSON` });
  let parsed: { command?: unknown; group?: unknown; requestId?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return send(response, 400, { error: 'badRequest', message: 'body: not JSON' });
  }
  const shape = checkCommandShape(parsed.command);
  if (!shape.ok) return send(response, 400, { error: 'badRequest', message: shape.message });
  if (parsed.group !== undefined && typeof parsed.group !== 'string') return send(response, 400, { error: 'badRequest', message: 'group: must be a string' });
  if (parsed.requestId !== undefined && typeof parsed.requestId !== 'string') return send(response, 400, { error: 'badRequest', message: 'requestId: must be a string' });
  try {
    const result = await client.submit(shape.command, {
      ...(parsed.group === undefined ? {} : { group: parsed.group }),
      ...(parsed.requestId === undefined ? {} : { requestId: parsed.requestId }),
    });
    send(response, 200, result);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const status = error.kind === 'badRequest' ? 400 : error.kind === 'outcomeUnknown' ? 504 : 503;
    send(response, status, { error: error.kind, message: error.message });
  }
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= httpBodyBytesMax) chunks.push(chunk);
    });
    request.on('end', () => resolve(bytes > httpBodyBytesMax ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(undefined));
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  response.writeHead(status, { 'content-type': 'application/json' }).end(text);
}
