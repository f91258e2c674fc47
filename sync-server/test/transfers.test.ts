import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CreatorEarnings, PlatformRevenue } from '../../common/server-api/payouts.js';
import { useTempDirs } from '../../tests/helpers.js';
import {
  BACKENDS,
  backendServers,
  publishCourse,
  signUpAndIn,
  stopSharedPostgres,
  type Session,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

const earnings = (api: TestServer, who: Session) =>
  api.call<CreatorEarnings>('GET', '/v1/creator/earnings', { token: who.accessToken });
const revenue = (api: TestServer, who: Session) =>
  api.call<PlatformRevenue>('GET', '/v1/admin/revenue', { token: who.accessToken });

/** Onboards through the labelled test page, as a creator does in test mode. */
async function onboard(api: TestServer, creator: Session): Promise<void> {
  const started = await api.call<{ url: string }>('POST', '/v1/creator/payouts/onboarding', {
    token: creator.accessToken,
    body: {},
  });
  await fetch(`${started.body.url}/complete`, { method: 'POST' });
}

const thisMonth = () => new Date().toISOString().slice(0, 7);

for (const backend of BACKENDS) {
  describe(`creator transfers in test mode (${backend})`, () => {
    const server = backendServers(backend, useTempDirs());

    it('splits a bundle by line, holds a share until its creator can be paid, and reverses each share on refund', async () => {
      const api = await server({ ZHIKU_PAYMENTS: 'test', ZHIKU_PLATFORM_FEE_PERCENT: '20' });
      const lin = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });
      const han = await signUpAndIn(api, 'han@example.com', { role: 'creator' });
      await publishCourse(api, lin, 'lin-course', { priceAmount: 10_000 });
      await publishCourse(api, han, 'han-course', { priceAmount: 6_000 });
      const boss = await signUpAndIn(api, 'boss@example.com');
      await api.context.auth.setRole(boss.userId, 'admin');
      const bundle = await api.call<{ bundle: { id: string } }>('POST', '/v1/admin/bundles', {
        token: boss.accessToken,
        body: { title: '两位老师', courseIds: ['lin-course', 'han-course'], priceAmount: 12_000, currency: 'CNY' },
      });
      await onboard(api, lin);

      const learner = await signUpAndIn(api, 'mei@example.com');
      const bought = await api.call<{ orderId: string; checkoutUrl: string }>('POST', '/v1/orders', {
        token: learner.accessToken,
        body: { bundleId: bundle.body.bundle.id },
      });
      await fetch(`${bought.body.checkoutUrl}/pay`, { method: 'POST' });
      const lines = await api.context.db.all<{ course_id: string; amount: number }>(
        'SELECT course_id, amount FROM sales WHERE order_id = ? ORDER BY course_id',
        [bought.body.orderId],
      );
      const amountOf = (courseId: string) => Number(lines.find((line) => line.course_id === courseId)!.amount);
      expect(amountOf('lin-course') + amountOf('han-course')).toBe(12_000);
      const net = (courseId: string) => amountOf(courseId) - Math.round(amountOf(courseId) * 0.2);

      // Lin can be paid: her line's share is sent at once. Han has no account yet: his waits.
      await vi.waitFor(async () => expect((await earnings(api, lin)).body.totals[0]!.paidOut).toBe(net('lin-course')));
      const linPage = (await earnings(api, lin)).body;
      expect(linPage.totals).toEqual([
        {
          currency: 'CNY',
          sold: 1,
          gross: amountOf('lin-course'),
          fees: amountOf('lin-course') - net('lin-course'),
          refunded: 0,
          earned: net('lin-course'),
          paidOut: net('lin-course'),
          pending: 0,
        },
      ]);
      expect(linPage.courses.map((c) => c.courseId)).toEqual(['lin-course']);
      expect(linPage.months).toEqual([expect.objectContaining({ month: thisMonth(), earned: net('lin-course') })]);
      expect(linPage.transfers).toEqual([
        expect.objectContaining({
          kind: 'transfer',
          status: 'sent',
          amount: net('lin-course'),
          courseId: 'lin-course',
        }),
      ]);
      expect((await earnings(api, han)).body.totals[0]).toMatchObject({
        earned: net('han-course'),
        paidOut: 0,
        pending: net('han-course'),
      });
      await onboard(api, han);
      await vi.waitFor(async () =>
        expect((await earnings(api, han)).body.totals[0]).toMatchObject({ paidOut: net('han-course'), pending: 0 }),
      );

      // The whole bundle refunded: each creator's share comes back from their own account.
      const refund = await api.call('POST', `/v1/admin/orders/${bought.body.orderId}/refund`, {
        token: boss.accessToken,
        body: { courseIds: ['lin-course', 'han-course'] },
      });
      expect(refund.status).toBe(200);
      for (const [creator, courseId] of [
        [lin, 'lin-course'],
        [han, 'han-course'],
      ] as const) {
        await vi.waitFor(async () => expect((await earnings(api, creator)).body.totals[0]!.paidOut).toBe(0));
        const page = (await earnings(api, creator)).body;
        expect(page.totals[0]).toMatchObject({ earned: 0, fees: 0, refunded: amountOf(courseId), pending: 0 });
        expect(page.transfers.map((t) => [t.kind, t.status, t.amount])).toEqual([
          ['reversal', 'sent', net(courseId)],
          ['transfer', 'sent', net(courseId)],
        ]);
      }

      const platform = await revenue(api, boss);
      expect(platform.status).toBe(200);
      expect(platform.body).toMatchObject({ testMode: true, failedTransfers: 0, sendingTransfers: 0 });
      expect(platform.body.totals).toEqual([
        { currency: 'CNY', sold: 2, gross: 12_000, fees: 0, refunded: 12_000, earned: 0, paidOut: 0, pending: 0 },
      ]);
      expect(platform.body.creators.map((c) => c.name).sort()).toEqual(['han', 'lin']);
    });

    it('shows each creator only their own earnings, and the platform’s revenue only to its administrators', async () => {
      const api = await server({ ZHIKU_PAYMENTS: 'test', ZHIKU_PLATFORM_FEE_PERCENT: '30' });
      const lin = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });
      const han = await signUpAndIn(api, 'han@example.com', { role: 'creator' });
      await publishCourse(api, lin, 'lin-course', { priceAmount: 9_900 });
      const learner = await signUpAndIn(api, 'mei@example.com');
      const bought = await api.call<{ checkoutUrl: string }>('POST', '/v1/orders', {
        token: learner.accessToken,
        body: { courseIds: ['lin-course'] },
      });
      await fetch(`${bought.body.checkoutUrl}/pay`, { method: 'POST' });

      expect((await earnings(api, learner)).status).toBe(403);
      expect((await revenue(api, lin)).status).toBe(403);
      expect((await revenue(api, learner)).status).toBe(403);
      expect((await api.call('GET', '/v1/creator/earnings')).status).toBe(401);
      expect((await earnings(api, han)).body).toMatchObject({ totals: [], months: [], courses: [], transfers: [] });
      // Not onboarded: everything earned is pending, nothing was sent.
      expect((await earnings(api, lin)).body).toMatchObject({
        account: { connected: false },
        totals: [{ gross: 9_900, fees: 2_970, earned: 6_930, paidOut: 0, pending: 6_930 }],
        transfers: [],
        balance: null,
      });
    });
  });
}
