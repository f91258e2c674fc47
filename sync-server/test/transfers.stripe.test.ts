import { describe, expect, it, vi } from 'vitest';
import type { CreatorEarnings, PlatformRevenue } from '../../common/server-api/payouts.js';
import { paymentsHarness } from './payments-harness.js';
import { publishCourse, signUpAndIn, type Session, type TestServer } from './server-harness.js';
import { deliverEvent, startStripeStandIn } from './stripe-stand-in.js';

const { cleanups, server } = paymentsHarness();
const SECRET = 'whsec_test_secret_for_zhiku';

const earnings = async (api: TestServer, who: Session) =>
  (await api.call<CreatorEarnings>('GET', '/v1/creator/earnings', { token: who.accessToken })).body;
const revenue = async (api: TestServer, who: Session) =>
  (await api.call<PlatformRevenue>('GET', '/v1/admin/revenue', { token: who.accessToken })).body;

describe('creator transfers with Stripe Connect (the official SDK against the wire-level stand-in)', () => {
  it('sends each share once whatever fails on the way, reverses a disputed part, and sends it again when the dispute is won', async () => {
    const stripe = await startStripeStandIn(cleanups);
    const api = await server({
      STRIPE_SECRET_KEY: 'sk_test_zhiku',
      STRIPE_WEBHOOK_SECRET: SECRET,
      ZHIKU_STRIPE_API_BASE: stripe.url,
      ZHIKU_PLATFORM_FEE_PERCENT: '20',
    });
    const lin = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });
    const han = await signUpAndIn(api, 'han@example.com', { role: 'creator' });
    await publishCourse(api, lin, 'lin-course', { priceAmount: 10_000 });
    await publishCourse(api, han, 'han-course', { priceAmount: 5_000 });
    const boss = await signUpAndIn(api, 'boss@example.com');
    await api.context.auth.setRole(boss.userId, 'admin');
    const ready = (id: string, account: string) =>
      deliverEvent(api.url, SECRET, {
        id,
        type: 'account.updated',
        object: {
          id: account,
          object: 'account',
          details_submitted: true,
          charges_enabled: true,
          payouts_enabled: true,
        },
      });
    for (const creator of [lin, han])
      await api.call('POST', '/v1/creator/payouts/onboarding', { token: creator.accessToken, body: {} });
    expect(await ready('evt_lin_ready', 'acct_1zk')).toEqual({ status: 200, outcome: 'processed' });
    expect(await ready('evt_han_ready', 'acct_2zk')).toEqual({ status: 200, outcome: 'processed' });

    const buy = async (email: string, courseId: string) => {
      const learner = await signUpAndIn(api, email);
      const created = await api.call<{ orderId: string }>('POST', '/v1/orders', {
        token: learner.accessToken,
        body: { courseIds: [courseId] },
      });
      const session = [...stripe.sessions.values()].at(-1)!;
      session.payment_status = 'paid';
      const paid = { id: session.id, object: 'checkout.session', payment_intent: session.payment_intent };
      expect(
        await deliverEvent(api.url, SECRET, {
          id: `evt_paid_${created.body.orderId}`,
          type: 'checkout.session.completed',
          object: paid,
        }),
      ).toEqual({ status: 200, outcome: 'processed' });
      return { orderId: created.body.orderId, intent: String(session.payment_intent), paid };
    };
    const transferCalls = () => stripe.calls.filter((call) => call.path === '/v1/transfers');

    // The provider fails without saying whether it moved the money: the move stays open, not lost or doubled.
    stripe.failures.unsure = 1;
    const sale = await buy('mei@example.com', 'lin-course');
    await vi.waitFor(() => expect(transferCalls()).toHaveLength(1));
    await vi.waitFor(async () => expect((await revenue(api, boss)).sendingTransfers).toBe(1));
    expect((await earnings(api, lin)).totals[0]).toMatchObject({ earned: 8_000, paidOut: 0, pending: 8_000 });
    // A replayed payment event changes nothing.
    expect(
      await deliverEvent(api.url, SECRET, {
        id: `evt_paid_${sale.orderId}`,
        type: 'checkout.session.completed',
        object: sale.paid,
      }),
    ).toEqual({ status: 200, outcome: 'duplicate' });
    // The next pass (here after another account event) asks again with the same key: one transfer.
    await ready('evt_lin_again', 'acct_1zk');
    await vi.waitFor(async () => expect((await earnings(api, lin)).totals[0]!.paidOut).toBe(8_000));
    const key = `zhiku-transfer-${sale.orderId}-lin-course-1`;
    expect(transferCalls().map((call) => call.idempotencyKey)).toEqual([key, key]);
    expect(stripe.transfers).toEqual([
      { id: 'tr_1', object: 'transfer', amount: 8_000, currency: 'cny', destination: 'acct_1zk' },
    ]);
    const form = transferCalls()[1]!.form;
    expect(form.get('source_transaction')).toBe(sale.intent.replace('pi_', 'ch_'));
    expect(form.get('transfer_group')).toBe(sale.orderId);
    expect(form.get('metadata[courseId]')).toBe('lin-course');

    // The account's balance is the provider's, asked on the creator's behalf.
    const page = await earnings(api, lin);
    expect(page.balance).toEqual({
      available: [{ amount: 1_234, currency: 'CNY' }],
      pending: [{ amount: 567, currency: 'CNY' }],
    });
    expect(stripe.calls.find((call) => call.path === '/v1/balance')?.account).toBe('acct_1zk');

    // Half the charge disputed: half of Lin's share comes back; the dispute won sends it again.
    const dispute = (type: string, status: string, id: string) =>
      deliverEvent(api.url, SECRET, {
        id,
        type,
        object: { id: 'dp_1', object: 'dispute', payment_intent: sale.intent, amount: 5_000, status },
      });
    expect((await dispute('charge.dispute.created', 'needs_response', 'evt_dp_open')).outcome).toBe('processed');
    await vi.waitFor(() =>
      expect(stripe.reversals).toEqual([expect.objectContaining({ amount: 4_000, transfer: 'tr_1' })]),
    );
    await vi.waitFor(async () =>
      expect((await earnings(api, lin)).totals[0]).toMatchObject({ earned: 4_000, paidOut: 4_000 }),
    );
    expect(stripe.calls.find((call) => call.path === '/v1/transfers/tr_1/reversals')?.idempotencyKey).toBe(
      `zhiku-transfer-${sale.orderId}-lin-course-2`,
    );
    expect((await dispute('charge.dispute.closed', 'won', 'evt_dp_won')).outcome).toBe('processed');
    await vi.waitFor(async () =>
      expect((await earnings(api, lin)).totals[0]).toMatchObject({ earned: 8_000, paidOut: 8_000 }),
    );
    expect(stripe.transfers.map((t) => t.amount)).toEqual([8_000, 4_000]);
    expect((await dispute('charge.dispute.closed', 'won', 'evt_dp_won')).outcome).toBe('duplicate');

    // The provider refuses Han's transfer: nothing moved, it shows as refused, and a later pass sends it anew.
    stripe.failures.refuse.add('acct_2zk');
    await buy('yu@example.com', 'han-course');
    await vi.waitFor(async () => expect((await revenue(api, boss)).failedTransfers).toBe(1));
    expect((await earnings(api, han)).totals[0]).toMatchObject({ earned: 4_000, paidOut: 0, pending: 4_000 });
    expect((await earnings(api, han)).transfers).toEqual([expect.objectContaining({ status: 'failed' })]);
    stripe.failures.refuse.clear();
    await ready('evt_han_again', 'acct_2zk');
    await vi.waitFor(async () => expect((await earnings(api, han)).totals[0]!.paidOut).toBe(4_000));
    const platform = await revenue(api, boss);
    expect(platform).toMatchObject({ testMode: false, failedTransfers: 0, sendingTransfers: 0 });
    expect(platform.totals).toEqual([
      {
        currency: 'CNY',
        sold: 2,
        gross: 15_000,
        fees: 3_000,
        refunded: 0,
        earned: 12_000,
        paidOut: 12_000,
        pending: 0,
      },
    ]);
    expect(stripe.transfers.filter((t) => t.destination === 'acct_2zk')).toHaveLength(1);
  });
});
