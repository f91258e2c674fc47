import { randomBytes, randomUUID } from 'node:crypto';
import type { Membership, MembershipStatus } from '../../common/server-api/memberships.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import type { MembershipEvent, MembershipEvents, MembershipRow } from './membership-events.js';
import { readPlan, type PlanRow } from './plans.js';
import type { SubscriptionGateway, SubscriptionPlan } from './subscription-gateway.js';

const LIVE: readonly MembershipStatus[] = ['trialing', 'active', 'past_due'];

const gatewayPlan = (plan: PlanRow): SubscriptionPlan => ({
  id: plan.id,
  title: plan.title_zh === plan.title_en ? plan.title_zh : `${plan.title_zh} · ${plan.title_en}`,
  interval: plan.billing_interval,
  priceAmount: Number(plan.price_amount),
  currency: plan.currency,
  trialDays: Number(plan.trial_days),
});

/** One billing period later, by the calendar (a month from 31 January is the last day of February). */
export function periodAfter(from: number, interval: 'month' | 'year'): number {
  const date = new Date(from);
  const day = date.getUTCDate();
  const next = new Date(from);
  next.setUTCDate(1);
  if (interval === 'month') next.setUTCMonth(next.getUTCMonth() + 1);
  else next.setUTCFullYear(next.getUTCFullYear() + 1);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next.getTime();
}

/**
 * A learner's memberships: joining a plan (a checkout in subscription mode), seeing their own,
 * cancelling at the period's end (and taking that back), changing to another plan of the same
 * seller, and the provider's customer portal. Only the member acts on a membership; the
 * provider's events (membership-events.ts) decide what it is.
 */
