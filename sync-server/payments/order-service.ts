import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { DocumentStore } from '../replication/document-store.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { releaseCoupon, retakeCoupon } from './coupons.js';
import { readOrder } from '../data/commerce-tables.js';
import type { PaymentGateway } from './payment-gateway.js';
import { paymentReversals } from './payment-reversals.js';
import { orderLedger } from './order-ledger.js';
import { orderPlacement } from './place-order.js';
import type { EventOutcome, PaymentEvent } from './payment-event.js';

export type { EventOutcome, PaymentEvent } from './payment-event.js';

export interface OrderService {
  /** A checkoutUrl of null means nothing was left to pay (a full discount): the courses are granted at once. */
  createOrder(
    caller: AccessClaims & { email: string },
    courseIds: string[],
    couponCode?: string,
    bundleId?: string,
  ): Promise<{ orderId: string; checkoutUrl: string | null; testMode: boolean; totalAmount: number }>;
  /** Applies a provider event exactly once per event id, whatever the delivery order or concurrency. */
  applyEvent(event: PaymentEvent): Promise<EventOutcome>;
  /** Starts a refund of some courses of a paid order; access to them ends when the refund succeeds. */
  refund(orderId: string, courseIds: string[]): Promise<{ refundId: string; amount: number }>;
  /** A learner's own pending order, given up: its coupon use is released and its checkout can no longer be paid. */
  cancel(caller: AccessClaims, orderId: string): Promise<void>;
  /** Re-applies the provider's recent events; those already applied count as duplicates. */
  reconcile(sinceSeconds?: number): Promise<Record<EventOutcome, number>>;
}

