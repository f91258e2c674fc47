import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { z } from 'zod';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

const orderRequestSchema = z
  .object({
    courseIds: z.array(z.string().min(1).max(100)).max(20).default([]),
    bundleId: z.string().min(1).max(100).optional(),
    couponCode: z.string().trim().min(3).max(40).optional(),
  })
  .strict()
  .refine(
    (body) => (body.bundleId === undefined) !== (body.courseIds.length === 0),
    'give either courseIds or a bundleId',
  );
const sessionParam = z.string().regex(/^cs_test_local_[A-Za-z0-9_-]{10,40}$/);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Orders and payments. Access is granted only when the provider's event says the payment
 * went through (Stripe's signed webhook, or the local test checkout), never by a redirect.
 */
export function registerPaymentRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post('/v1/orders', async (request, reply) => {
    const caller = await requireCaller(context.auth, request);
    const { email } = await context.auth.profile(caller.userId);
    const { courseIds, couponCode, bundleId } = parseWith(orderRequestSchema, request.body);
    return reply
      .status(201)
      .send(await context.orders.createOrder({ ...caller, email }, courseIds, couponCode, bundleId));
  });

  // A creator's sales: what each of their courses sold, when, and whether it was refunded. Never the buyers.
  app.get('/v1/creator/sales', async (request) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'creator' && caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Creators only.');
    const rows = await context.db.all<{
      order_id: string;
      course_id: string;
      amount: number;
      currency: string;
      paid_at: number;
      refunded_at: number | null;
    }>(
      'SELECT order_id, course_id, amount, currency, paid_at, refunded_at FROM sales WHERE creator_id = ? ORDER BY paid_at DESC LIMIT 1000',
      [caller.userId],
    );
    return {
      sales: rows.map((row) => ({
        orderId: row.order_id,
        courseId: row.course_id,
        amount: Number(row.amount),
        currency: row.currency,
        paidAt: Number(row.paid_at),
        refundedAt: row.refunded_at === null ? null : Number(row.refunded_at),
      })),
    };
  });

  app.get('/v1/creator/learners', async (request) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'creator' && caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Creators only.');
    const courses = await context.db.all<{ id: string }>(
      "SELECT id FROM documents WHERE collection = 'courses' AND owner_id = ? AND deleted = 0",
      [caller.userId],
    );
    const result: { courseId: string; learners: number; averageCompletion: number }[] = [];
    for (const { id: courseId } of courses) {
      const entitlements = await context.db.all<{ owner_id: string; data: string }>(
        "SELECT owner_id, data FROM documents WHERE collection = 'entitlements' AND parent_id = ? AND deleted = 0",
        [courseId],
      );
      const learners = entitlements
        .filter((row) => (JSON.parse(row.data) as { revokedAt?: number }).revokedAt === undefined)
        .map((row) => row.owner_id);
      let completion = 0;
      // Progress documents are one per learner and course: `<userId>:<courseId>`.
      for (let i = 0; i < learners.length; i += 500) {
        const ids = learners.slice(i, i + 500).map((userId) => `${userId}:${courseId}`);
        const rows = await context.db.all<{ data: string }>(
          `SELECT data FROM documents WHERE collection = 'progress' AND deleted = 0 AND id IN (${ids.map(() => '?').join(', ')})`,
          ids,
        );
        for (const row of rows) completion += Number((JSON.parse(row.data) as { completion?: number }).completion ?? 0);
      }
      result.push({
        courseId,
        learners: learners.length,
        averageCompletion: learners.length === 0 ? 0 : Math.round((completion / learners.length) * 1000) / 1000,
      });
    }
    return { courses: result };
  });

  app.post<{ Params: { orderId: string } }>('/v1/orders/:orderId/cancel', async (request, reply) => {
    const caller = await requireCaller(context.auth, request);
    await context.orders.cancel(
      caller,
      parseWith(z.string().regex(/^ord_[A-Za-z0-9_-]{1,40}$/), request.params.orderId),
    );
    return reply.status(204).send();
  });

  const { stripeSecretKey, stripeWebhookSecret, payments } = context.config;
  if (payments === 'stripe' && stripeSecretKey && stripeWebhookSecret) {
    const stripe = new Stripe(stripeSecretKey, { telemetry: false });
    // Signatures are over the exact bytes Stripe sent: this route keeps the raw body.
    void app.register(async (raw) => {
      raw.removeContentTypeParser('application/json');
      raw.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      raw.post('/v1/payments/stripe/webhook', async (request) => {
        let event: Stripe.Event;
        try {
          event = stripe.webhooks.constructEvent(
            request.body as Buffer,
            String(request.headers['stripe-signature'] ?? ''),
            stripeWebhookSecret,
          );
        } catch {
          throw new DomainError('INVALID_INPUT', 'The webhook signature is not valid.');
        }
        return { received: true, outcome: await context.orders.applyEvent(event as never) };
      });
    });
    return;
  }
  // No payments mode, no checkout of any kind (a production server refuses to start this way).
  if (payments !== 'test') return;

  // The embedded default: a test checkout on this server, clearly labelled, driving the same event path.
  // Its page posts a plain HTML form; the form carries nothing the server reads.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) =>
    done(null, {}),
  );
  app.get<{ Params: { sessionId: string } }>('/v1/test-checkout/:sessionId', async (request, reply) => {
    const sessionId = parseWith(sessionParam, request.params.sessionId);
    const checkout = await context.db.get<{ order_id: string; payment_status: string }>(
      'SELECT order_id, payment_status FROM checkouts WHERE session_id = ?',
      [sessionId],
    );
    if (!checkout) throw new DomainError('NOT_FOUND', 'No such test checkout.');
    const order = await context.db.get<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'orders' AND id = ?",
      [checkout.order_id],
    );
    const total = order
      ? (JSON.parse(order.data) as { totalAmount: number; currency: string })
      : { totalAmount: 0, currency: '' };
    const amount = `${(total.totalAmount / 100).toFixed(2)} ${total.currency}`;
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>测试付款 · Test payment</title>
<body style="font-family:sans-serif;max-width:520px;margin:10vh auto;line-height:1.6">
<p style="background:#fbeed2;color:#8a5a00;padding:8px 12px;border-radius:6px"><strong>测试付款，不会扣款 · TEST PAYMENT — no money moves</strong></p>
<h1>知库 · Zhiku</h1><p>订单 Order <code>${escapeHtml(checkout.order_id)}</code>: <strong>${escapeHtml(amount)}</strong></p>
${checkout.payment_status === 'paid' ? '<p>已付款 · Paid</p>' : `<form method="post" action="/v1/test-checkout/${escapeHtml(sessionId)}/pay"><button type="submit" style="font-size:18px;padding:8px 20px">模拟付款 · Pay (test)</button></form>`}
</body></html>`;
  });

  app.post<{ Params: { sessionId: string } }>('/v1/test-checkout/:sessionId/pay', async (request, reply) => {
    const sessionId = parseWith(sessionParam, request.params.sessionId);
    const checkout = await context.db.get<{ order_id: string }>('SELECT order_id FROM checkouts WHERE session_id = ?', [
      sessionId,
    ]);
    if (!checkout) throw new DomainError('NOT_FOUND', 'No such test checkout.');
    // Like a real checkout: once paid, expired or given up, it takes no more payments.
    const order = await context.db.get<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'orders' AND id = ?",
      [checkout.order_id],
    );
    const status = order ? (JSON.parse(order.data) as { status: string }).status : 'missing';
    if (status !== 'pending') throw new DomainError('CONFLICT', `This checkout is closed: its order is ${status}.`);
    await context.db.run("UPDATE checkouts SET payment_status = 'paid', updated_at = ? WHERE session_id = ?", [
      context.now(),
      sessionId,
    ]);
    const outcome = await context.orders.applyEvent({
      id: `evt_test_local_${randomBytes(12).toString('base64url')}`,
      type: 'checkout.session.completed',
      data: { object: { id: sessionId, client_reference_id: checkout.order_id, payment_status: 'paid' } },
    });
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .send(
        `<!doctype html><meta charset="utf-8"><p>测试付款完成，可以回到知库 · Test payment done (${outcome}). You can return to Zhiku.</p>`,
      );
  });
}
