import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { useCleanups, useTempDirs } from '../../tests/helpers.js';
import type { PaymentEvent } from '../payments/order-service.js';
import { publishCourse, signUpAndIn, startTestServer, type Session, type TestServer } from './server-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
async function server(env: Record<string, string> = {}) {
  const started = await startTestServer(newDir(), env);
  cleanups.push(() => started.close());
  return started;
}

type Order = { orderId: string; checkoutUrl: string; testMode: boolean };
const order = (api: TestServer, session: Session, courseIds: string[]) =>
  api.call<Order & { error?: { code: string } }>('POST', '/v1/orders', {
    token: session.accessToken,
    body: { courseIds },
  });
const entitlementsOf = async (api: TestServer, session: Session) =>
  (
    await api.call<{ documents: { courseId: string; source: string; orderId?: string }[] }>(
      'GET',
      '/v1/sync/entitlements/pull',
      { token: session.accessToken },
    )
  ).body.documents;
const ordersOf = async (api: TestServer, session: Session) =>
  (
    await api.call<{ documents: { id: string; status: string }[] }>('GET', '/v1/sync/orders/pull', {
      token: session.accessToken,
    })
  ).body.documents;
const contentStatus = (api: TestServer, session: Session, lessonId: string) =>
  fetch(`${api.url}/v1/content/lessons/${lessonId}`, {
    headers: { authorization: `Bearer ${session.accessToken}` },
  }).then((r) => r.status);

describe('the embedded test checkout (no Stripe keys)', () => {
  it('takes a learner from order to owned course through the same event path, clearly labelled as a test', async () => {
    const api = await server();
    const learner = await signUpAndIn(api, 'buyer@example.com');
    const created = await order(api, learner, ['algorithms-intro']);
    expect(created.status).toBe(201);
    expect(created.body.testMode).toBe(true);
    expect(await ordersOf(api, learner)).toMatchObject([{ id: created.body.orderId, status: 'pending' }]);
    expect(await contentStatus(api, learner, 'algo-l3')).toBe(403);

    // The redirect grants nothing: only the payment event does.
    const page = await (await fetch(created.body.checkoutUrl)).text();
    expect(page).toContain('TEST PAYMENT');
    expect(page).toContain('199.00 CNY');
    const pay = await fetch(`${created.body.checkoutUrl}/pay`, { method: 'POST' });
    expect(pay.status).toBe(200);

    expect(await ordersOf(api, learner)).toMatchObject([{ status: 'paid', receiptUrl: created.body.checkoutUrl }]);
    expect(await entitlementsOf(api, learner)).toMatchObject([
      { courseId: 'algorithms-intro', source: 'purchase', orderId: created.body.orderId },
    ]);
    expect(await contentStatus(api, learner, 'algo-l3')).toBe(200);
    // Paying again changes nothing.
    await fetch(`${created.body.checkoutUrl}/pay`, { method: 'POST' });
    expect(await entitlementsOf(api, learner)).toHaveLength(1);
  });

  it('refuses orders that make no sense, and writes nothing for them', async () => {
    const api = await server();
    const learner = await signUpAndIn(api, 'careful@example.com');
    expect((await order(api, learner, ['typography-screens'])).status).toBe(400);
    expect((await order(api, learner, ['no-such-course'])).status).toBe(404);
    expect((await order(api, learner, ['algorithms-intro', 'typescript-practice'])).body.error?.code).toBe(
      'INVALID_INPUT',
    );
    expect((await api.call('POST', '/v1/orders', { token: learner.accessToken, body: { courseIds: [] } })).status).toBe(
      400,
    );
    expect((await api.call('POST', '/v1/orders', { body: { courseIds: ['algorithms-intro'] } })).status).toBe(401);
    expect(await ordersOf(api, learner)).toEqual([]);
  });

  it('applies each event exactly once under duplicate and concurrent delivery, and in any order', async () => {
    const api = await server();
    const learner = await signUpAndIn(api, 'race@example.com');
    const created = await order(api, learner, ['python-data']);
    const sessionId = new URL(created.body.checkoutUrl).pathname.split('/').pop()!;
    await api.context.db.run("UPDATE checkouts SET payment_status = 'paid' WHERE session_id = ?", [sessionId]);
    const event = (id: string, type: string): PaymentEvent => ({
      id,
      type,
      data: { object: { id: sessionId, client_reference_id: created.body.orderId, payment_status: 'paid' } },
    });

    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => api.context.orders.applyEvent(event('evt_same', 'checkout.session.completed'))),
    );
    expect(outcomes.filter((o) => o === 'processed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(5);
    // A second, different event for the same payment grants nothing more; a late "expired" does not undo it.
    expect(await api.context.orders.applyEvent(event('evt_async', 'checkout.session.async_payment_succeeded'))).toBe(
      'processed',
    );
    expect(await api.context.orders.applyEvent(event('evt_late', 'checkout.session.expired'))).toBe('processed');
    expect(await entitlementsOf(api, learner)).toHaveLength(1);
    expect(await ordersOf(api, learner)).toMatchObject([{ status: 'paid' }]);
    const writes = await api.context.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM documents WHERE collection = 'entitlements'",
    );
    expect(writes).toEqual({ n: 1 });
  });

  it('expires an unpaid order and grants nothing', async () => {
    const api = await server();
    const learner = await signUpAndIn(api, 'late@example.com');
    const created = await order(api, learner, ['python-data']);
    const sessionId = new URL(created.body.checkoutUrl).pathname.split('/').pop()!;
    expect(
      await api.context.orders.applyEvent({
        id: 'evt_exp',
        type: 'checkout.session.expired',
        data: { object: { id: sessionId } },
      }),
    ).toBe('processed');
    expect(await ordersOf(api, learner)).toMatchObject([{ status: 'expired' }]);
    expect(await entitlementsOf(api, learner)).toEqual([]);
  });
});