export function createMembershipService(deps: {
  db: SqlDatabase;
  gateway: SubscriptionGateway;
  events: MembershipEvents;
  now: () => number;
  publicUrl: () => string;
  onChanged?: () => void;
}) {
  const { db, gateway } = deps;
  const view = (row: MembershipRow): Membership => ({
    id: row.id,
    planId: row.plan_id,
    status: row.status,
    cancelAtPeriodEnd: Boolean(Number(row.cancel_at_period_end)),
    paidThrough: Number(row.paid_through),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    testMode: gateway.mode === 'test',
  });

  async function own(caller: AccessClaims, membershipId: string): Promise<MembershipRow> {
    const row = await db.get<MembershipRow>('SELECT * FROM memberships WHERE id = ?', [membershipId]);
    if (!row || row.user_id !== caller.userId) throw new DomainError('NOT_FOUND', 'No such membership of yours.');
    return row;
  }
  const live = (row: MembershipRow) => {
    if (!LIVE.includes(row.status) || !row.subscription_id)
      throw new DomainError('CONFLICT', `A ${row.status} membership cannot be changed.`);
    return row.subscription_id;
  };

  /** The learner's customer at the provider, made by an earlier membership (one per learner). */
  async function customerOf(userId: string): Promise<string | undefined> {
    const row = await db.get<{ customer_id: string }>(
      'SELECT customer_id FROM memberships WHERE user_id = ? AND customer_id IS NOT NULL ORDER BY created_at DESC LIMIT 1',
      [userId],
    );
    return row?.customer_id;
  }

  async function apply(event: MembershipEvent) {
    const result = await deps.events.apply(event);
    if (result.changed) deps.onChanged?.();
    return result.outcome;
  }

  return {
    async subscribe(caller: AccessClaims & { email: string }, planId: string) {
      const plan = await readPlan(db, planId);
      if (!plan || !Number(plan.active)) throw new DomainError('NOT_FOUND', 'No such plan on sale.');
      if (plan.owner_id === caller.userId) throw new DomainError('CONFLICT', 'This is your own plan.');
      const held = await db.get<{ id: string }>(
        `SELECT id FROM memberships WHERE user_id = ? AND plan_id = ? AND status IN ('trialing', 'active', 'past_due')`,
        [caller.userId, planId],
      );
      if (held) throw new DomainError('CONFLICT', 'You are already a member of this plan.');
      const earlier = await customerOf(caller.userId);
      const id = `mem_${randomUUID()}`;
      const now = deps.now();
      await db.run(
        `INSERT INTO memberships (id, user_id, plan_id, status, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?)`,
        [id, caller.userId, planId, now, now],
      );
      const base = deps.publicUrl();
      const session = await gateway.createSubscriptionCheckout({
        membershipId: id,
        userId: caller.userId,
        plan: gatewayPlan(plan),
        customerEmail: caller.email,
        customerId: earlier,
        successUrl: `${base}/checkout/done?membership=${id}`,
        cancelUrl: `${base}/checkout/cancelled?membership=${id}`,
      });
      await db.run('UPDATE memberships SET checkout_session = ? WHERE id = ?', [session.id, id]);
      return { membershipId: id, checkoutUrl: session.url, testMode: gateway.mode === 'test' };
    },

    async mine(caller: AccessClaims): Promise<Membership[]> {
      const rows = await db.all<MembershipRow>(
        "SELECT * FROM memberships WHERE user_id = ? AND status <> 'expired' ORDER BY created_at DESC, id",
        [caller.userId],
      );
      return rows.map(view);
    },

    /** Cancels at the end of the paid period (or takes that back): the provider's event then updates it. */
    async setCancelAtPeriodEnd(caller: AccessClaims, membershipId: string, cancel: boolean): Promise<Membership> {
      const row = await own(caller, membershipId);
      await gateway.setCancelAtPeriodEnd(live(row), cancel);
      return view(await own(caller, membershipId));
    },

    /** Moves to another plan of the same seller and currency; the provider prorates the difference. */
    async changePlan(caller: AccessClaims, membershipId: string, planId: string): Promise<Membership> {
      const row = await own(caller, membershipId);
      const subscriptionId = live(row);
      const [from, to] = [await readPlan(db, row.plan_id), await readPlan(db, planId)];
      if (!to || !Number(to.active)) throw new DomainError('NOT_FOUND', 'No such plan on sale.');
      if (!from || from.owner_id !== to.owner_id || from.currency !== to.currency || from.id === to.id)
        throw new DomainError('INVALID_INPUT', 'Change to another plan of the same seller, in the same currency.');
      await gateway.changePlan(subscriptionId, gatewayPlan(to));
      return view(await own(caller, membershipId));
    },

    /** The provider's customer portal (payment methods, invoices) for the caller's customer. */
    async portal(caller: AccessClaims): Promise<{ url: string }> {
      const customerId = await customerOf(caller.userId);
      if (!customerId) throw new DomainError('NOT_FOUND', 'You have no memberships to manage.');
      return gateway.portal(customerId, `${deps.publicUrl()}/payouts/onboarding`);
    },

    customerOf,

    apply,
    /** The test billing's state of a membership, found by its checkout or subscription (test mode only). */
    async testMembership(by: { session?: string; subscriptionId?: string; customerId?: string }) {
      const row = by.session
        ? await db.get<MembershipRow>('SELECT * FROM memberships WHERE checkout_session = ?', [by.session])
        : by.subscriptionId
          ? await db.get<MembershipRow>('SELECT * FROM memberships WHERE subscription_id = ?', [by.subscriptionId])
          : undefined;
      return row ? { membership: row, plan: (await readPlan(db, row.plan_id))! } : undefined;
    },
    async testMembershipsOfCustomer(customerId: string) {
      return db.all<MembershipRow>('SELECT * FROM memberships WHERE customer_id = ? ORDER BY created_at', [customerId]);
    },
  };
}

export type MembershipService = ReturnType<typeof createMembershipService>;

const eventId = () => `evt_test_billing_${randomBytes(12).toString('base64url')}`;
const sec = (ms: number) => Math.floor(ms / 1000);

/**
 * The test billing's drivers: the same events Stripe sends at checkout, at each renewal (paid or
 * failed), at the end of a period and on cancellation — so memberships can be tried offline.
 */
