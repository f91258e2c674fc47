import type { FastifyInstance } from 'fastify';
import {
  loginRequestSchema,
  logoutRequestSchema,
  emailVerificationSchema,
  passwordChangeSchema,
  passwordResetRequestSchema,
  passwordResetConfirmSchema,
  profileUpdateSchema,
  refreshRequestSchema,
  registerRequestSchema,
} from '../../common/server-api/auth.js';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

/** Accounts and sessions: register, sign in, refresh, sign out, profile, password. */
export function registerAuthRoutes(app: FastifyInstance, context: ServerContext): void {
  const { auth, recovery } = context;
  const limited = { config: { rateLimit: { max: context.config.authRateLimitPerMinute, timeWindow: 60_000 } } };

  // The same answer whether or not the address already had an account (docs/security.md, "Enumeration").
  app.post('/v1/auth/register', limited, async (request, reply) => {
    await auth.register(parseWith(registerRequestSchema, request.body));
    return reply
      .status(202)
      .send({ status: 'accepted', message: 'If this address had no account, it has one now: sign in with it.' });
  });

  app.post('/v1/auth/login', limited, async (request) => {
    const session = await auth.login(parseWith(loginRequestSchema, request.body));
    await context.organizations.joinOwnOrganization(session.user.id);
    return session;
  });

  app.post('/v1/auth/refresh', limited, async (request) =>
    auth.refresh(parseWith(refreshRequestSchema, request.body).refreshToken),
  );

  app.post('/v1/auth/logout', async (request, reply) => {
    const caller = await requireCaller(auth, request);
    const body =
      request.body === undefined || request.body === null ? {} : parseWith(logoutRequestSchema, request.body);
    if (body.everywhere) await auth.logoutEverywhere(caller);
    else await auth.logout(caller, body.refreshToken);
    return reply.status(204).send();
  });

  app.get('/v1/me', async (request) => ({
    user: await recovery.profile((await requireCaller(auth, request)).userId),
  }));

  app.patch('/v1/me', async (request) => {
    const caller = await requireCaller(auth, request);
    return { user: await recovery.updateProfile(caller.userId, parseWith(profileUpdateSchema, request.body)) };
  });

  app.post('/v1/me/email-verification', limited, async (request, reply) => {
    await recovery.sendVerification((await requireCaller(auth, request)).userId);
    return reply.status(202).send({ status: 'sent' });
  });

  app.post('/v1/me/email-verification/confirm', limited, async (request) => {
    const caller = await requireCaller(auth, request);
    return { user: await recovery.verifyEmail(caller.userId, parseWith(emailVerificationSchema, request.body).code) };
  });

  // The same answer whether or not the address has an account (docs/security.md, "Enumeration").
  app.post('/v1/auth/password-reset', limited, async (request, reply) => {
    await recovery.requestPasswordReset(parseWith(passwordResetRequestSchema, request.body).email);
    return reply
      .status(202)
      .send({ status: 'accepted', message: 'If this address has an account, a reset code is on its way.' });
  });

  app.post('/v1/auth/password-reset/confirm', limited, async (request, reply) => {
    const body = parseWith(passwordResetConfirmSchema, request.body);
    await recovery.resetPassword(body.email, body.code, body.newPassword);
    return reply.status(204).send();
  });

  app.post('/v1/me/password', limited, async (request, reply) => {
    const caller = await requireCaller(auth, request);
    const body = parseWith(passwordChangeSchema, request.body);
    await auth.changePassword(caller, body.currentPassword, body.newPassword);
    return reply.status(204).send();
  });

  app.get('/v1/devices', async (request) => ({ devices: await auth.listDevices(await requireCaller(auth, request)) }));

  app.delete<{ Params: { deviceId: string } }>('/v1/devices/:deviceId', async (request, reply) => {
    const caller = await requireCaller(auth, request);
    if (!/^dev_[A-Za-z0-9_-]{1,40}$/.test(request.params.deviceId))
      throw new DomainError('NOT_FOUND', 'No such device on this account.');
    await auth.revokeDevice(caller, request.params.deviceId);
    return reply.status(204).send();
  });
}