export function createOrderService(deps: {
  db: SqlDatabase;
  documents: DocumentStore;
  gateway: PaymentGateway;
  signer: EntitlementSigner;
  now: () => number;
  publicUrl: () => string;
  /** Told once per order, after the transaction that made it paid has committed (the receipt mail). */
  onPaid?: (orderId: string) => void;
  /** Told when the provider failed a read the order can do without (its receipt link). */
  onProviderError?: (error: unknown, doing: string) => void;
  /** Told after an event changed what creators are owed (paid, refunded, disputed): transfers settle then. */
  onCreatorShareChanged?: () => void;
  /** The platform's share of each sale, in percent. */
  platformFeePercent?: number;
}): OrderService {
  const { db, documents, gateway } = deps;

  const ledger = orderLedger({
    db,
    signer: deps.signer,
    now: deps.now,
    platformFeePercent: deps.platformFeePercent ?? 0,
  });
  const { loadOrder, claimEvent, recordSales, grantPurchases, giveUp } = ledger;
  const reversals = paymentReversals({ db, documents, now: deps.now, ledger });
  const placeOrder = orderPlacement({ ...deps, ledger });

  return {
    createOrder: placeOrder,

    async reconcile(sinceSeconds = 3 * 86_400) {
      const counts: Record<EventOutcome, number> = { processed: 0, duplicate: 0, ignored: 0 };
      for (const event of await gateway.recentEvents(sinceSeconds)) counts[await this.applyEvent(event)]++;
      return counts;
    },

    async refund(orderId, courseIds) {
      const checkout = await db.get<{ session_id: string }>('SELECT session_id FROM checkouts WHERE order_id = ?', [
        orderId,
      ]);
      const order = await readOrder(db, orderId);
      if (!checkout || !order) throw new DomainError('NOT_FOUND', 'No such order.');
      if (order.status !== 'paid' && order.status !== 'partially_refunded')
        throw new DomainError('CONFLICT', `A ${order.status} order cannot be refunded.`);
      const items = order.items.filter((item) => courseIds.includes(item.courseId));
      if (items.length !== new Set(courseIds).size)
        throw new DomainError('INVALID_INPUT', 'Every course to refund must be part of the order.');
      if (items.some((item) => item.refunded))
        throw new DomainError('CONFLICT', 'Some of these courses were already refunded.');
      const amount = items.reduce((sum, item) => sum + item.amount, 0);
      const refunded = items.map((i) => i.courseId);
      const refund = await gateway.refund({ sessionId: checkout.session_id, amount, orderId, courseIds: refunded });
      // The local test checkout has no webhooks: its refund succeeds at once, on the same path as Stripe's event.
      if (gateway.mode === 'test') {
        await this.applyEvent({
          id: `evt_${refund.id}`,
          type: 'refund.updated',
          data: {
            object: { id: refund.id, status: 'succeeded', metadata: { orderId, courseIds: refunded.join(',') } },
          },
        });
      }
      return { refundId: refund.id, amount };
    },

    async cancel(caller, orderId) {
      const sessionId = await documents.serverTransaction(async (tx, write) => {
        const order = await loadOrder(tx, orderId);
        if (!order || order.userId !== caller.userId) throw new DomainError('NOT_FOUND', 'No such order of yours.');
        if (order.status !== 'pending')
          throw new DomainError('CONFLICT', `A ${order.status} order cannot be cancelled.`);
        return giveUp(tx, write, orderId);
      });
      if (sessionId) await gateway.expireCheckout(sessionId);
    },

    async applyEvent(event) {
      const outcome = await applyOnce(event);
      if (outcome === 'processed') deps.onCreatorShareChanged?.();
      return outcome;
    },
  };

  async function applyOnce(event: PaymentEvent): Promise<EventOutcome> {
    if (event.type === 'refund.created' || event.type === 'refund.updated' || event.type === 'charge.refund.updated')
      return reversals.applyRefund(event);
    if (event.type === 'charge.dispute.created' || event.type === 'charge.dispute.closed')
      return reversals.applyDispute(event);
    const handled = [
      'checkout.session.completed',
      'checkout.session.async_payment_succeeded',
      'checkout.session.async_payment_failed',
      'checkout.session.expired',
    ];
    if (!handled.includes(event.type)) return 'ignored';
    const sessionId = event.data.object.id;
    const checkout = await db.get<{ order_id: string; user_id: string }>(
      'SELECT order_id, user_id FROM checkouts WHERE session_id = ?',
      [sessionId],
    );
    if (!checkout) return 'ignored';
    // Events can arrive out of order: what counts is the session's state now, asked from the provider.
    const paid =
      event.type === 'checkout.session.expired' || event.type === 'checkout.session.async_payment_failed'
        ? false
        : (await gateway.paymentStatus(sessionId)) === 'paid';
    // The receipt is fetched outside the transaction; a provider hiccup must not block the grant.
    const receiptUrl = paid
      ? await gateway.receiptUrl(sessionId).catch((error: unknown) => {
          deps.onProviderError?.(error, 'fetching a receipt link');
          return null;
        })
      : null;

    let newlyPaid = false;
    const outcome = await documents.serverTransaction(async (tx, write) => {
      if (!(await claimEvent(tx, event, checkout.order_id))) return 'duplicate';
      const order = await loadOrder(tx, checkout.order_id);
      if (!order) return 'ignored';
      const now = deps.now();
      if (paid) {
        const intent = event.data.object.payment_intent;
        const intentId = typeof intent === 'string' ? intent : intent?.id;
        await tx.run(
          'UPDATE checkouts SET payment_status = ?, updated_at = ?, payment_intent = COALESCE(?, payment_intent) WHERE order_id = ?',
          ['paid', now, intentId ?? null, order.id],
        );
        // Paid once is paid: a later "paid" (a second completion, a replay) never grants again what a refund or dispute took.
        if (order.status !== 'pending' && order.status !== 'expired' && order.status !== 'failed') return 'processed';
        // Paid after it was given up (a checkout that completed as it was superseded): the money counts, and so does its coupon.
        if (order.status !== 'pending') await retakeCoupon(tx, order.id);
        write(
          'orders',
          { ...order, status: 'paid', updatedAt: now, ...(receiptUrl ? { receiptUrl } : {}), _deleted: false },
          { ownerId: order.userId, isPublic: false },
        );
        await recordSales(tx, order, now);
        await grantPurchases(tx, write, order, now);
        newlyPaid = true;
        return 'processed';
      }
      if (order.status === 'pending') {
        const status =
          event.type === 'checkout.session.expired'
            ? 'expired'
            : event.type === 'checkout.session.async_payment_failed'
              ? 'failed'
              : 'pending';
        if (status !== 'pending') {
          write(
            'orders',
            { ...order, status, updatedAt: now, _deleted: false },
            { ownerId: order.userId, isPublic: false },
          );
          await releaseCoupon(tx, order.id);
        }
      }
      return 'processed';
    });
    if (newlyPaid) deps.onPaid?.(checkout.order_id);
    return outcome;
  }
}
