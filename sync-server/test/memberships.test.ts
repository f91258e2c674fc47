import { createPublicKey, verify } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { EntitlementDoc } from '../../common/collections/index.js';
import { entitlementSignedText, splitSignature } from '../../common/entitlement-payload.js';
import type { Membership, Plan } from '../../common/server-api/memberships.js';
import type { CreatorEarnings } from '../../common/server-api/payouts.js';
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

const MONTH = 28 * 86_400_000;

async function createPlan(api: TestServer, seller: Session, body: Record<string, unknown>) {
  return api.call<{ plan: Plan }>('POST', '/v1/creator/plans', { token: seller.accessToken, body });
}
const membershipsOf = async (api: TestServer, who: Session) =>
  (await api.call<{ memberships: Membership[] }>('GET', '/v1/memberships', { token: who.accessToken })).body
    .memberships;
const entitlementsOf = async (api: TestServer, who: Session) =>
  (
    await api.call<{ documents: EntitlementDoc[] }>('GET', '/v1/sync/entitlements/pull', {
      token: who.accessToken,
    })
  ).body.documents;
const lessonStatus = (api: TestServer, who: Session, lessonId: string) =>
  fetch(`${api.url}/v1/content/lessons/${lessonId}`, {
    headers: { authorization: `Bearer ${who.accessToken}` },
  }).then((r) => r.status);

/** Joins a plan through the test billing's checkout page, as a learner does. */
async function join(api: TestServer, learner: Session, planId: string) {
  const started = await api.call<{ membershipId: string; checkoutUrl: string; testMode: boolean }>(
    'POST',
    '/v1/memberships',
    { token: learner.accessToken, body: { planId } },
  );
  expect(started.status).toBe(201);
  expect(await (await fetch(started.body.checkoutUrl)).text()).toContain('TEST BILLING');
  const paid = await fetch(`${started.body.checkoutUrl}/subscribe`, { method: 'POST' });
  expect(await paid.text()).toContain('processed');
  const membership = (await membershipsOf(api, learner)).find((m) => m.id === started.body.membershipId)!;
  const subscription = (await api.context.db.get<{ subscription_id: string }>(
    'SELECT subscription_id FROM memberships WHERE id = ?',
    [membership.id],
  ))!.subscription_id;
  const drive = async (driver: 'renew' | 'fail' | 'end-period' | 'cancel-now') =>
    (await fetch(`${api.url}/v1/test-billing/subscriptions/${subscription}/${driver}`, { method: 'POST' })).text();
  return { membership, drive };
}

async function verifiedBy(api: TestServer, entitlement: EntitlementDoc): Promise<boolean> {
  const { keyId, value } = splitSignature(entitlement.signature);
  const set = (await (await fetch(`${api.url}/v1/keys`)).json()) as { keys: { kid: string; publicKeyPem: string }[] };
  const pem = set.keys.find((k) => k.kid === keyId)!.publicKeyPem;
  return verify(
    null,
    Buffer.from(entitlementSignedText(entitlement, keyId)),
    createPublicKey(pem),
    Buffer.from(value, 'base64url'),
  );
}

