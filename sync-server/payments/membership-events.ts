import type { EntitlementDoc } from '../../common/collections/index.js';
import { membershipCourseId } from '../../common/payments/membership-access.js';
import type { MembershipStatus } from '../../common/server-api/memberships.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import { readEntitlement } from '../data/commerce-tables.js';
import type { DocumentStore } from '../replication/document-store.js';
import { entitlementId } from '../replication/document-types.js';
import { forUpdate, type SqlClient } from '../sql/sql-database.js';
import type { WriteDoc } from './entitlements.js';
import type { EventOutcome } from './payment-event.js';
import { accessUntil, nextMembershipStatus, renews, statusFromProvider } from './membership-states.js';
import { planScope, readPlan } from './plans.js';
import type { SubscriptionGateway } from './subscription-gateway.js';

/** A provider event about a membership, as Stripe (or the test billing) sends it. */
export interface MembershipEvent {
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

export interface MembershipRow {
  id: string;
  user_id: string;
  plan_id: string;
  checkout_session: string | null;
  subscription_id: string | null;
  customer_id: string | null;
  status: MembershipStatus;
  cancel_at_period_end: number | boolean;
  paid_through: number;
  ended_at: number | null;
  created_at: number;
  updated_at: number;
}

export const MEMBERSHIP_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.expired',
  'invoice.paid',
  'invoice.payment_failed',
  'customer.subscription.updated',
  'customer.subscription.deleted',
] as const;

const str = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : value && typeof value === 'object' && 'id' in value
      ? String(value.id)
      : undefined;
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : {};

/** The subscription an invoice is for, and our membership id if its metadata names it (API versions differ on where). */
function invoiceSubscription(invoice: Record<string, unknown>): { subscriptionId?: string; membershipId?: string } {
  const details = record(record(invoice.parent).subscription_details);
  const older = record(invoice.subscription_details);
  const line = record((record(invoice.lines).data as unknown[] | undefined)?.[0]);
  const subscriptionId = str(invoice.subscription) ?? str(details.subscription);
  const membershipId =
    str(record(details.metadata).membershipId) ??
    str(record(older.metadata).membershipId) ??
    str(record(line.metadata).membershipId);
  return { ...(subscriptionId ? { subscriptionId } : {}), ...(membershipId ? { membershipId } : {}) };
}

/** The end of the period an invoice paid for (ms): its lines' latest end. */
function invoicePeriodEnd(invoice: Record<string, unknown>): number | undefined {
  const lines = (record(invoice.lines).data as unknown[] | undefined) ?? [];
  const ends = lines.map((line) => Number(record(record(line).period).end)).filter((end) => end > 0);
  const end = ends.length > 0 ? Math.max(...ends) : Number(invoice.period_end);
  return end > 0 ? end * 1000 : undefined;
}

/**
 * Applies the provider's events to memberships, each once, whatever order they arrive in: what a
 * membership is paid through only grows (from paid invoices), it ends once, and its status moves
 * only forward (membership-states.ts). Each change re-signs the learner's membership entitlement
 * — one document per membership, naming what it opens and until when — and a paid invoice of a
 * creator's plan is that creator's sale (its share is transferred like a course's).
 */