describe('refunds', () => {
  it('revoke exactly the refunded line items, never the rest of the order', async () => {
    const api = await server();
    const learner = await signUpAndIn(api, 'refund@example.com');
    const boss = await signUpAndIn(api, 'refund-boss@example.com');
    await api.context.auth.setRole(boss.userId, 'admin');
    const created = await order(api, learner, ['algorithms-intro', 'python-data']);
    await fetch(`${created.body.checkoutUrl}/pay`, { method: 'POST' });
    expect((await entitlementsOf(api, learner)).map((e) => e.courseId).sort()).toEqual([
      'algorithms-intro',
      'python-data',
    ]);

    const refund = (courseIds: string[]) =>
      api.call<{ amount: number }>('POST', `/v1/admin/orders/${created.body.orderId}/refund`, {
        token: boss.accessToken,
        body: { courseIds },
      });
    expect(
      (
        await api.call('POST', `/v1/admin/orders/${created.body.orderId}/refund`, {
          token: learner.accessToken,
          body: { courseIds: ['python-data'] },
        })
      ).status,
    ).toBe(403);
    expect((await refund(['typescript-practice'])).status).toBe(400);
    expect(await refund(['python-data'])).toMatchObject({ status: 200, body: { amount: 14900 } });

    const entitlements = (await entitlementsOf(api, learner)) as unknown as { courseId: string; revokedAt?: number }[];
    expect(entitlements.find((e) => e.courseId === 'python-data')?.revokedAt).toBeGreaterThan(0);
    expect(entitlements.find((e) => e.courseId === 'algorithms-intro')?.revokedAt).toBeUndefined();
    expect(await ordersOf(api, learner)).toMatchObject([{ status: 'partially_refunded' }]);
    expect(await contentStatus(api, learner, 'py-l3')).toBe(403);
    expect(await contentStatus(api, learner, 'algo-l3')).toBe(200);

    expect((await refund(['python-data'])).status).toBe(409);
    expect((await refund(['algorithms-intro'])).status).toBe(200);
    expect(await ordersOf(api, learner)).toMatchObject([{ status: 'refunded' }]);
    // The demo catalog's creators are not accounts; their sales are recorded under their ids.
    const sales = await api.context.db.all<{ course_id: string; creator_id: string; refunded_at: number | null }>(
      'SELECT course_id, creator_id, refunded_at FROM sales ORDER BY course_id',
    );
    expect(sales.map((s) => [s.course_id, s.creator_id, s.refunded_at !== null])).toEqual([
      ['algorithms-intro', 'creator-lin-xiao', true],
      ['python-data', 'creator-zhou-ning', true],
    ]);
    expect(await contentStatus(api, learner, 'algo-l3')).toBe(403);
  });
});

