// GET /v1/ws: the WebSocket endpoint. Public channels need no login; private ones and order entry do.

import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.js';
import { wsConnectionsMax, wsHeartbeatMsDefault, wsMessageBytesMax } from '../limits.js';
import { WsConnection } from './connection.js';
import { WsHub } from './hub.js';

export async function registerWebSocket(app: FastifyInstance, ctx: GatewayContext, heartbeatMs = wsHeartbeatMsDefault): Promise<() => void> {
  const hub = new WsHub(ctx);
  const unsubscribe = ctx.service.onOutcome((_command, outcome) => hub.publish(outcome));
  const connections = new Set<WsConnection>();
  await app.register(websocket, { options: { maxPayload: wsMessageBytesMax } });
  app.get('/v1/ws', { websocket: true, schema: { tags: ['websocket'], summary: 'WebSocket: book/trades/ticker channels, signed login, order entry' } }, (socket, request) => {
    if (connections.size >= wsConnectionsMax) {
      socket.close(1013, 'too many connections');
      return;
    }
    const connection: WsConnection = new WsConnection(socket, hub, ctx, (error) => {
      request.log.error({ err: error }, 'websocket message failed');
      // The answers before the failure leave before ws's close frame.
      connection.flush();
      socket.close(1011, 'internal error');
    });
    connections.add(connection);
    socket.on('message', (data, isBinary) => connection.receive(isBinary ? '' : String(data)));
    const heartbeat = setInterval(() => connection.send({ op: 'heartbeat', tsMicros: ctx.clockMs() * 1000 }), heartbeatMs);
    socket.on('close', () => {
      clearInterval(heartbeat);
      connections.delete(connection);
      // After the answers in flight, so cancel-on-disconnect also covers orders still being sequenced.
      connection.settled().then(() => connection.closeDown()).catch((error: Error) => request.log.error({ err: error }, 'cancel on disconnect failed'));
    });
  });
  return unsubscribe;
}
