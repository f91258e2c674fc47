import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { newId } from '../accounts/tokens.js';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import { addGrant, endGrant, readEntitlement } from '../payments/entitlements.js';
import type { ServerContext } from '../server-context.js';
import { KEY_ID_PATTERN, type ServerKeySet } from '../../common/entitlement-payload.js';

const grantSchema = z.object({ userId: z.string().min(1).max(100), courseId: z.string().min(1).max(100) }).strict();
/** Revoking ends the administrators' own grant; `all` ends every source (purchases and seats included), as a deliberate act. */
const revokeSchema = grantSchema.extend({ source: z.enum(['grant', 'all']).default('grant') }).strict();

/** Administration: grant and revoke entitlements by hand (institutions, support). Admins only. */
export function registerAdminRoutes(app: FastifyInstance, context: ServerContext): void {
  const requireAdmin = async (request: Parameters<typeof requireCaller>[1]) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Administrators only.');
    return caller;
  };

  app.post('/v1/admin/entitlements', async (request, reply) => {
    await requireAdmin(request);
    const { userId, courseId } = parseWith(grantSchema, request.body);
    await context.documents.serverTransaction(async (tx, write) => {
      if (!(await tx.get('SELECT id FROM users WHERE id = ?', [userId])))
        throw new DomainError('NOT_FOUND', 'No such user.');
      if (
        !(await tx.get("SELECT id FROM documents WHERE collection = 'courses' AND id = ? AND is_public = 1", [
          courseId,
        ]))
      )
        throw new DomainError('NOT_FOUND', 'No such course.');
      await addGrant(
        tx,
        context.entitlements,
        write,
        { userId, courseId, source: 'grant', ref: 'admin' },
        context.now(),
      );
    });
    return reply.status(201).send({ entitlement: await readEntitlement(context.db, userId, courseId) });
  });

  app.post('/v1/admin/entitlements/revoke', async (request) => {
    await requireAdmin(request);
    const { userId, courseId, source } = parseWith(revokeSchema, request.body);
    await context.documents.serverTransaction(async (tx, write) => {
      const grants = await tx.all<{ source: 'purchase' | 'grant' | 'redeem' | 'free'; source_ref: string }>(
        'SELECT source, source_ref FROM entitlement_grants WHERE user_id = ? AND course_id = ? AND revoked_at IS NULL',
        [userId, courseId],
      );
      const ending = grants.filter((grant) => source === 'all' || grant.source === 'grant');
      if (ending.length === 0)
        throw new DomainError(
          'NOT_FOUND',
          source === 'all' ? 'No such entitlement.' : 'No administrator grant of this course to this learner.',
        );
      for (const grant of ending)
        await endGrant(
          tx,
          context.entitlements,
          write,
          { userId, courseId, source: grant.source, ref: grant.source_ref },
          context.now(),
        );
    });
    return { entitlement: await readEntitlement(context.db, userId, courseId) };
  });

  app.post<{ Params: { orderId: string } }>('/v1/admin/orders/:orderId/refund', async (request) => {
    await requireAdmin(request);
    const { courseIds } = parseWith(
      z.object({ courseIds: z.array(z.string().min(1).max(100)).min(1).max(20) }).strict(),
      request.body,
    );
    const orderId = parseWith(z.string().regex(/^ord_[A-Za-z0-9_-]{1,40}$/), request.params.orderId);
    return context.orders.refund(orderId, courseIds);
  });

  app.post('/v1/admin/bundles', async (request, reply) => {
    await requireAdmin(request);
    const bundle = parseWith(
      z
        .object({
          title: z.string().trim().min(1).max(200),
          courseIds: z.array(z.string().min(1).max(100)).min(2).max(20),
          priceAmount: z.number().int().positive(),
          currency: z.enum(['CNY', 'USD', 'EUR']),
        })
        .strict(),
      request.body,
    );
    for (const courseId of bundle.courseIds) {
      const row = await context.db.get<{ data: string }>(
        "SELECT data FROM documents WHERE collection = 'courses' AND id = ? AND is_public = 1",
        [courseId],
      );
      if (!row) throw new DomainError('NOT_FOUND', `No published course ${courseId}.`);
    }
    const id = `bundle_${newId('b').slice(2)}`;
    await context.db.run(
      'INSERT INTO bundles (id, title, course_ids, price_amount, currency, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [
        id,
        bundle.title,
        JSON.stringify([...new Set(bundle.courseIds)]),
        bundle.priceAmount,
        bundle.currency,
        context.now(),
      ],
    );
    return reply.status(201).send({ bundle: { id, ...bundle } });
  });

  app.post('/v1/admin/coupons', async (request, reply) => {
    await requireAdmin(request);
    const coupon = parseWith(
      z
        .object({
          code: z
            .string()
            .trim()
            .toUpperCase()
            .regex(/^[A-Z0-9-]{3,40}$/),
          kind: z.enum(['percent', 'fixed']),
          value: z.number().int().positive(),
          currency: z.enum(['CNY', 'USD', 'EUR']).optional(),
          validFrom: z.number().int().nonnegative(),
          validUntil: z.number().int().positive(),
          maxRedemptions: z.number().int().min(1).max(1_000_000),
          /** Uses one learner may hold (paid or waiting for payment); 1 unless said otherwise. */
          maxPerLearner: z.number().int().min(1).max(1000).default(1),
        })
        .strict()
        .refine((c) => c.validUntil > c.validFrom, 'validUntil must be after validFrom')
        .refine(
          (c) => (c.kind === 'percent' ? c.value <= 100 : c.currency !== undefined),
          'a percentage is at most 100; a fixed amount needs its currency',
        ),
      request.body,
    );
    const inserted = await context.db.run(
      'INSERT INTO coupons (code, kind, value, currency, valid_from, valid_until, max_redemptions, max_per_learner, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING',
      [
        coupon.code,
        coupon.kind,
        coupon.value,
        coupon.currency ?? null,
        coupon.validFrom,
        coupon.validUntil,
        coupon.maxRedemptions,
        coupon.maxPerLearner,
        context.now(),
      ],
    );
    if (inserted.changes === 0) throw new DomainError('CONFLICT', 'A coupon with this code exists.');
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
