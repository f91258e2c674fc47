import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../payments/order-service.js';
import { publishCourse, signUpAndIn } from './server-harness.js';
import { contentStatus, entitlementsOf, order, ordersOf, type Order, paymentsHarness } from './payments-harness.js';

const { server } = paymentsHarness();

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
    expect(page).toContain('CN¥199.00');
    expect(page).toContain('算法导论');
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
    // Each course counts the learners who hold it, as the public catalogue shows it.
    const learnerCounts = async () =>
      Object.fromEntries(
        (
          await api.call<{ documents: { id: string; learnerCount: number }[] }>(
            'GET',
            '/v1/sync/courses/pull?seq=0&limit=500',
          )
        ).body.documents
          .filter((c) => ['algorithms-intro', 'python-data', 'typescript-practice'].includes(c.id))
          .map((c) => [c.id, c.learnerCount]),
      );
    expect(await learnerCounts()).toEqual({ 'algorithms-intro': 1, 'python-data': 1, 'typescript-practice': 0 });

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
    expect(await learnerCounts()).toEqual({ 'algorithms-intro': 1, 'python-data': 0, 'typescript-practice': 0 });
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
    // The platform's fee (20 % by default) is fixed on the sale: the creator earns 4,000 of 5,000.
    expect(sales.body.sales).toMatchObject([{ courseId: 'maker-course', amount: 5000, fee: 1000, refundedAt: null }]);
    expect(JSON.stringify(sales.body)).not.toContain(learner.userId);
    expect((await api.call('GET', '/v1/creator/sales', { token: learner.accessToken })).status).toBe(403);
  });

  it('fix the fee the operator set when each sale is paid (rounded to the minor unit)', async () => {
    const api = await server({ ZHIKU_PLATFORM_FEE_PERCENT: '12.5' });
    const creator = await signUpAndIn(api, 'maker@example.com', { role: 'creator' });
    await publishCourse(api, creator, 'odd-price', { priceAmount: 4999 });
    const learner = await signUpAndIn(api, 'fan@example.com');
    const bought = await order(api, learner, ['odd-price']);
    await fetch(`${bought.body.checkoutUrl}/pay`, { method: 'POST' });
    const sales = await api.call<{ sales: { amount: number; fee: number }[] }>('GET', '/v1/creator/sales', {
      token: creator.accessToken,
    });
    // 12.5 % of 4,999 is 624.875: 625.
    expect(sales.body.sales).toMatchObject([{ amount: 4999, fee: 625 }]);
    await expect(server({ ZHIKU_PLATFORM_FEE_PERCENT: '120' })).rejects.toThrow(/ZHIKU_PLATFORM_FEE_PERCENT/);
  });
});