for (const backend of BACKENDS) {
  describe(`memberships in test mode (${backend})`, () => {
    const server = backendServers(backend, useTempDirs());

    it('a creator’s plan opens all her courses (later ones too), renews after a failed payment, and coexists with a purchase', async () => {
      const api = await server({ ZHIKU_PAYMENTS: 'test', ZHIKU_PLATFORM_FEE_PERCENT: '20' });
      const lin = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });
      const han = await signUpAndIn(api, 'han@example.com', { role: 'creator' });
      await publishCourse(api, lin, 'lin-a', { priceAmount: 9_900 });
      await publishCourse(api, han, 'han-a', { priceAmount: 9_900 });
      const plan = await createPlan(api, lin, {
        title: { zh: '林老师全部课程', en: 'All of Lin' },
        scope: 'creator',
        interval: 'month',
        priceAmount: 3_000,
        currency: 'CNY',
      });
      expect(plan.status).toBe(201);
      const planId = plan.body.plan.id;
      expect(
        (await api.call<{ plans: Plan[] }>('GET', '/v1/plans?courseId=lin-a')).body.plans.map((p) => p.id),
      ).toEqual([planId]);
      expect((await api.call<{ plans: Plan[] }>('GET', '/v1/plans?courseId=han-a')).body.plans).toEqual([]);

      const mei = await signUpAndIn(api, 'mei@example.com');
      expect(await lessonStatus(api, mei, 'lin-a-l2')).toBe(403);
      const before = Date.now();
      const { membership, drive } = await join(api, mei, planId);
      expect(membership).toMatchObject({ status: 'active', cancelAtPeriodEnd: false, testMode: true });
      expect(membership.paidThrough).toBeGreaterThanOrEqual(before + MONTH);

      // One signed document opens her courses, for as long as it is paid and while it renews.
      const [doc] = (await entitlementsOf(api, mei)).filter((e) => e.source === 'membership');
      expect(doc).toMatchObject({
        validUntil: membership.paidThrough,
        renews: true,
        scope: { kind: 'creator', creatorId: lin.userId },
        planId,
      });
      expect(await verifiedBy(api, doc!)).toBe(true);
      expect(await verifiedBy(api, { ...doc!, validUntil: doc!.validUntil! + MONTH })).toBe(false);
      expect(await verifiedBy(api, { ...doc!, scope: { kind: 'all' } })).toBe(false);
      expect(await lessonStatus(api, mei, 'lin-a-l2')).toBe(200);
      expect(await lessonStatus(api, mei, 'han-a-l2')).toBe(403);
      // A course she publishes later is opened too.
      await publishCourse(api, lin, 'lin-b', { priceAmount: 19_900 });
      expect(await lessonStatus(api, mei, 'lin-b-l2')).toBe(200);

      // A purchase of one of them stands beside the membership; neither touches the other.
      const bought = await api.call<{ checkoutUrl: string }>('POST', '/v1/orders', {
        token: mei.accessToken,
        body: { courseIds: ['lin-a'] },
      });
      await fetch(`${bought.body.checkoutUrl}/pay`, { method: 'POST' });
      expect((await entitlementsOf(api, mei)).map((e) => e.source).sort()).toEqual(['membership', 'purchase']);

      // A renewal declined: past due, still paid through the same day. Then paid: a month more.
      expect(await drive('fail')).toContain('processed');
      expect((await membershipsOf(api, mei))[0]).toMatchObject({
        status: 'past_due',
        paidThrough: membership.paidThrough,
      });
      expect((await entitlementsOf(api, mei)).find((e) => e.source === 'membership')!.renews).toBe(false);
      await drive('renew');
      const renewed = (await membershipsOf(api, mei))[0]!;
      expect(renewed.status).toBe('active');
      expect(renewed.paidThrough).toBeGreaterThanOrEqual(membership.paidThrough + MONTH);
      expect((await entitlementsOf(api, mei)).find((e) => e.source === 'membership')).toMatchObject({
        validUntil: renewed.paidThrough,
        renews: true,
      });

      // Cancelled at period end: kept until then, no longer renewing; taken back; cancelled again.
      const cancel = (action: 'cancel' | 'resume') =>
        api.call<{ membership: Membership }>('POST', `/v1/memberships/${membership.id}/${action}`, {
          token: mei.accessToken,
          body: {},
        });
      expect((await cancel('cancel')).body.membership).toMatchObject({ cancelAtPeriodEnd: true, status: 'active' });
      expect((await entitlementsOf(api, mei)).find((e) => e.source === 'membership')!.renews).toBe(false);
      expect((await cancel('resume')).body.membership.cancelAtPeriodEnd).toBe(false);
      await cancel('cancel');
      // Someone else cannot touch it.
      const yu = await signUpAndIn(api, 'yu@example.com');
      expect(
        (await api.call('POST', `/v1/memberships/${membership.id}/resume`, { token: yu.accessToken, body: {} })).status,
      ).toBe(404);
      // Ended at once (as from the provider): the membership's courses close; the bought one stays open.
      await drive('cancel-now');
      expect((await membershipsOf(api, mei))[0]).toMatchObject({ status: 'canceled' });
      expect(await lessonStatus(api, mei, 'lin-b-l2')).toBe(403);
      expect(await lessonStatus(api, mei, 'lin-a-l2')).toBe(200);
      expect((await entitlementsOf(api, mei)).find((e) => e.source === 'membership')!.validUntil).toBeLessThanOrEqual(
        Date.now(),
      );

      // Each paid invoice is Lin's sale: two months of ¥30, her share after the platform's 20 %.
      await vi.waitFor(async () => {
        const earnings = (await api.call<CreatorEarnings>('GET', '/v1/creator/earnings', { token: lin.accessToken }))
          .body;
        expect(earnings.courses.find((c) => c.courseId === `plan-${planId}`)).toMatchObject({
          sold: 2,
          gross: 6_000,
          fees: 1_200,
          earned: 4_800,
        });
      });
    });

    it('a platform plan with a trial; who may sell what; one membership per plan; plan changes within a seller', async () => {
      const api = await server({ ZHIKU_PAYMENTS: 'test' });
      const boss = await signUpAndIn(api, 'boss@example.com');
      await api.context.auth.setRole(boss.userId, 'admin');
      const lin = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });
      const han = await signUpAndIn(api, 'han@example.com', { role: 'creator' });
      await publishCourse(api, lin, 'lin-a', { priceAmount: 9_900 });
      await publishCourse(api, han, 'han-a', { priceAmount: 9_900 });
      const mei = await signUpAndIn(api, 'mei@example.com');
      const body = {
        title: { zh: '全站会员', en: 'Everything' },
        interval: 'year',
        priceAmount: 29_900,
        currency: 'CNY',
      };

      // Who may sell what.
      expect((await createPlan(api, mei, { ...body, scope: 'creator' })).status).toBe(403);
      expect((await createPlan(api, lin, { ...body, scope: 'all' })).status).toBe(400);
      expect((await createPlan(api, lin, { ...body, scope: 'courses', courseIds: ['han-a'] })).status).toBe(403);
      expect((await createPlan(api, lin, { ...body, scope: 'courses' })).status).toBe(400);
      expect((await createPlan(api, lin, { ...body, scope: 'creator', priceAmount: -1 })).status).toBe(400);
      expect((await createPlan(api, boss, { ...body, scope: 'creator' })).status).toBe(400);
      expect((await api.call<{ plans: Plan[] }>('GET', '/v1/plans')).body.plans).toEqual([]);

      const everything = (await createPlan(api, boss, { ...body, scope: 'all', trialDays: 7 })).body.plan;
      expect(everything).toMatchObject({ ownerId: null, scope: 'all', trialDays: 7, interval: 'year' });
      // Invoices name their periods in whole seconds.
      const started = Math.floor(Date.now() / 1000) * 1000;
      const { membership } = await join(api, mei, everything.id);
      expect(membership.status).toBe('trialing');
      expect(membership.paidThrough).toBeGreaterThanOrEqual(started + 7 * 86_400_000);
      expect(membership.paidThrough).toBeLessThan(started + 8 * 86_400_000);
      expect(await lessonStatus(api, mei, 'lin-a-l2')).toBe(200);
      expect(await lessonStatus(api, mei, 'han-a-l2')).toBe(200);
      // A trial is not a sale.
      expect(await api.context.db.all('SELECT * FROM sales')).toEqual([]);
      // One live membership per plan.
      expect(
        (await api.call('POST', '/v1/memberships', { token: mei.accessToken, body: { planId: everything.id } })).status,
      ).toBe(409);

      // Changing plan: to another of the platform's, yes; to a creator's, no.
      const monthly = (await createPlan(api, boss, { ...body, scope: 'all', interval: 'month', priceAmount: 3_000 }))
        .body.plan;
      const lins = (await createPlan(api, lin, { ...body, scope: 'creator' })).body.plan;
      const change = (planId: string) =>
        api.call<{ membership: Membership }>('POST', `/v1/memberships/${membership.id}/change`, {
          token: mei.accessToken,
          body: { planId },
        });
      expect((await change(lins.id)).status).toBe(400);
      expect((await change(monthly.id)).body.membership.planId).toBe(monthly.id);
      expect((await entitlementsOf(api, mei)).find((e) => e.source === 'membership')!.planId).toBe(monthly.id);

      // Retired plans are no longer sold; members keep them.
      expect(
        (await api.call(`POST`, `/v1/creator/plans/${lins.id}/retire`, { token: han.accessToken, body: {} })).status,
      ).toBe(404);
      await api.call('POST', `/v1/creator/plans/${everything.id}/retire`, { token: boss.accessToken, body: {} });
      expect((await api.call<{ plans: Plan[] }>('GET', '/v1/plans')).body.plans.map((p) => p.id).sort()).toEqual(
        [monthly.id, lins.id].sort(),
      );
      const own = (await api.call<{ plans: Plan[] }>('GET', '/v1/creator/plans', { token: boss.accessToken })).body
        .plans;
      expect(own.map((p) => [p.id, p.active, p.members])).toEqual([
        [everything.id, false, 0],
        [monthly.id, true, 1],
      ]);
      // The customer portal (the test stand-in) lists her memberships.
      const portal = await api.call<{ url: string }>('POST', '/v1/memberships/portal', {
        token: mei.accessToken,
        body: {},
      });
      expect(await (await fetch(portal.body.url)).text()).toContain(monthly.id);
    });
  });
}
