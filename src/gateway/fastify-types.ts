// What the gateway adds to Fastify's request and route config types.

import type { Principal } from './auth/authenticator.js';
import type { Permission } from './auth/permissions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified key behind a signed request (routes with config.auth only). */
    principal?: Principal;
    /** The exact body bytes as text: the signature covers them, not the parsed JSON. */
    rawBody?: string;
  }
  interface FastifyContextConfig {
    /** Permissions of which the request's key must hold one; absent = public route, no signature. */
    auth?: readonly Permission[];
  }
}