describe('real Stripe (the official SDK against a local stand-in speaking its wire format)', () => {
  async function stripeStandIn() {
    const sessions = new Map<string, Record<string, unknown>>();
    const idempotencyKeys: string[] = [];
    const events: Record<string, unknown>[] = [];
    const refunds: URLSearchParams[] = [];
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
    };
  }

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

describe('bundles', () => {
  it('sell several courses for one price, and a partial refund revokes only the refunded course', async () => {
    const api = await server();
    const boss = await signUpAndIn(api, 'bundle-boss@example.com');
    await api.context.auth.setRole(boss.userId, 'admin');
    const created = await api.call<{ bundle: { id: string } }>('POST', '/v1/admin/bundles', {
      token: boss.accessToken,
      body: {
        title: '数据科学全家桶',
        courseIds: ['algorithms-intro', 'python-data', 'startup-finance'],
        priceAmount: 29900,
        currency: 'CNY',
      },
    });
    expect(created.status).toBe(201);
    const learner = await signUpAndIn(api, 'bundle@example.com');
    const bought = await api.call<Order & { totalAmount: number }>('POST', '/v1/orders', {
      token: learner.accessToken,
      body: { bundleId: created.body.bundle.id },
    });
    expect(bought.body.totalAmount).toBe(29900);
    expect(
      (
        await api.call('POST', '/v1/orders', {
          token: learner.accessToken,
          body: { bundleId: created.body.bundle.id, courseIds: ['python-data'] },
        })
      ).status,
    ).toBe(400);
    await fetch(`${bought.body.checkoutUrl}/pay`, { method: 'POST' });
    expect((await entitlementsOf(api, learner)).map((e) => e.courseId).sort()).toEqual([
      'algorithms-intro',
      'python-data',
      'startup-finance',
    ]);
    const orders = (
      await api.call<{ documents: { items: { courseId: string; amount: number }[] }[] }>(
        'GET',
        '/v1/sync/orders/pull',
        { token: learner.accessToken },
      )
    ).body.documents;
    expect(orders[0]!.items.reduce((sum, item) => sum + item.amount, 0)).toBe(29900);

    const refund = await api.call<{ amount: number }>('POST', `/v1/admin/orders/${bought.body.orderId}/refund`, {
      token: boss.accessToken,
      body: { courseIds: ['python-data'] },
    });
    expect(refund.body.amount).toBe(orders[0]!.items.find((i) => i.courseId === 'python-data')!.amount);
    const after = (await entitlementsOf(api, learner)) as unknown as { courseId: string; revokedAt?: number }[];
    expect(after.filter((e) => e.revokedAt !== undefined).map((e) => e.courseId)).toEqual(['python-data']);
  });
});

describe('sales records', () => {
  it('show a creator what their own courses sold, and nothing of others', async () => {
    const api = await server();
    const creator = await signUpAndIn(api, 'maker@example.com', { role: 'creator' });
    await publishCourse(api, creator, 'maker-course', { priceAmount: 5000 });
    const learner = await signUpAndIn(api, 'fan@example.com');
    const bought = await order(api, learner, ['maker-course']);
    await fetch(`${bought.body.checkoutUrl}/pay`, { method: 'POST' });
    await order(api, learner, ['python-data']).then((o) => fetch(`${o.body.checkoutUrl}/pay`, { method: 'POST' }));

    const sales = await api.call<{ sales: { courseId: string; amount: number; refundedAt: number | null }[] }>(
      'GET',
      '/v1/creator/sales',
      { token: creator.accessToken },
    );
    expect(sales.body.sales).toMatchObject([{ courseId: 'maker-course', amount: 5000, refundedAt: null }]);
    expect(JSON.stringify(sales.body)).not.toContain(learner.userId);
    expect((await api.call('GET', '/v1/creator/sales', { token: learner.accessToken })).status).toBe(403);
  });
});
