import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { signUpAndIn } from './server-harness.js';
import { entitlementsOf, order, ordersOf, paymentsHarness } from './payments-harness.js';

const { cleanups, server } = paymentsHarness();

describe('real Stripe (the official SDK against a local stand-in speaking its wire format)', () => {
  async function stripeStandIn() {
    const sessions = new Map<string, Record<string, unknown>>();
    const idempotencyKeys: string[] = [];
    const events: Record<string, unknown>[] = [];
    const refunds: URLSearchParams[] = [];
    /** What each checkout was created with, as the SDK sent it (form-encoded). */
    const sessionForms: URLSearchParams[] = [];
    const readBody = async (request: IncomingMessage) => {
      let body = '';
      for await (const chunk of request) body += String(chunk);
      return new URLSearchParams(body);
    };
    const standIn = createServer((request, response) => {
      void (async () => {
        response.setHeader('content-type', 'application/json');
        if (request.method === 'POST' && request.url === '/v1/checkout/sessions') {
          const form = await readBody(request);
          sessionForms.push(form);
          idempotencyKeys.push(String(request.headers['idempotency-key']));
          const id = `cs_test_${sessions.size + 1}`;
          const session = {
            id,
            object: 'checkout.session',
            url: `https://checkout.stripe.com/c/pay/${id}`,
            payment_status: 'unpaid',
            status: 'open',
            payment_intent: `pi_${sessions.size + 1}`,
            client_reference_id: form.get('client_reference_id'),
          };
          sessions.set(id, session);
          return response.end(JSON.stringify(session));
        }
        if (request.method === 'GET' && request.url?.startsWith('/v1/events')) {
          return response.end(JSON.stringify({ object: 'list', url: '/v1/events', has_more: false, data: events }));
        }
        if (request.method === 'POST' && request.url === '/v1/refunds') {
          const form = await readBody(request);
          idempotencyKeys.push(String(request.headers['idempotency-key']));
          refunds.push(form);
          return response.end(
            JSON.stringify({
              id: `re_${refunds.length}`,
              object: 'refund',
              status: 'succeeded',
              amount: Number(form.get('amount')),
            }),
          );
        }
        const match = /^\/v1\/checkout\/sessions\/([\w]+)/.exec(request.url ?? '');
        if (request.method === 'GET' && match && sessions.has(match[1]!)) {
          const session = sessions.get(match[1]!)!;
          const expanded = (request.url ?? '').includes('expand');
          return response.end(
            JSON.stringify(
              expanded
                ? {
                    ...session,
                    payment_intent: {
                      id: session.payment_intent,
                      object: 'payment_intent',
                      latest_charge: {
                        id: 'ch_1',
                        object: 'charge',
                        receipt_url: `https://pay.stripe.com/receipts/${String(session.id)}`,
                      },
                    },
                  }
                : session,
            ),
          );
        }
        response.statusCode = 404;
        response.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'No such resource' } }));
      })();
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => standIn.close(() => resolve())));
    return {
      url: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`,
      sessions,
      idempotencyKeys,
      events,
      refunds,
      sessionForms,
    };
  }

  it('offers Alipay and WeChat Pay (with its web QR code) besides cards when the account has them', async () => {
    const stripeApi = await stripeStandIn();
    const api = await server({
      STRIPE_SECRET_KEY: 'sk_test_zhiku',
      STRIPE_WEBHOOK_SECRET: 'whsec_test_secret_for_zhiku',
      ZHIKU_STRIPE_API_BASE: stripeApi.url,
      ZHIKU_STRIPE_PAYMENT_METHODS: 'card,alipay,wechat_pay',
    });
    const learner = await signUpAndIn(api, 'alipay@example.com');
    expect((await order(api, learner, ['ml-foundations'])).status).toBe(201);
    const form = stripeApi.sessionForms[0]!;
    // The demo course is priced in US dollars: both wallets present in USD.
    expect([0, 1, 2, 3].map((n) => form.get(`allowed_payment_method_types[${n}]`))).toEqual([
      'card',
      'alipay',
      'wechat_pay',
      null,
    ]);
    expect(form.get('payment_method_options[wechat_pay][client]')).toBe('web');
    expect(form.get('line_items[0][price_data][currency]')).toBe('usd');
  });

  it('offers cards alone by default, and refuses to start with a method it does not know', async () => {
    const stripeApi = await stripeStandIn();
    const api = await server({
      STRIPE_SECRET_KEY: 'sk_test_zhiku',
      STRIPE_WEBHOOK_SECRET: 'whsec_test_secret_for_zhiku',
      ZHIKU_STRIPE_API_BASE: stripeApi.url,
    });
    const learner = await signUpAndIn(api, 'card@example.com');
    expect((await order(api, learner, ['ml-foundations'])).status).toBe(201);
    expect(stripeApi.sessionForms[0]!.get('allowed_payment_method_types[0]')).toBe('card');
    expect(stripeApi.sessionForms[0]!.get('allowed_payment_method_types[1]')).toBeNull();
    expect(stripeApi.sessionForms[0]!.get('payment_method_options[wechat_pay][client]')).toBeNull();
    await expect(
      server({
        STRIPE_SECRET_KEY: 'sk_test_zhiku',
        STRIPE_WEBHOOK_SECRET: 'whsec_test_secret_for_zhiku',
        ZHIKU_STRIPE_PAYMENT_METHODS: 'card,paypal',
      }),
    ).rejects.toThrow(/not payment methods: paypal/);
  });

  it('creates the checkout with an idempotency key, and grants only on a correctly signed webhook', async () => {
    const stripeApi = await stripeStandIn();
    const secret = 'whsec_test_secret_for_zhiku';
    const api = await server({
      STRIPE_SECRET_KEY: 'sk_test_zhiku',
      STRIPE_WEBHOOK_SECRET: secret,
      ZHIKU_STRIPE_API_BASE: stripeApi.url,
    });
    const learner = await signUpAndIn(api, 'stripe@example.com');
    const created = await order(api, learner, ['ml-foundations']);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ testMode: false, checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_1' });
    expect(stripeApi.idempotencyKeys).toEqual([`zhiku-checkout-${created.body.orderId}`]);

    const payload = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'checkout.session.completed',
      data: {
        object: {
          id: 'cs_test_1',
          object: 'checkout.session',
          client_reference_id: created.body.orderId,
          payment_status: 'paid',
        },
      },
    });
    const deliver = (signature: string) =>
      fetch(`${api.url}/v1/payments/stripe/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body: payload,
      });
    const stripe = new Stripe('sk_test_zhiku');

    expect((await deliver('t=1,v1=deadbeef')).status).toBe(400);
    expect(
      (await deliver(stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' }))).status,
    ).toBe(400);
    expect(await entitlementsOf(api, learner)).toEqual([]);

    // Stripe's own state says paid when the event arrives (the order service re-reads it).
    stripeApi.sessions.get('cs_test_1')!.payment_status = 'paid';
    const first = await deliver(stripe.webhooks.generateTestHeaderString({ payload, secret }));
    expect(await first.json()).toEqual({ received: true, outcome: 'processed' });
    expect(await (await deliver(stripe.webhooks.generateTestHeaderString({ payload, secret }))).json()).toEqual({
      received: true,
      outcome: 'duplicate',
    });
    expect(await entitlementsOf(api, learner)).toMatchObject([{ courseId: 'ml-foundations', source: 'purchase' }]);
    expect(await ordersOf(api, learner)).toMatchObject([
      { status: 'paid', receiptUrl: 'https://pay.stripe.com/receipts/cs_test_1' },
    ]);
    expect((await api.call('GET', '/v1/test-checkout/cs_test_local_abcdefghijkl')).status).toBe(404);

    // A refund goes to Stripe with our metadata; its signed event revokes the course.
    const boss = await signUpAndIn(api, 'stripe-boss@example.com');
    await api.context.auth.setRole(boss.userId, 'admin');
    expect(
      (
        await api.call('POST', `/v1/admin/orders/${created.body.orderId}/refund`, {
          token: boss.accessToken,
          body: { courseIds: ['ml-foundations'] },
        })
      ).body,
    ).toMatchObject({ refundId: 're_1', amount: 4900 });
    expect(stripeApi.refunds[0]?.get('payment_intent')).toBe('pi_1');
    expect(stripeApi.refunds[0]?.get('metadata[courseIds]')).toBe('ml-foundations');
    expect(stripeApi.idempotencyKeys.at(-1)).toBe(`zhiku-refund-${created.body.orderId}-ml-foundations`);
    expect(await entitlementsOf(api, learner)).toMatchObject([{ courseId: 'ml-foundations' }]);
    const refundPayload = JSON.stringify({
      id: 'evt_refund',
      object: 'event',
      type: 'refund.created',
      data: {
        object: {
          id: 're_1',
          object: 'refund',
          status: 'succeeded',
          metadata: { orderId: created.body.orderId, courseIds: 'ml-foundations' },
        },
      },
    });
    const refunded = await fetch(`${api.url}/v1/payments/stripe/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: refundPayload, secret }),
      },
      body: refundPayload,
    });
    expect(await refunded.json()).toEqual({ received: true, outcome: 'processed' });
    expect(((await entitlementsOf(api, learner)) as unknown as { revokedAt?: number }[])[0]?.revokedAt).toBeGreaterThan(
      0,
    );
  });

  it('revokes the whole order when its charge is disputed', async () => {
    const stripeApi = await stripeStandIn();
    const secret = 'whsec_test_secret_for_zhiku';
    const api = await server({
      STRIPE_SECRET_KEY: 'sk_test_zhiku',
      STRIPE_WEBHOOK_SECRET: secret,
      ZHIKU_STRIPE_API_BASE: stripeApi.url,
    });
    const stripe = new Stripe('sk_test_zhiku');
    const deliver = (payload: string) =>
      fetch(`${api.url}/v1/payments/stripe/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }),
        },
        body: payload,
      }).then((r) => r.json() as Promise<{ outcome: string }>);
    const learner = await signUpAndIn(api, 'dispute@example.com');
    const created = await order(api, learner, ['algorithms-intro', 'python-data']);
    stripeApi.sessions.get('cs_test_1')!.payment_status = 'paid';
    await deliver(
      JSON.stringify({
        id: 'evt_paid',
        object: 'event',
        type: 'checkout.session.completed',
        data: {
          object: {
            id: 'cs_test_1',
            object: 'checkout.session',
            client_reference_id: created.body.orderId,
            payment_status: 'paid',
            payment_intent: 'pi_1',
          },
        },
      }),
    );
    expect(await entitlementsOf(api, learner)).toHaveLength(2);
    const dispute = JSON.stringify({
      id: 'evt_dispute',
      object: 'event',
      type: 'charge.dispute.created',
      data: { object: { id: 'dp_1', object: 'dispute', payment_intent: 'pi_1', amount: 34800 } },
    });
    expect(await deliver(dispute)).toMatchObject({ outcome: 'processed' });
    expect(await deliver(dispute)).toMatchObject({ outcome: 'duplicate' });
    const after = (await entitlementsOf(api, learner)) as unknown as { revokedAt?: number }[];
    expect(after.every((e) => (e.revokedAt ?? 0) > 0)).toBe(true);
  });

  it('fixes an order whose webhook never arrived, by reconciliation', async () => {
    const stripeApi = await stripeStandIn();
    const api = await server({
      STRIPE_SECRET_KEY: 'sk_test_zhiku',
      STRIPE_WEBHOOK_SECRET: 'whsec_test_secret_for_zhiku',
      ZHIKU_STRIPE_API_BASE: stripeApi.url,
    });
    const learner = await signUpAndIn(api, 'missed@example.com');
    const boss = await signUpAndIn(api, 'boss@example.com');
    await api.context.auth.setRole(boss.userId, 'admin');
    const created = await order(api, learner, ['product-management']);
    stripeApi.sessions.get('cs_test_1')!.payment_status = 'paid';
    // Stripe recorded the event, but the delivery was lost.
    stripeApi.events.push({
      id: 'evt_missed',
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: 'cs_test_1',
          object: 'checkout.session',
          client_reference_id: created.body.orderId,
          payment_status: 'paid',
        },
      },
    });
    expect(await entitlementsOf(api, learner)).toEqual([]);

    expect((await api.call('POST', '/v1/admin/payments/reconcile', { token: learner.accessToken })).status).toBe(403);
    expect((await api.call('POST', '/v1/admin/payments/reconcile', { token: boss.accessToken })).body).toEqual({
      processed: 1,
      duplicate: 0,
      ignored: 0,
    });
    expect(await entitlementsOf(api, learner)).toMatchObject([{ courseId: 'product-management' }]);
    expect(await ordersOf(api, learner)).toMatchObject([{ status: 'paid' }]);
    expect((await api.call('POST', '/v1/admin/payments/reconcile', { token: boss.accessToken })).body).toEqual({
      processed: 0,
      duplicate: 1,
      ignored: 0,
    });
  });
});
