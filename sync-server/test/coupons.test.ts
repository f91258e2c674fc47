import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import { discountedAmounts } from '../payments/coupons.js';
import {
  BACKENDS,
  backendEnv,
  signUpAndIn,
  startTestServer,
  stopSharedPostgres,
  type TestServer,
} from './server-harness.js';

const newDir = useTempDirs();
afterAll(stopSharedPostgres, 60_000);

describe('discounts', () => {
  it('spread over the items in proportion, exact to the minor unit, never negative', () => {
    expect(discountedAmounts([19900], { kind: 'percent', value: 20 })).toEqual([15920]);
    const split = discountedAmounts([19900, 14900, 999], { kind: 'percent', value: 33 });
    expect(split.reduce((a, b) => a + b, 0)).toBe(35799 - Math.round((35799 * 33) / 100));
    expect(discountedAmounts([500, 300], { kind: 'fixed', value: 10_000 })).toEqual([0, 0]);
  });
});

describe.each(BACKENDS)('coupons on %s', (backend) => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  it('apply their discount and are never used beyond their limit, even by concurrent checkouts', async () => {
    const api = await startTestServer(newDir(), { ...(await backendEnv(backend)), ZHIKU_MAX_DEVICES: '50' });
    servers.push(api);
    const admin = await signUpAndIn(api, 'admin@example.com');
    await api.context.auth.setRole(admin.userId, 'admin');
    const now = Date.now();
    const create = (body: object) => api.call('POST', '/v1/admin/coupons', { token: admin.accessToken, body });
    expect(
      (
        await create({
          code: 'spring20',
          kind: 'percent',
          value: 20,
          validFrom: now - 1000,
          validUntil: now + 86_400_000,
          maxRedemptions: 2,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await create({
          code: 'SPRING20',
          kind: 'percent',
          value: 10,
          validFrom: now,
          validUntil: now + 1,
          maxRedemptions: 1,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await create({
          code: 'BAD',
          kind: 'percent',
          value: 120,
          validFrom: now,
          validUntil: now + 1,
          maxRedemptions: 1,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await create({
          code: 'OLD',
          kind: 'percent',
          value: 10,
          validFrom: now - 2000,
          validUntil: now - 1000,
          maxRedemptions: 9,
        })
      ).status,
    ).toBe(201);

    const learners = await Promise.all(
      Array.from({ length: 6 }, (_, i) => signUpAndIn(api, `shopper${i}@example.com`)),
    );
    const results = await Promise.all(
      learners.map((learner) =>
        api.call<{ totalAmount: number }>('POST', '/v1/orders', {
          token: learner.accessToken,
          body: { courseIds: ['algorithms-intro'], couponCode: 'spring20' },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201).map((r) => r.body.totalAmount)).toEqual([15920, 15920]);
    expect(results.filter((r) => r.status === 409)).toHaveLength(4);
    expect(await api.context.db.get('SELECT redemptions FROM coupons WHERE code = ?', ['SPRING20'])).toEqual({
      redemptions: 2,
    });
    expect(
      (
        await api.call('POST', '/v1/orders', {
          token: learners[5]!.accessToken,
          body: { courseIds: ['algorithms-intro'], couponCode: 'OLD' },
        })
      ).status,
    ).toBe(400);

    // An order that expires unpaid gives its coupon use back.
    const winner = results.findIndex((r) => r.status === 201);
    const orderId = (results[winner]!.body as unknown as { orderId: string }).orderId;
    const checkout = await api.context.db.get<{ session_id: string }>(
      'SELECT session_id FROM checkouts WHERE order_id = ?',
      [orderId],
    );
    await api.context.orders.applyEvent({
      id: 'evt_expire',
      type: 'checkout.session.expired',
      data: { object: { id: checkout!.session_id } },
    });
    expect(await api.context.db.get('SELECT redemptions FROM coupons WHERE code = ?', ['SPRING20'])).toEqual({
      redemptions: 1,
    });
    await api.context.orders.applyEvent({
      id: 'evt_expire_again',
      type: 'checkout.session.expired',
      data: { object: { id: checkout!.session_id } },
    });
    expect(await api.context.db.get('SELECT redemptions FROM coupons WHERE code = ?', ['SPRING20'])).toEqual({
      redemptions: 1,
    });
  });

  it('grant a fully discounted order at once, with no checkout', async () => {
    const api = await startTestServer(newDir(), await backendEnv(backend));
    servers.push(api);
    const admin = await signUpAndIn(api, 'admin@example.com');
    await api.context.auth.setRole(admin.userId, 'admin');
    await api.call('POST', '/v1/admin/coupons', {
      token: admin.accessToken,
      body: {
        code: 'FREE100',
        kind: 'percent',
        value: 100,
        validFrom: 0,
        validUntil: Date.now() + 60_000,
        maxRedemptions: 5,
      },
    });
    const learner = await signUpAndIn(api, 'lucky@example.com');
    const result = await api.call('POST', '/v1/orders', {
      token: learner.accessToken,
      body: { courseIds: ['python-data'], couponCode: 'FREE100' },
    });
    expect(result).toMatchObject({ status: 201, body: { checkoutUrl: null, totalAmount: 0 } });
    const pulled = await api.call<{ documents: { courseId: string }[] }>('GET', '/v1/sync/entitlements/pull', {
      token: learner.accessToken,
    });
    expect(pulled.body.documents).toMatchObject([{ courseId: 'python-data' }]);
  });
});