export function membershipEvents(deps: {
  documents: DocumentStore;
  signer: EntitlementSigner;
  gateway: SubscriptionGateway;
  now: () => number;
  platformFeePercent: number;
}) {
  const { documents } = deps;

  async function findMembership(
    tx: SqlClient,
    by: { membershipId?: string | undefined; subscriptionId?: string | undefined; session?: string | undefined },
  ): Promise<MembershipRow | undefined> {
    const lock = forUpdate(tx);
    if (by.subscriptionId) {
      const row = await tx.get<MembershipRow>(`SELECT * FROM memberships WHERE subscription_id = ?${lock}`, [
        by.subscriptionId,
      ]);
      if (row) return row;
    }
    if (by.session) {
      const row = await tx.get<MembershipRow>(`SELECT * FROM memberships WHERE checkout_session = ?${lock}`, [
        by.session,
      ]);
      if (row) return row;
    }
    return by.membershipId
      ? tx.get<MembershipRow>(`SELECT * FROM memberships WHERE id = ?${lock}`, [by.membershipId])
      : undefined;
  }

  /** The learner's entitlement for the membership, brought in line with it: one write at most. */
  async function settleEntitlement(tx: SqlClient, write: WriteDoc, membership: MembershipRow): Promise<void> {
    if (Number(membership.paid_through) === 0) return;
    const plan = await readPlan(tx, membership.plan_id);
    if (!plan) return;
    const courseId = membershipCourseId(membership.id);
    const current = await readEntitlement(tx, membership.user_id, courseId, forUpdate(tx));
    const fields = {
      id: entitlementId(membership.user_id, courseId),
      userId: membership.user_id,
      courseId,
      grantedAt: current?.grantedAt ?? deps.now(),
      validUntil: accessUntil(
        Number(membership.paid_through),
        membership.ended_at === null ? null : Number(membership.ended_at),
      ),
      renews: renews(membership.status, Boolean(Number(membership.cancel_at_period_end))),
      scope: await planScope(tx, plan),
    };
    if (
      current &&
      current.validUntil === fields.validUntil &&
      current.renews === fields.renews &&
      current.planId === plan.id &&
      JSON.stringify(current.scope) === JSON.stringify(fields.scope)
    )
      return;
    const doc: EntitlementDoc = {
      ...fields,
      source: 'membership',
      planId: plan.id,
      updatedAt: deps.now(),
      signature: deps.signer.sign(fields),
    };
    write('entitlements', { ...doc, _deleted: false }, { ownerId: membership.user_id, isPublic: false });
  }

  async function claim(tx: SqlClient, event: MembershipEvent): Promise<boolean> {
    const claimed = await tx.run(
      'INSERT INTO payment_events (id, type, received_at, order_id) VALUES (?, ?, ?, NULL) ON CONFLICT (id) DO NOTHING',
      [event.id, event.type, deps.now()],
    );
    return claimed.changes > 0;
  }

  async function save(tx: SqlClient, write: WriteDoc, next: MembershipRow): Promise<void> {
    await tx.run(
      `UPDATE memberships SET plan_id = ?, subscription_id = ?, customer_id = ?, status = ?, cancel_at_period_end = ?,
         paid_through = ?, ended_at = ?, updated_at = ? WHERE id = ?`,
      [
        next.plan_id,
        next.subscription_id,
        next.customer_id,
        next.status,
        Number(next.cancel_at_period_end) ? 1 : 0,
        Number(next.paid_through),
        next.ended_at,
        deps.now(),
        next.id,
      ],
    );
    await settleEntitlement(tx, write, next);
  }

  /** A paid invoice of a plan is a sale: the creator's (their share transferred), or the platform's own. */
  async function recordSale(tx: SqlClient, membership: MembershipRow, invoice: Record<string, unknown>): Promise<void> {
    const amount = Number(invoice.amount_paid ?? 0);
    const invoiceId = str(invoice.id);
    if (!invoiceId || !(amount > 0)) return;
    const plan = await readPlan(tx, membership.plan_id);
    const creatorId = plan?.owner_id ?? '';
    const fee = creatorId ? Math.round((amount * deps.platformFeePercent) / 100) : amount;
    await tx.run(
      `INSERT INTO sales (order_id, course_id, creator_id, amount, currency, paid_at, platform_fee, creator_due, payment_intent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, course_id) DO NOTHING`,
      [
        invoiceId,
        `plan-${membership.plan_id}`,
        creatorId,
        amount,
        (str(invoice.currency) ?? plan?.currency ?? '').toUpperCase(),
        deps.now(),
        fee,
        amount - fee,
        str(invoice.payment_intent) ?? null,
      ],
    );
  }

  return {
    /** Whether this event is one memberships handle (a checkout of a membership, an invoice, a subscription). */
    async handles(event: MembershipEvent): Promise<boolean> {
      if (!(MEMBERSHIP_EVENT_TYPES as readonly string[]).includes(event.type)) return false;
      if (!event.type.startsWith('checkout.')) return true;
      const object = event.data.object;
      return object.mode === 'subscription' || (str(object.id) ?? '').startsWith('cs_test_sub_');
    },

    async apply(event: MembershipEvent): Promise<{ outcome: EventOutcome; changed: boolean }> {
      const object = event.data.object;
      // Subscription events: the state now, asked from the provider (Stripe), or the event's own (test billing).
      const subscriptionId = event.type.startsWith('customer.subscription.') ? str(object.id) : undefined;
      // No answer from Stripe: the event fails (Stripe delivers it again later) rather than trusting a possibly stale copy.
      const state = subscriptionId ? await deps.gateway.subscription(subscriptionId) : undefined;
      let changed = false;
      const outcome = await documents.serverTransaction(async (tx, write): Promise<EventOutcome> => {
        const invoice = event.type.startsWith('invoice.') ? invoiceSubscription(object) : {};
        const membership = await findMembership(tx, {
          membershipId:
            str(record(object.metadata).membershipId) ?? invoice.membershipId ?? str(object.client_reference_id),
          subscriptionId: subscriptionId ?? invoice.subscriptionId ?? str(object.subscription),
          session: event.type.startsWith('checkout.') ? str(object.id) : undefined,
        });
        if (!membership) return 'ignored';
        if (!(await claim(tx, event))) return 'duplicate';
        const next: MembershipRow = { ...membership };
        const everPaid = Number(membership.paid_through) > 0;
        const moveTo = (reported: MembershipStatus) => {
          next.status = nextMembershipStatus(next.status, reported) ?? next.status;
        };
        switch (event.type) {
          case 'checkout.session.completed':
            next.subscription_id ??= str(object.subscription) ?? null;
            next.customer_id ??= str(object.customer) ?? null;
            break;
          case 'checkout.session.expired':
            if (next.status === 'pending' && !everPaid) next.status = 'expired';
            break;
          case 'invoice.paid': {
            next.subscription_id ??= invoice.subscriptionId ?? null;
            next.customer_id ??= str(object.customer) ?? null;
            const end = invoicePeriodEnd(object);
            if (end !== undefined) next.paid_through = Math.max(Number(next.paid_through), end);
            const trial = Number(object.amount_paid ?? 0) === 0 && object.billing_reason === 'subscription_create';
            moveTo(trial && next.status === 'pending' ? 'trialing' : 'active');
            await recordSale(tx, next, object);
            break;
          }
          case 'invoice.payment_failed':
            moveTo('past_due');
            break;
          default: {
            // customer.subscription.updated / .deleted
            const deleted = event.type === 'customer.subscription.deleted';
            const status = state?.status ?? (deleted ? 'canceled' : (str(object.status) ?? next.status));
            next.cancel_at_period_end = state?.cancelAtPeriodEnd ?? object.cancel_at_period_end === true;
            const planId = state?.planId ?? str(record(object.metadata).planId);
            if (planId && planId !== next.plan_id && (await readPlan(tx, planId))) next.plan_id = planId;
            next.customer_id ??= state?.customerId ?? str(object.customer) ?? null;
            moveTo(statusFromProvider(status, everPaid || Number(next.paid_through) > 0));
            if (next.status === 'canceled' || next.status === 'expired') {
              const endedAt =
                state?.endedAt ?? (Number(object.ended_at) > 0 ? Number(object.ended_at) * 1000 : deps.now());
              next.ended_at ??= endedAt;
              next.cancel_at_period_end = false;
            }
          }
        }
        changed = JSON.stringify(next) !== JSON.stringify(membership);
        if (changed) await save(tx, write, next);
        return 'processed';
      });
      return { outcome, changed };
    },

    settleEntitlement,
  };
}

export type MembershipEvents = ReturnType<typeof membershipEvents>;
