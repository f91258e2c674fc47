import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { provisioningSchema } from '../../common/provisioning.js';
import { requireCaller } from '../http/authenticate.js';
import { HttpError, parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

export const provisioningRequestSchema = z
  .object({
    organization: z.object({ id: idParam.optional(), name: z.string().trim().min(1).max(120) }).strict(),
    /** The address learners' devices use (the public one, behind any proxy). */
    serverUrl: provisioningSchema.shape.serverUrl,
    enrollment: z.object({ maxUses: z.number().int().min(1).max(1_000_000), expiresAt: z.number().int().positive().optional() }).strict(),
    defaultLanguage: provisioningSchema.shape.defaultLanguage,
    lockedSettings: provisioningSchema.shape.lockedSettings.optional(),
    updates: provisioningSchema.shape.updates.optional(),
    contentPack: provisioningSchema.shape.contentPack,
  })
  .strict();
export const joinRequestSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'not an enrollment token') }).strict();
export const rosterRequestSchema = z.object({ csv: z.string().max(900_000, 'A roster file is at most 900 KB; split larger ones.'), dryRun: z.boolean() }).strict();
export const passwordResetSchema = z.object({ password: z.string().min(10, 'At least 10 characters.').max(256) }).strict();

/** Institutions: provisioning files, joining, rosters, members and password resets. */
export function registerOrganizationRoutes(app: FastifyInstance, context: ServerContext): void {
  const { organizations } = context;

  app.post('/v1/admin/provisioning', async (request, reply) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'admin') throw new HttpError('FORBIDDEN', 'Administrators only.');
    return reply.status(201).send(await organizations.provision(parseWith(provisioningRequestSchema, request.body)));
  });

  app.post('/v1/organizations/join', async (request) => organizations.join(await requireCaller(context.auth, request), parseWith(joinRequestSchema, request.body).token));

  app.get('/v1/organizations/invitations', async (request) => ({ invitations: await organizations.myInvitations(await requireCaller(context.auth, request)) }));

  app.post<{ Params: { invitationId: string; answer: string } }>('/v1/organizations/invitations/:invitationId/:answer', async (request) => {
    const caller = await requireCaller(context.auth, request);
    const answer = parseWith(z.enum(['accept', 'decline']), request.params.answer);
    const joined = await organizations.answerInvitation(caller, parseWith(idParam, request.params.invitationId), answer === 'accept');
    return joined ?? { declined: true };
  });

  app.delete<{ Params: { organizationId: string; invitationId: string } }>('/v1/organizations/:organizationId/invitations/:invitationId', async (request, reply) => {
    const caller = await requireCaller(context.auth, request);
    await organizations.withdrawInvitation(caller, parseWith(idParam, request.params.organizationId), parseWith(idParam, request.params.invitationId));
    return reply.status(204).send();
  });

  app.get('/v1/organizations/mine', async (request) => ({ organizations: await organizations.mine(await requireCaller(context.auth, request)) }));

  app.post<{ Params: { organizationId: string } }>('/v1/organizations/:organizationId/roster', async (request) => {
    const caller = await requireCaller(context.auth, request);
    const { csv, dryRun } = parseWith(rosterRequestSchema, request.body);
    return organizations.importRoster(caller, parseWith(idParam, request.params.organizationId), csv, dryRun);
  });

  app.get<{ Params: { organizationId: string } }>('/v1/organizations/:organizationId/members', async (request) => ({
    members: await organizations.members(await requireCaller(context.auth, request), parseWith(idParam, request.params.organizationId)),
  }));

  app.post<{ Params: { organizationId: string; userId: string } }>('/v1/organizations/:organizationId/members/:userId/password', async (request, reply) => {
    const caller = await requireCaller(context.auth, request);
    await organizations.resetPassword(caller, parseWith(idParam, request.params.organizationId), parseWith(idParam, request.params.userId), parseWith(passwordResetSchema, request.body).password);
    return reply.status(204).send();
  });
}
