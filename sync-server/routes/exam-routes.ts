import type { FastifyInstance } from 'fastify';
import { examResultsQuerySchema } from '../../common/server-api/exams.js';
import { requireCaller } from '../http/authenticate.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

/** Exam results: the caller's own, after the server has graded every sitting of theirs it has received. */
export function registerExamRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/v1/exams/results', async (request) => {
    const caller = await requireCaller(context.auth, request);
    const { courseId } = parseWith(examResultsQuerySchema, request.query);
    return { results: await context.exams.resultsOf(caller.userId, courseId) };
  });
}
