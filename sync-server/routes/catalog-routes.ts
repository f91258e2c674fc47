import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { courseReviewsQuerySchema } from '../../common/server-api/reviews.js';
import { courseReviews } from '../catalog/course-reviews.js';
import { catalogSearchQuerySchema } from '../../common/server-api/catalog-search.js';
import { searchCatalog } from '../catalog/catalog-search.js';
import { courseLessons } from '../catalog/course-lessons.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

/** Parts of the public catalogue a device fetches when it shows them, instead of replicating them all. */
export function registerCatalogRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get<{ Params: { courseId: string } }>('/v1/courses/:courseId/reviews', async (request) => {
    const courseId = parseWith(idParam, request.params.courseId);
    const { limit } = parseWith(courseReviewsQuerySchema, request.query);
    return courseReviews(context.db, courseId, limit);
  });

  app.get<{ Params: { courseId: string } }>('/v1/courses/:courseId/lessons', async (request) => {
    return courseLessons(context.db, parseWith(idParam, request.params.courseId));
  });

  app.get('/v1/search', async (request) => {
    const { q, limit } = parseWith(catalogSearchQuerySchema, request.query);
    return searchCatalog(context.db, q, limit);
  });
}
