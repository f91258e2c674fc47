import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';

/** `GET /v1/recommend/aggregates`: the public, protected input of every device's recommender. */
export function registerRecommendRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/v1/recommend/aggregates', async (request, reply) => {
    const snapshot = await context.recommendations.snapshot();
    reply
      .header('etag', snapshot.etag)
      .header('cache-control', 'public, max-age=60, must-revalidate')
      .header('content-type', 'application/vnd.zhiku.aggregates+gzip');
    reply.header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === snapshot.etag) return reply.status(304).send();
    return reply.send(snapshot.body);
  });
}
