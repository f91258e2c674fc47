import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';
import { reassignSchema } from '../../common/server-api/requests.js';
import { seatGrantRequestSchema } from '../../common/server-api/admin.js';

const codeRequestSchema = z
  .object({
    count: z.number().int().min(1).max(500),
    maxUses: z.number().int().min(1).max(100_000),
    expiresAt: z.number().int().positive().optional(),
  })
  .strict();
const redeemSchema = z.object({ code: z.string().trim().min(4).max(40) }).strict();

/** Institutions: seats granted to a manager, redeem codes they hand out, learners who redeem them. */
export function registerInstitutionRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post('/v1/admin/seat-pools', async (request, reply) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Administrators only.');
    return reply
      .status(201)
      .send(await context.institutions.grantSeats(parseWith(seatGrantRequestSchema, request.body)));
  });

  app.post<{ Params: { poolId: string } }>('/v1/seat-pools/:poolId/codes', async (request, reply) => {
    const caller = await requireCaller(context.auth, request);
    const poolId = parseWith(z.string().regex(/^pool_[A-Za-z0-9_-]{1,40}$/), request.params.poolId);
    return reply.status(201).send({
      codes: await context.institutions.createCodes(caller, poolId, parseWith(codeRequestSchema, request.body)),
    });
  });

  app.post<{ Params: { poolId: string } }>('/v1/seat-pools/:poolId/reassign', async (request) => {
    const caller = await requireCaller(context.auth, request);
    const poolId = parseWith(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), request.params.poolId);
    return context.institutions.reassign(caller, poolId, parseWith(reassignSchema, request.body));
  });

  app.get('/v1/seat-pools/mine', async (request) => ({
    pools: await context.institutions.myPools(await requireCaller(context.auth, request)),
  }));

  app.post(
    '/v1/redeem',
    { config: { rateLimit: { max: context.config.authRateLimitPerMinute, timeWindow: 60_000 } } },
    async (request) => {
      const caller = await requireCaller(context.auth, request);
      return context.institutions.redeem(caller, parseWith(redeemSchema, request.body).code);
    },
  );
}
