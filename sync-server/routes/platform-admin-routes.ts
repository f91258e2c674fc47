import type { FastifyInstance } from 'fastify';
import { adminSearchQuerySchema, createOrganizationRequestSchema } from '../../common/server-api/admin.js';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

/** The admin screen's reads, and creating organizations: platform administrators only. */
export function registerPlatformAdminRoutes(app: FastifyInstance, context: ServerContext): void {
  const requireAdmin = async (request: Parameters<typeof requireCaller>[1]) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Administrators only.');
    return caller;
  };
  const { platformAdmin } = context;

  app.get('/v1/admin/overview', async (request) => {
    await requireAdmin(request);
    return platformAdmin.overview();
  });

  app.get('/v1/admin/users', async (request) => {
    await requireAdmin(request);
    return platformAdmin.users(parseWith(adminSearchQuerySchema, request.query));
  });

  app.get('/v1/admin/organizations', async (request) => {
    await requireAdmin(request);
    return { organizations: await platformAdmin.organizations() };
  });

  app.post('/v1/admin/organizations', async (request, reply) => {
    const caller = await requireAdmin(request);
    const created = await platformAdmin.createOrganization(
      caller.userId,
      parseWith(createOrganizationRequestSchema, request.body),
    );
    return reply.status(201).send(created);
  });

  app.get('/v1/admin/seat-pools', async (request) => {
    await requireAdmin(request);
    return { pools: await platformAdmin.seatPools() };
  });

  app.get('/v1/admin/orders', async (request) => {
    await requireAdmin(request);
    return { orders: await platformAdmin.orders(parseWith(adminSearchQuerySchema, request.query)) };
  });
}
