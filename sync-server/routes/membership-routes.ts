import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  changePlanRequestSchema,
  planRequestSchema,
  subscribeRequestSchema,
} from '../../common/server-api/memberships.js';
import { DomainError } from '../domain/domain-error.js';
import { requireCaller } from '../http/authenticate.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';
import { registerTestBillingRoutes } from './test-billing-routes.js';

const planParam = z.string().regex(/^plan_[0-9a-f-]{36}$/);
const membershipParam = z.string().regex(/^mem_[0-9a-f-]{36}$/);
const courseQuery = z.object({ courseId: z.string().min(1).max(100).optional() }).strict();

/**
 * Memberships: plans on sale (anyone), a seller's own plans (creators, and administrators for
 * the platform's), and a learner's own memberships — joining, cancelling at period end, taking
 * that back, changing plan, and the provider's customer portal.
 */
export function registerMembershipRoutes(app: FastifyInstance, context: ServerContext): void {
  const { plans, memberships } = context;
  const seller = async (request: Parameters<typeof requireCaller>[1]) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'creator' && caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Creators only.');
    return caller;
  };

  app.get('/v1/plans', async (request) => {
    const { courseId } = parseWith(courseQuery, request.query);
    return { plans: await plans.onSale(courseId) };
  });

  app.get('/v1/creator/plans', async (request) => ({ plans: await plans.mine(await seller(request)) }));

  app.post('/v1/creator/plans', async (request, reply) => {
    const caller = await seller(request);
    return reply.status(201).send({ plan: await plans.create(caller, parseWith(planRequestSchema, request.body)) });
  });

  app.post<{ Params: { planId: string } }>('/v1/creator/plans/:planId/retire', async (request) => ({
    plan: await plans.retire(await seller(request), parseWith(planParam, request.params.planId)),
  }));

  app.get('/v1/memberships', async (request) => ({
    memberships: await memberships.mine(await requireCaller(context.auth, request)),
  }));

  app.post('/v1/memberships', async (request, reply) => {
    const caller = await requireCaller(context.auth, request);
    const { email } = await context.auth.profile(caller.userId);
    const { planId } = parseWith(subscribeRequestSchema, request.body);
    return reply.status(201).send(await memberships.subscribe({ ...caller, email }, planId));
  });

  for (const [action, cancel] of [
    ['cancel', true],
    ['resume', false],
  ] as const)
    app.post<{ Params: { membershipId: string } }>(`/v1/memberships/:membershipId/${action}`, async (request) => ({
      membership: await memberships.setCancelAtPeriodEnd(
        await requireCaller(context.auth, request),
        parseWith(membershipParam, request.params.membershipId),
        cancel,
      ),
    }));

  app.post<{ Params: { membershipId: string } }>('/v1/memberships/:membershipId/change', async (request) => ({
    membership: await memberships.changePlan(
      await requireCaller(context.auth, request),
      parseWith(membershipParam, request.params.membershipId),
      parseWith(changePlanRequestSchema, request.body).planId,
    ),
  }));

  app.post('/v1/memberships/portal', async (request) => memberships.portal(await requireCaller(context.auth, request)));

  if (context.config.payments === 'test') registerTestBillingRoutes(app, context);
}
