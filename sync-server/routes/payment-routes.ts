import { testCheckoutPage } from '../payments/test-checkout-page.js';
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { z } from 'zod';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';
import { orderRequestSchema } from '../../common/server-api/requests.js';

const sessionParam = z.string().regex(/^cs_test_local_[A-Za-z0-9_-]{10,40}$/);

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
    return { sales: await context.reports.sales(caller.userId) };
  });

  app.get('/v1/creator/learners', async (request) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'creator' && caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Creators only.');
    return { courses: await context.reports.reach(caller.userId) };
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
        // The account's endpoint, or a Connect endpoint (payout accounts' events) at the same URL.
        const secrets = [stripeWebhookSecret, context.config.stripeConnectWebhookSecret].filter(
          (secret): secret is string => Boolean(secret),
        );
        let event: Stripe.Event | undefined;
        for (const secret of secrets) {
          try {
            event = stripe.webhooks.constructEvent(
              request.body as Buffer,
              String(request.headers['stripe-signature'] ?? ''),
              secret,
            );
            break;
          } catch {
            // Not signed with this secret: try the next.
          }
        }
        if (!event) throw new DomainError('INVALID_INPUT', 'The webhook signature is not valid.');
        // Connect events (an account's onboarding) for creators' payout accounts; the rest are orders'.
        if (event.type === 'account.updated')
          return { received: true, outcome: await context.payouts.applyAccountEvent(event) };
        // Memberships: subscription checkouts, their invoices and subscriptions.
        if (await context.membershipEvents.handles(event as never))
          return { received: true, outcome: await context.memberships.apply(event as never) };
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
    const checkout = await context.testCheckout.view(sessionId);
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    return testCheckoutPage(sessionId, checkout);
  });

  app.post<{ Params: { sessionId: string } }>('/v1/test-checkout/:sessionId/pay', async (request, reply) => {
    const sessionId = parseWith(sessionParam, request.params.sessionId);
    const outcome = await context.testCheckout.pay(sessionId);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .send(
        `<!doctype html><meta charset="utf-8"><p>测试付款完成，可以回到知库 · Test payment done (${outcome}). You can return to Zhiku.</p>`,
      );
  });
}
