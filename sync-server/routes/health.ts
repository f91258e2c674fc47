import type { FastifyInstance } from 'fastify';
import { databaseAnswers } from '../database/server-meta.js';
import type { ServerHealth } from '../../common/contract/server-status.js';
import { openApiDocument } from '../http/api-description.js';
import { countCatalogCourses, type ServerContext } from '../server-context.js';

/** `GET /health`: liveness plus what a client shows about the server. Public, no secrets. */
export function registerHealthRoute(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/health',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            required: ['status', 'service', 'version', 'database', 'catalog'],
            properties: {
              status: { const: 'ok' },
              service: { const: 'zhiku-sync-server' },
              version: { type: 'string' },
              database: { enum: ['sqlite', 'postgres'] },
              catalog: { type: 'object', required: ['courses'], properties: { courses: { type: 'integer' } } },
            },
          },
        },
      },
    },
    async (): Promise<ServerHealth> => ({
      status: 'ok',
      service: 'zhiku-sync-server',
      version: context.version,
      database: context.db.dialect,
      catalog: { courses: await countCatalogCourses(context.db) },
    }),
  );
  app.get('/v1/openapi.json', async () => openApiDocument(context.version));

  // Liveness: the process answers. Readiness: it should get traffic (database reachable, not draining).
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) => {
    if (context.lifecycle.draining) return reply.status(503).send({ status: 'draining' });
    if (!(await databaseAnswers(context.db))) return reply.status(503).send({ status: 'database-unavailable' });
    return { status: 'ready' };
  });
}
