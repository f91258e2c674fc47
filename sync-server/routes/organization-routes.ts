import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  joinRequestSchema,
  passwordResetSchema,
  provisioningRequestSchema,
  rosterRequestSchema,
} from '../../common/server-api/requests.js';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

/** Institutions: provisioning files, joining, rosters, members and password resets. */
export function registerOrganizationRoutes(app: FastifyInstance, context: ServerContext): void {
  const { organizations } = context;

  app.post('/v1/admin/provisioning', async (request, reply) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Administrators only.');
    return reply.status(201).send(await organizations.provision(parseWith(provisioningRequestSchema, request.body)));
  });

  app.post('/v1/organizations/join', async (request) =>
    organizations.join(await requireCaller(context.auth, request), parseWith(joinRequestSchema, request.body).token),
  );

  app.get('/v1/organizations/invitations', async (request) => ({
    invitations: await organizations.myInvitations(await requireCaller(context.auth, request)),
  }));

  app.post<{ Params: { invitationId: string; answer: string } }>(
    '/v1/organizations/invitations/:invitationId/:answer',
    async (request) => {
      const caller = await requireCaller(context.auth, request);
      const answer = parseWith(z.enum(['accept', 'decline']), request.params.answer);
      const joined = await organizations.answerInvitation(
        caller,
        parseWith(idParam, request.params.invitationId),
        answer === 'accept',
      );
      return joined ?? { declined: true };
    },
  );

  app.delete<{ Params: { organizationId: string; invitationId: string } }>(
    '/v1/organizations/:organizationId/invitations/:invitationId',
    async (request, reply) => {
      const caller = await requireCaller(context.auth, request);
      await organizations.withdrawInvitation(
        caller,
        parseWith(idParam, request.params.organizationId),
        parseWith(idParam, request.params.invitationId),
      );
      return reply.status(204).send();
    },
  );

  app.get('/v1/organizations/mine', async (request) => ({
    organizations: await organizations.mine(await requireCaller(context.auth, request)),
  }));

  app.post<{ Params: { organizationId: string } }>('/v1/organizations/:organizationId/roster', async (request) => {
    const caller = await requireCaller(context.auth, request);
    const { csv, dryRun } = parseWith(rosterRequestSchema, request.body);
    return organizations.importRoster(caller, parseWith(idParam, request.params.organizationId), csv, dryRun);
  });

  app.get<{ Params: { organizationId: string } }>('/v1/organizations/:organizationId/members', async (request) => ({
    members: await organizations.members(
      await requireCaller(context.auth, request),
      parseWith(idParam, request.params.organizationId),
    ),
  }));

  app.post<{ Params: { organizationId: string; userId: string } }>(
    '/v1/organizations/:organizationId/members/:userId/password',
    async (request, reply) => {
      const caller = await requireCaller(context.auth, request);
      await organizations.resetPassword(
        caller,
        parseWith(idParam, request.params.organizationId),
        parseWith(idParam, request.params.userId),
        parseWith(passwordResetSchema, request.body).password,
      );
      return reply.status(204).send();
    },
  );
}
