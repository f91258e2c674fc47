import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import { installErrorHandler } from './http/http-error.js';
import { installJsonLimits } from './http/json-limits.js';
import { requestIdOf } from './http/request-id.js';
import { installPolicy } from './policy/install-policy.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerPlatformAdminRoutes } from './routes/platform-admin-routes.js';
import { registerCertificateRoutes } from './routes/certificate-routes.js';
import { registerExamRoutes } from './routes/exam-routes.js';
import { registerPayoutRoutes } from './routes/payout-routes.js';
import { registerMembershipRoutes } from './routes/membership-routes.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerContentRoutes } from './routes/content-routes.js';
import { registerCreatorRoutes } from './routes/creator-routes.js';
import { registerInstitutionRoutes } from './routes/institution-routes.js';
import { registerPaymentRoutes } from './routes/payment-routes.js';
import { registerHealthRoute } from './routes/health.js';
import { registerReplicationRoutes } from './routes/replication-routes.js';
import { registerCatalogRoutes } from './routes/catalog-routes.js';
import { registerRecommendRoutes } from './routes/recommend-routes.js';
import { registerOrganizationRoutes } from './routes/organization-routes.js';
import type { ServerContext } from './server-context.js';

export const MAX_REQUEST_BYTES = 1024 * 1024;

const registeredRoutes = new WeakMap<FastifyInstance, string[]>();

/** Every `METHOD /path` the app registered (for the API description's completeness test). */
export function routesOf(app: FastifyInstance): string[] {
  return registeredRoutes.get(app) ?? [];
}

/** Builds the HTTP app without listening, so tests and the process entry share it. */
export async function buildServer(
  context: ServerContext,
  config: Pick<ServerConfig, 'logLevel'>,
  shared: { redis?: Redis } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["stripe-signature"]',
          'body.password',
          'body.refreshToken',
        ],
        censor: '[redacted]',
      },
    },
    bodyLimit: MAX_REQUEST_BYTES,
    return503OnClosing: true,
    // The device's request id when it sent one (logged as reqId on every line of the request).
    genReqId: requestIdOf,
    // Errors the router raises before any route runs (a malformed URL, a path parameter over
    // 100 characters) answer in the API's own error format too.
    frameworkErrors: (error, _request, reply) => {
      const plain = reply as unknown as { status(code: number): { send(body: unknown): void } };
      plain.status(400).send({
        error: {
          code: 'INVALID_INPUT',
          message:
            error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long.' : 'The address is not valid.',
        },
      });
    },
  });
  const routes: string[] = [];
  registeredRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
  });
  installErrorHandler(app);
  installJsonLimits(app);
  // Before any route: each gets its policy entry's gate, and one without an entry refuses to register.
  installPolicy(app, context.auth);
  // Nothing is cacheable unless its route says so: a proxy or shared cache in front of the
  // instances must never keep one user's answer (or an error) and hand it to another.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    // The server's clock, so devices whose clocks are off stamp their changes in server time.
    reply.header('x-zhiku-time', String(context.now()));
    reply.header('x-request-id', request.id);
    return payload;
  });
  // Behind a load balancer the limits hold across instances when they share Redis.
  await app.register(rateLimit, {
    global: false,
    ...(shared.redis ? { redis: shared.redis, nameSpace: 'zhiku-rate-limit-', skipOnError: true } : {}),
  });
  registerHealthRoute(app, context);
  registerAuthRoutes(app, context);
  registerReplicationRoutes(app, context);
  registerCatalogRoutes(app, context);
  registerContentRoutes(app, context);
  registerAdminRoutes(app, context);
  registerPlatformAdminRoutes(app, context);
  registerCertificateRoutes(app, context);
  registerExamRoutes(app, context);
  registerPayoutRoutes(app, context);
  registerMembershipRoutes(app, context);
  registerPaymentRoutes(app, context);
  registerInstitutionRoutes(app, context);
  registerCreatorRoutes(app, context);
  registerRecommendRoutes(app, context);
  registerOrganizationRoutes(app, context);
  return app;
}
