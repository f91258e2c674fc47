import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import {
  bundleRequestSchema,
  couponRequestSchema,
  grantRequestSchema,
  refundRequestSchema,
  revokeRequestSchema,
} from '../../common/server-api/requests.js';
import type { ServerContext } from '../server-context.js';
import { KEY_ID_PATTERN, type ServerKeySet } from '../../common/entitlement-payload.js';

/** Administration: grant and revoke entitlements by hand (institutions, support). Admins only. */
export function registerAdminRoutes(app: FastifyInstance, context: ServerContext): void {
  const requireAdmin = async (request: Parameters<typeof requireCaller>[1]) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Administrators only.');
    return caller;
  };

  app.post('/v1/admin/entitlements', async (request, reply) => {
    await requireAdmin(request);
    const { userId, courseId } = parseWith(grantRequestSchema, request.body);
    return reply.status(201).send({ entitlement: await context.commerceAdmin.grant(userId, courseId) });
  });

  app.post('/v1/admin/entitlements/revoke', async (request) => {
    await requireAdmin(request);
    return { entitlement: await context.commerceAdmin.revoke(parseWith(revokeRequestSchema, request.body)) };
  });

  app.post<{ Params: { orderId: string } }>('/v1/admin/orders/:orderId/refund', async (request) => {
    await requireAdmin(request);
    const { courseIds } = parseWith(refundRequestSchema, request.body);
    const orderId = parseWith(z.string().regex(/^ord_[A-Za-z0-9_-]{1,40}$/), request.params.orderId);
    return context.orders.refund(orderId, courseIds);
  });

  app.post('/v1/admin/bundles', async (request, reply) => {
    await requireAdmin(request);
    const bundle = await context.commerceAdmin.createBundle(parseWith(bundleRequestSchema, request.body));
    return reply.status(201).send({ bundle });
  });

  app.post('/v1/admin/coupons', async (request, reply) => {
    await requireAdmin(request);
    const coupon = await context.commerceAdmin.createCoupon(parseWith(couponRequestSchema, request.body));
    return reply.status(201).send({ coupon });
  });

  app.post('/v1/admin/payments/reconcile', async (request) => {
    await requireAdmin(request);
    return context.orders.reconcile();
  });

  app.post('/v1/admin/keys/rotate', async (request, reply) => {
    await requireAdmin(request);
    const kid = await context.keys.rotate();
    return reply.status(201).send({ active: kid, keys: context.entitlements.publicKeys() });
  });

  app.post<{ Params: { kid: string } }>('/v1/admin/keys/:kid/retire', async (request) => {
    await requireAdmin(request);
    const kid = parseWith(z.string().regex(KEY_ID_PATTERN), request.params.kid);
    return context.keys.retire(kid);
  });

  // The active key alone (devices before key rotation), and the whole set with ids (devices pin them per server).
  app.get('/v1/keys/entitlements', async (_request, reply) =>
    reply.header('content-type', 'application/x-pem-file').send(context.entitlements.publicKeyPem),
  );
  app.get('/v1/keys', async (): Promise<ServerKeySet> => ({
    active: context.entitlements.activeKeyId,
    keys: context.entitlements.publicKeys(),
  }));
}
