import { describe, expect, it } from 'vitest';
import type { EntitlementDoc } from '../../common/collections/index.js';
import type { Membership, Plan } from '../../common/server-api/memberships.js';
import { paymentsHarness } from './payments-harness.js';
import { publishCourse, signUpAndIn, type Session, type TestServer } from './server-harness.js';
import { deliverEvent, startStripeStandIn } from './stripe-stand-in.js';

const { cleanups, server } = paymentsHarness();
const SECRET = 'whsec_test_secret_for_zhiku';
const DAY = 86_400;

const mine = async (api: TestServer, who: Session) =>
  (await api.call<{ memberships: Membership[] }>('GET', '/v1/memberships', { token: who.accessToken })).body
    .memberships[0]!;
const membershipDoc = async (api: TestServer, who: Session) =>
  (
    await api.call<{ documents: EntitlementDoc[] }>('GET', '/v1/sync/entitlements/pull', { token: who.accessToken })
  ).body.documents.find((d) => d.source === 'membership');

describe('memberships with Stripe Billing (the official SDK against the wire-level stand-in)', () => {
  it('subscribes through Checkout, survives events out of order and twice, a failed renewal, a plan change, cancelling at period end, and the end', async () => {
    const stripe = await startStripeStandIn(cleanups);
    const api = await server({
      STRIPE_SECRET_KEY: 'sk_test_zhiku',
      STRIPE_WEBHOOK_SECRET: SECRET,
      ZHIKU_STRIPE_API_BASE: stripe.url,
      ZHIKU_PUBLIC_URL: 'https://zhiku.example',
    });
    const lin = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });
    await publishCourse(api, lin, 'lin-a', { priceAmount: 9_900 });
    const plan = async (priceAmount: number, trialDays = 0) =>
      (
        await api.call<{ plan: Plan }>('POST', '/v1/creator/plans', {
          token: lin.accessToken,
          body: {
            title: { zh: '林', en: 'Lin' },
            scope: 'creator',
            interval: 'month',
            priceAmount,
            currency: 'CNY',
            trialDays,
          },
        })
      ).body.plan;
    const monthly = await plan(3_000, 7);
    const premium = await plan(5_000);

    const mei = await signUpAndIn(api, 'mei@example.com');
    const started = await api.call<{ membershipId: string; checkoutUrl: string; testMode: boolean }>(
      'POST',
      '/v1/memberships',
      { token: mei.accessToken, body: { planId: monthly.id } },
    );
    expect(started.body).toMatchObject({ testMode: false, checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_1' });
    const created = stripe.calls.find((call) => call.path === '/v1/checkout/sessions')!;
    expect(created.idempotencyKey).toBe(`zhiku-membership-${started.body.membershipId}`);
    expect(Object.fromEntries(created.form)).toMatchObject({
      mode: 'subscription',
      customer_email: 'mei@example.com',
      'allowed_payment_method_types[0]': 'card',
      'line_items[0][price_data][currency]': 'cny',
      'line_items[0][price_data][unit_amount]': '3000',
      'line_items[0][price_data][recurring][interval]': 'month',
      'subscription_data[trial_period_days]': '7',
      'subscription_data[metadata][membershipId]': started.body.membershipId,
      'subscription_data[metadata][planId]': monthly.id,
    });

    const now = Math.floor(Date.now() / 1000);
    const subscription = {
      id: 'sub_1',
      object: 'subscription',
      status: 'trialing',
      cancel_at_period_end: false,
      customer: 'cus_1',
      metadata: { membershipId: started.body.membershipId, planId: monthly.id },
      items: { object: 'list', data: [{ id: 'si_1', price: { id: 'price_1', product: 'prod_1' } }] },
      ended_at: null,
    };
    stripe.subscriptions.set('sub_1', subscription);
    const invoice = (id: string, start: number, end: number, amount: number, reason: string) => ({
      id,
      object: 'invoice',
      customer: 'cus_1',
      amount_paid: amount,
      currency: 'cny',
      billing_reason: reason,
      payment_intent: `pi_${id}`,
      // Newer API versions name the subscription under `parent`.
      parent: {
        subscription_details: { subscription: 'sub_1', metadata: { membershipId: started.body.membershipId } },
      },
      lines: { data: [{ period: { start, end } }] },
    });
    const send = (id: string, type: string, object: Record<string, unknown>) =>
      deliverEvent(api.url, SECRET, { id, type, object });

    // The trial's invoice arrives before the checkout's completion: it starts the membership all the same.
    const trialEnd = now + 7 * DAY;
    expect(await send('evt_inv_1', 'invoice.paid', invoice('in_1', now, trialEnd, 0, 'subscription_create'))).toEqual({
      status: 200,
      outcome: 'processed',
    });
    expect(await mine(api, mei)).toMatchObject({ status: 'trialing', paidThrough: trialEnd * 1000 });
    expect(
      await send('evt_cs', 'checkout.session.completed', {
        id: 'cs_test_1',
        object: 'checkout.session',
        mode: 'subscription',
        subscription: 'sub_1',
        customer: 'cus_1',
        client_reference_id: started.body.membershipId,
      }),
    ).toEqual({ status: 200, outcome: 'processed' });
    expect(
      (await send('evt_inv_1', 'invoice.paid', invoice('in_1', now, trialEnd, 0, 'subscription_create'))).outcome,
    ).toBe('duplicate');
    expect(await membershipDoc(api, mei)).toMatchObject({ validUntil: trialEnd * 1000, renews: true });

    // The first charge after the trial is declined, then paid: past due, then a month more.
    subscription.status = 'past_due';
    await send(
      'evt_fail',
      'invoice.payment_failed',
      invoice('in_2', trialEnd, trialEnd + 30 * DAY, 0, 'subscription_cycle'),
    );
    expect(await mine(api, mei)).toMatchObject({ status: 'past_due', paidThrough: trialEnd * 1000 });
    expect((await membershipDoc(api, mei))!.renews).toBe(false);
    subscription.status = 'active';
    await send(
      'evt_paid_2',
      'invoice.paid',
      invoice('in_2', trialEnd, trialEnd + 30 * DAY, 3_000, 'subscription_cycle'),
    );
    expect(await mine(api, mei)).toMatchObject({ status: 'active', paidThrough: (trialEnd + 30 * DAY) * 1000 });
    const sales = await api.context.db.all<{
      order_id: string;
      creator_id: string;
      amount: number;
      payment_intent: string;
    }>('SELECT order_id, creator_id, amount, payment_intent FROM sales');
    expect(sales).toEqual([{ order_id: 'in_2', creator_id: lin.userId, amount: 3_000, payment_intent: 'pi_in_2' }]);

    // A plan change: the subscription's item moves to the new price (prorated), and the entitlement follows.
    const changed = await api.call<{ membership: Membership }>(
      'POST',
      `/v1/memberships/${started.body.membershipId}/change`,
      { token: mei.accessToken, body: { planId: premium.id } },
    );
    expect(changed.status).toBe(200);
    const update = stripe.calls
      .filter((call) => call.path === '/v1/subscriptions/sub_1' && call.method === 'POST')
      .at(-1)!;
    expect(Object.fromEntries(update.form)).toMatchObject({
      'items[0][id]': 'si_1',
      'items[0][price_data][product]': 'prod_1',
      'items[0][price_data][unit_amount]': '5000',
      'metadata[planId]': premium.id,
      proration_behavior: 'create_prorations',
    });
    await send('evt_upd_plan', 'customer.subscription.updated', { ...subscription, metadata: {} });
    expect((await mine(api, mei)).planId).toBe(premium.id);

    // Cancelled at period end through the API; a stale "not cancelling" update arriving late changes nothing,
    // because the subscription's state is asked from Stripe.
    await api.call('POST', `/v1/memberships/${started.body.membershipId}/cancel`, { token: mei.accessToken, body: {} });
    expect(stripe.subscriptions.get('sub_1')!.cancel_at_period_end).toBe(true);
    await send('evt_upd_cancel', 'customer.subscription.updated', { ...subscription });
    await send('evt_upd_stale', 'customer.subscription.updated', { ...subscription, cancel_at_period_end: false });
    expect(await mine(api, mei)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    expect((await membershipDoc(api, mei))!.renews).toBe(false);

    // The customer portal, for the learner's own customer.
    const portal = await api.call<{ url: string }>('POST', '/v1/memberships/portal', {
      token: mei.accessToken,
      body: {},
    });
    expect(portal.body.url).toBe('https://billing.stripe.com/p/session/cus_1');
    expect(stripe.calls.find((c) => c.path === '/v1/billing_portal/sessions')!.form.get('return_url')).toBe(
      'https://zhiku.example/payouts/onboarding',
    );

    // The period ends: Stripe deletes the subscription. Access lasts to the end it was paid for, not a moment more.
    Object.assign(stripe.subscriptions.get('sub_1')!, { status: 'canceled', ended_at: trialEnd + 30 * DAY });
    await send('evt_deleted', 'customer.subscription.deleted', { ...subscription, status: 'canceled' });
    expect(await mine(api, mei)).toMatchObject({ status: 'canceled', endedAt: (trialEnd + 30 * DAY) * 1000 });
    expect(await membershipDoc(api, mei)).toMatchObject({ validUntil: (trialEnd + 30 * DAY) * 1000, renews: false });
    // A late renewal event after the end opens nothing more.
    await send(
      'evt_paid_late',
      'invoice.paid',
      invoice('in_3', trialEnd + 30 * DAY, trialEnd + 60 * DAY, 5_000, 'subscription_cycle'),
    );
    expect((await membershipDoc(api, mei))!.validUntil).toBe((trialEnd + 30 * DAY) * 1000);
    expect((await mine(api, mei)).status).toBe('canceled');
  });
});
