import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { newId } from '../accounts/tokens.js';
import { requireCaller } from '../http/authenticate.js';
import { HttpError, parseWith } from '../http/http-error.js';
import { grantedEntitlement, readEntitlement, revokedEntitlement } from '../payments/entitlements.js';
import type { ServerContext } from '../server-context.js';

const grantSchema = z.object({ userId: z.string().min(1).max(100), courseId: z.string().min(1).max(100) }).strict();

/** Administration: grant and revoke entitlements by hand (institutions, support). Admins only. */
export function registerAdminRoutes(app: FastifyInstance, context: ServerContext): void {
  const requireAdmin = async (request: Parameters<typeof requireCaller>[1]) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'admin') throw new HttpError('FORBIDDEN', 'Administrators only.');
    return caller;
  };

  app.post('/v1/admin/entitlements', async (request, reply) => {
    await requireAdmin(request);
    const { userId, courseId } = parseWith(grantSchema, request.body);
    const user = await context.db.get('SELECT id FROM users WHERE id = ?', [userId]);
    if (!user) throw new HttpError('NOT_FOUND', 'No such user.');
    const doc = grantedEntitlement(context.entitlements, { userId, courseId, source: 'grant', now: context.now() });
    await context.documents.writeAsServer('entitlements', { ...doc, _deleted: false }, { ownerId: userId, isPublic: false });
    return reply.status(201).send({ entitlement: doc });
  });

  app.post('/v1/admin/entitlements/revoke', async (request) => {
    await requireAdmin(request);
    const { userId, courseId } = parseWith(grantSchema, request.body);
    const current = await readEntitlement(context.db, userId, courseId);
    if (!current) throw new HttpError('NOT_FOUND', 'No such entitlement.');
    const doc = revokedEntitlement(context.entitlements, current, context.now());
    await context.documents.writeAsServer('entitlements', { ...doc, _deleted: false }, { ownerId: userId, isPublic: false });
    return { entitlement: doc };
  });

  app.post<{ Params: { orderId: string } }>('/v1/admin/orders/:orderId/refund', async (request) => {
    await requireAdmin(request);
    const { courseIds } = parseWith(z.object({ courseIds: z.array(z.string().min(1).max(100)).min(1).max(20) }).strict(), request.body);
    const orderId = parseWith(z.string().regex(/^ord_[A-Za-z0-9_-]{1,40}$/), request.params.orderId);
    const refund = await context.orders.refund(orderId, courseIds);
    // The local test checkout has no webhooks: its refund event is applied at once, on the same path.
    if (refund.refundId.startsWith('re_test_local_')) {
      await context.orders.applyEvent({ id: `evt_${refund.refundId}`, type: 'refund.created', data: { object: { id: refund.refundId, status: 'succeeded', metadata: { orderId, courseIds: courseIds.join(',') } } } });
    }
    return refund;
  });

  app.post('/v1/admin/bundles', async (request, reply) => {
    await requireAdmin(request);
    const bundle = parseWith(
      z.object({ title: z.string().trim().min(1).max(200), courseIds: z.array(z.string().min(1).max(100)).min(2).max(20), priceAmount: z.number().int().positive(), currency: z.enum(['CNY', 'USD', 'EUR']) }).strict(),
      request.body,
    );
    for (const courseId of bundle.courseIds) {
      const row = await context.db.get<{ data: string }>("SELECT data FROM documents WHERE collection = 'courses' AND id = ? AND is_public = 1", [courseId]);
      if (!row) throw new HttpError('NOT_FOUND', `No published course ${courseId}.`);
    }
    const id = `bundle_${newId('b').slice(2)}`;
    await context.db.run('INSERT INTO bundles (id, title, course_ids, price_amount, currency, created_at) VALUES (?, ?, ?, ?, ?, ?)', [id, bundle.title, JSON.stringify([...new Set(bundle.courseIds)]), bundle.priceAmount, bundle.currency, context.now()]);
    return reply.status(201).send({ bundle: { id, ...bundle } });
  });

  app.post('/v1/admin/coupons', async (request, reply) => {
    await requireAdmin(request);
    const coupon = parseWith(
      z
        .object({
          code: z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{3,40}$/),
          kind: z.enum(['percent', 'fixed']),
          value: z.number().int().positive(),
          currency: z.enum(['CNY', 'USD', 'EUR']).optional(),
          validFrom: z.number().int().nonnegative(),
          validUntil: z.number().int().positive(),
          maxRedemptions: z.number().int().min(1).max(1_000_000),
        })
        .strict()
        .refine((c) => c.validUntil > c.validFrom, 'validUntil must be after validFrom')
        .refine((c) => c.kind === 'percent' ? c.value <= 100 : c.currency !== undefined, 'a percentage is at most 100; a fixed amount needs its currency'),
      request.body,
    );
    const inserted = await context.db.run(
      'INSERT INTO coupons (code, kind, value, currency, valid_from, valid_until, max_redemptions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING',
      [coupon.code, coupon.kind, coupon.value, coupon.currency ?? null, coupon.validFrom, coupon.validUntil, coupon.maxRedemptions, context.now()],
    );
    if (inserted.changes === 0) throw new HttpError('CONFLICT', 'A coupon with this code exists.');
    return reply.status(201).send({ coupon });
  });

  app.post('/v1/admin/payments/reconcile', async (request) => {
    await requireAdmin(request);
    return context.orders.reconcile();
  });

  app.get('/v1/keys/entitlements', async (_request, reply) => reply.header('content-type', 'application/x-pem-file').send(context.entitlements.publicKeyPem));
}
