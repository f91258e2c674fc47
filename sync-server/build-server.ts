import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import { registerHealthRoute } from './routes/health.js';
import type { ServerContext } from './server-context.js';

export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Builds the HTTP app without listening, so tests and the process entry share it. */
export function buildServer(context: ServerContext, config: Pick<ServerConfig, 'logLevel'>): FastifyInstance {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["stripe-signature"]'], censor: '[redacted]' },
    },
    bodyLimit: MAX_REQUEST_BYTES,
    return503OnClosing: true,
  });
  registerHealthRoute(app, context);
  return app;
}
