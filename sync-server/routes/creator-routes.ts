import { questionReport } from '../authoring/question-report.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createPublishService } from '../authoring/publish-service.js';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';
import { publishRequestSchema, roleRequestSchema } from '../../common/server-api/requests.js';

const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);
/** Becoming a creator, and creators publishing and unpublishing their drafts. */
export function registerCreatorRoutes(app: FastifyInstance, context: ServerContext): void {
  const publishing = createPublishService({
    db: context.db,
    documents: context.documents,
    content: context.content,
    now: context.now,
  });
  const requireCreator = async (request: Parameters<typeof requireCaller>[1]) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'creator' && caller.role !== 'admin')
      throw new DomainError('FORBIDDEN', 'Creators only: become a creator from your account first.');
    return caller;
  };

  app.post('/v1/me/creator', async (request) => {
    const caller = await requireCaller(context.auth, request);
    if (context.config.creatorApproval !== 'auto')
      throw new DomainError('FORBIDDEN', 'On this server an administrator approves creators.');
    if (caller.role === 'learner') await context.auth.setRole(caller.userId, 'creator');
    return { user: await context.auth.profile(caller.userId) };
  });

  app.post<{ Params: { userId: string } }>('/v1/admin/users/:userId/role', async (request) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Administrators only.');
    const userId = parseWith(idParam, request.params.userId);
    const { role } = parseWith(roleRequestSchema, request.body);
    await context.auth.profile(userId);
    await context.auth.setRole(userId, role);
    return { user: await context.auth.profile(userId) };
  });

  app.post<{ Params: { courseId: string } }>('/v1/creator/courses/:courseId/publish', async (request) => {
    const caller = await requireCreator(request);
    const { draftRevision } = parseWith(publishRequestSchema, request.body);
    const published = await publishing.publish(
      caller.userId,
      parseWith(idParam, request.params.courseId),
      draftRevision,
    );
    // A lesson whose release time has already passed comes out now, not at the next check.
    void context.columns.releaseDue().catch((error: unknown) => request.log.error({ err: error }, 'release failed'));
    return published;
  });

  app.get<{ Params: { courseId: string } }>('/v1/creator/courses/:courseId/question-stats', async (request) => {
    const caller = await requireCreator(request);
    return questionReport(
      context.db,
      (lessonId, courseId) => context.content.lessonBodyPath(lessonId, courseId),
      caller,
      parseWith(idParam, request.params.courseId),
      context.exams,
    );
  });

  app.post<{ Params: { courseId: string } }>('/v1/creator/courses/:courseId/unpublish', async (request) => {
    const caller = await requireCreator(request);
    return publishing.unpublish(caller.userId, parseWith(idParam, request.params.courseId));
  });
}