export function testBillingDrivers(service: MembershipService, now: () => number) {
  const invoice = (
    membership: MembershipRow,
    plan: PlanRow,
    start: number,
    end: number,
    reason: string,
    amount: number,
  ) => ({
    id: `in_test_${randomBytes(10).toString('hex')}`,
    object: 'invoice',
    subscription: membership.subscription_id,
    customer: membership.customer_id,
    amount_paid: amount,
    currency: plan.currency.toLowerCase(),
    billing_reason: reason,
    lines: { data: [{ period: { start: sec(start), end: sec(end) }, metadata: { membershipId: membership.id } }] },
  });
  const subscription = (membership: MembershipRow, changes: Record<string, unknown>) => ({
    id: membership.subscription_id,
    object: 'subscription',
    status: membership.status === 'past_due' ? 'past_due' : membership.status,
    cancel_at_period_end: Boolean(Number(membership.cancel_at_period_end)),
    customer: membership.customer_id,
    metadata: { membershipId: membership.id, planId: membership.plan_id },
    ...changes,
  });
  async function found(subscriptionId: string) {
    const state = await service.testMembership({ subscriptionId });
    if (!state) throw new DomainError('NOT_FOUND', 'No such test subscription.');
    return state;
  }

  return {
    /** Pays the checkout: the subscription starts (with its trial, if the plan has one). */
    async subscribe(session: string) {
      const state = await service.testMembership({ session });
      if (!state) throw new DomainError('NOT_FOUND', 'No such test checkout.');
      const { membership, plan } = state;
      if (membership.status !== 'pending') throw new DomainError('CONFLICT', 'This checkout is closed.');
      // Random ids, as Stripe's are: nobody can name another learner's test customer or subscription.
      const subscriptionId = `sub_test_${randomBytes(8).toString('hex')}`;
      const customerId = (await service.customerOf(membership.user_id)) ?? `cus_test_${randomBytes(8).toString('hex')}`;
      await service.apply({
        id: eventId(),
        type: 'checkout.session.completed',
        data: {
          object: {
            id: session,
            mode: 'subscription',
            subscription: subscriptionId,
            customer: customerId,
            client_reference_id: membership.id,
          },
        },
      });
      const start = now();
      const trial = Number(plan.trial_days);
      const end = trial > 0 ? start + trial * 86_400_000 : periodAfter(start, plan.billing_interval);
      const linked = { ...membership, subscription_id: subscriptionId, customer_id: customerId };
      return service.apply({
        id: eventId(),
        type: 'invoice.paid',
        data: {
          object: invoice(linked, plan, start, end, 'subscription_create', trial > 0 ? 0 : Number(plan.price_amount)),
        },
      });
    },

    /** The next period is charged: paid (`ok`) or declined. */
    async renew(subscriptionId: string, ok: boolean) {
      const { membership, plan } = await found(subscriptionId);
      const start = Math.max(Number(membership.paid_through), 0);
      if (ok)
        return service.apply({
          id: eventId(),
          type: 'invoice.paid',
          data: {
            object: invoice(
              membership,
              plan,
              start,
              periodAfter(start, plan.billing_interval),
              'subscription_cycle',
              Number(plan.price_amount),
            ),
          },
        });
      await service.apply({
        id: eventId(),
        type: 'invoice.payment_failed',
        data: {
          object: invoice(membership, plan, start, periodAfter(start, plan.billing_interval), 'subscription_cycle', 0),
        },
      });
      return service.apply({
        id: eventId(),
        type: 'customer.subscription.updated',
        data: { object: subscription(membership, { status: 'past_due' }) },
      });
    },

    /** The paid period is over: a membership cancelled at its end ends now; one that renews is charged. */
    async endPeriod(subscriptionId: string) {
      const { membership } = await found(subscriptionId);
      if (!Number(membership.cancel_at_period_end)) return this.renew(subscriptionId, true);
      return service.apply({
        id: eventId(),
        type: 'customer.subscription.deleted',
        data: {
          object: subscription(membership, { status: 'canceled', ended_at: sec(Number(membership.paid_through)) }),
        },
      });
    },

    /** Cancelled at once (as from the provider's dashboard): access ends now. */
    async cancelNow(subscriptionId: string) {
      const { membership } = await found(subscriptionId);
      return service.apply({
        id: eventId(),
        type: 'customer.subscription.deleted',
        data: { object: subscription(membership, { status: 'canceled', ended_at: sec(now()) }) },
      });
    },

    /** What the API asked of the test subscription (cancel at period end, resume, change plan), told back as Stripe would. */
    async updated(subscriptionId: string, change: { cancelAtPeriodEnd?: boolean; planId?: string }) {
      const { membership } = await found(subscriptionId);
      await service.apply({
        id: eventId(),
        type: 'customer.subscription.updated',
        data: {
          object: subscription(membership, {
            ...(change.cancelAtPeriodEnd === undefined ? {} : { cancel_at_period_end: change.cancelAtPeriodEnd }),
            metadata: { membershipId: membership.id, planId: change.planId ?? membership.plan_id },
          }),
        },
      });
    },
  };
}
