import { describe, expect, it } from 'vitest';
import { signUpAndIn } from './server-harness.js';
import { admin, buy, entitlementsOf, lessonStatus, trustHarness } from './trust-harness.js';

/**
 * Regression tests of the trust-boundary review (docs/security.md lists the findings), refunds, coupons and seats:
 * each failed on the code before the fix.
 */
const { server } = trustHarness();

describe('5. a refund stays a refund', () => {
  it('neither a second test payment nor a late “paid” event gives back a refunded course', async () => {
    const api = await server();
    const root = await admin(api);
    const learner = await signUpAndIn(api, 'refunded@example.com');
    const order = await buy(api, learner, ['algorithms-intro']);
    expect(await order.pay()).toBe(200);
    expect(
      (
        await api.call('POST', `/v1/admin/orders/${order.orderId}/refund`, {
          token: root.accessToken,
          body: { courseIds: ['algorithms-intro'] },
        })
      ).status,
    ).toBe(200);
    expect((await entitlementsOf(api, learner))[0]?.revokedAt).toBeGreaterThan(0);
    expect(await order.pay()).toBe(409);
    const checkout = await api.context.db.get<{ session_id: string }>(
      'SELECT session_id FROM checkouts WHERE order_id = ?',
      [order.orderId],
    );
    expect(
      await api.context.orders.applyEvent({
        id: 'evt_late_completion',
        type: 'checkout.session.completed',
        data: { object: { id: checkout!.session_id, payment_status: 'paid' } },
      }),
    ).toBe('processed');
    expect((await entitlementsOf(api, learner))[0]?.revokedAt).toBeGreaterThan(0);
    expect((await lessonStatus(api, 'algo-l3', learner.accessToken)).status).toBe(403);
  });
});

describe('7. one learner cannot hoard a limited coupon', () => {
  it('unpaid orders hold one use per learner, and a new order takes it over', async () => {
    const api = await server();
    const root = await admin(api);
    const now = Date.now();
    expect(
      (
        await api.call('POST', '/v1/admin/coupons', {
          token: root.accessToken,
          body: {
            code: 'FEW',
            kind: 'percent',
            value: 10,
            validFrom: now - 1000,
            validUntil: now + 3_600_000,
            maxRedemptions: 2,
          },
        })
      ).status,
    ).toBe(201);
    const hoarder = await signUpAndIn(api, 'hoarder@example.com');
    const orders = [];
    for (const courseId of ['algorithms-intro', 'python-data', 'ml-foundations'])
      orders.push(await buy(api, hoarder, [courseId], 'FEW'));
    expect(orders.map((o) => o.status)).toEqual([201, 201, 201]);
    expect(
      await api.context.db.get<{ redemptions: number }>("SELECT redemptions FROM coupons WHERE code = 'FEW'"),
    ).toEqual({ redemptions: 1 });
    // The earlier orders were given up: their checkouts no longer take payment.
    expect(await orders[0]!.pay()).toBe(409);
    const other = await signUpAndIn(api, 'other@example.com');
    expect((await buy(api, other, ['algorithms-intro'], 'FEW')).status).toBe(201);
    // Paid, the use is spent: the same learner cannot use it again.
    expect(await orders[2]!.pay()).toBe(200);
    expect((await buy(api, hoarder, ['algorithms-intro'], 'FEW')).status).toBe(409);
  });
});

describe('8. a seat move takes only the seat', () => {
  it('a learner who bought the course keeps it when their seat moves to someone else', async () => {
    const api = await server();
    const root = await admin(api);
    const manager = await signUpAndIn(api, 'it@school.example');
    const pool = (
      await api.call<{ poolId: string }>('POST', '/v1/admin/seat-pools', {
        token: root.accessToken,
        body: { institution: 'School', managerId: manager.userId, courseId: 'algorithms-intro', seats: 1 },
      })
    ).body.poolId;
    const code = (
      await api.call<{ codes: string[] }>('POST', `/v1/seat-pools/${pool}/codes`, {
        token: manager.accessToken,
        body: { count: 1, maxUses: 1 },
      })
    ).body.codes[0]!;
    const buyer = await signUpAndIn(api, 'buyer@example.com');
    const order = await buy(api, buyer, ['algorithms-intro']);
    expect((await api.call('POST', '/v1/redeem', { token: buyer.accessToken, body: { code } })).status).toBe(200);
    expect(await order.pay()).toBe(200);
    const next = await signUpAndIn(api, 'next@example.com');
    expect(
      (
        await api.call('POST', `/v1/seat-pools/${pool}/reassign`, {
          token: manager.accessToken,
          body: { fromUserId: buyer.userId, toUserId: next.userId },
        })
      ).status,
    ).toBe(200);
    expect(await entitlementsOf(api, buyer)).toMatchObject([{ courseId: 'algorithms-intro', source: 'purchase' }]);
    expect((await entitlementsOf(api, buyer))[0]?.revokedAt).toBeUndefined();
    expect((await lessonStatus(api, 'algo-l3', buyer.accessToken)).status).toBe(200);
    expect((await lessonStatus(api, 'algo-l3', next.accessToken)).status).toBe(200);
    // Refunding the purchase then ends the buyer's access: no seat is left to hold it.
    expect(
      (
        await api.call('POST', `/v1/admin/orders/${order.orderId}/refund`, {
          token: root.accessToken,
          body: { courseIds: ['algorithms-intro'] },
        })
      ).status,
    ).toBe(200);
    expect((await lessonStatus(api, 'algo-l3', buyer.accessToken)).status).toBe(403);
  });
});
