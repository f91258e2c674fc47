import type { DocumentStore } from '../replication/document-store.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import type { OrderLedger } from './order-ledger.js';
import type { EventOutcome, PaymentEvent } from './payment-event.js';
import { updateCreatorDue } from './creator-share.js';
import { nextItemState, type PaymentRecord } from './payment-states.js';

/**
 * Money going back: refunds and disputes, each moving its own state forward only
 * (payment-states.ts), ending or giving back the order's purchases accordingly.
 */
export function paymentReversals(deps: {
  db: SqlDatabase;
  documents: DocumentStore;
  now: () => number;
  ledger: OrderLedger;
}) {
  const { db, documents } = deps;
  const { loadOrder, claimEvent, paymentRecords, orderStatusOf, endPurchases, grantPurchases } = deps.ledger;

  /**
   * A refund's life (docs/payments.md, "State machine"): access ends only when it succeeds; a
   * pending refund changes nothing; one that fails or is cancelled after succeeding gives the
   * items back. Each refund id moves forward only, whatever order its events arrive in.
   */
  async function applyRefund(event: PaymentEvent): Promise<EventOutcome> {
    const refund = event.data.object;
    const orderId = refund.metadata?.orderId;
    const courseIds = (refund.metadata?.courseIds ?? '').split(',').filter(Boolean);
    if (!orderId || courseIds.length === 0) return 'ignored';
    return documents.serverTransaction(async (tx, write) => {
      if (!(await claimEvent(tx, event, orderId))) return 'duplicate';
      const order = await loadOrder(tx, orderId);
      if (!order) return 'ignored';
      const records = await paymentRecords(tx, orderId);
      const previous = records[refund.id];
      const next = nextItemState('refund', previous?.status, refund.status ?? 'pending');
      if (next === undefined) return 'ignored';
      const now = deps.now();
      records[refund.id] = { kind: 'refund', status: next, courseIds };
      await tx.run('UPDATE checkouts SET refunds = ? WHERE order_id = ?', [JSON.stringify(records), orderId]);
      const took = next === 'succeeded' && previous?.status !== 'succeeded';
      const gaveBack = previous?.status === 'succeeded' && next !== 'succeeded';
      if (!took && !gaveBack) return 'processed';
      const named = order.items.filter((item) => courseIds.includes(item.courseId)).map((item) => item.courseId);
      const items = order.items.map((item) => (named.includes(item.courseId) ? { ...item, refunded: took } : item));
      write(
        'orders',
        { ...order, items, status: orderStatusOf(order, items), updatedAt: now, _deleted: false },
        { ownerId: order.userId, isPublic: false },
      );
      for (const courseId of named) {
        if (took)
          await tx.run('UPDATE sales SET refunded_at = COALESCE(refunded_at, ?) WHERE order_id = ? AND course_id = ?', [
            now,
            order.id,
            courseId,
          ]);
        else
          await tx.run('UPDATE sales SET refunded_at = NULL WHERE order_id = ? AND course_id = ?', [
            order.id,
            courseId,
          ]);
      }
      await updateCreatorDue(tx, order.id, records);
      if (took) await endPurchases(tx, write, order, named, now);
      else if (!disputeStands(records)) await grantPurchases(tx, write, { ...order, items }, now);
      return 'processed';
    });
  }

  const disputeStands = (records: Record<string, PaymentRecord>) =>
    Object.values(records).some((record) => record.kind === 'dispute' && record.status === 'open');

  /** A disputed charge suspends the whole order's purchases; a dispute won gives back what was not refunded; a lost one keeps them ended. */
  async function applyDispute(event: PaymentEvent): Promise<EventOutcome> {
    const dispute = event.data.object;
    const intent = dispute.payment_intent;
    const intentId = typeof intent === 'string' ? intent : intent?.id;
    if (!intentId) return 'ignored';
    const checkout = await db.get<{ order_id: string }>('SELECT order_id FROM checkouts WHERE payment_intent = ?', [
      intentId,
    ]);
    if (!checkout) return 'ignored';
    const outcome =
      event.type === 'charge.dispute.created'
        ? 'open'
        : event.type === 'charge.dispute.closed'
          ? dispute.status === 'won'
            ? 'won'
            : dispute.status === 'lost'
              ? 'lost'
              : undefined
          : undefined;
    if (!outcome) return 'ignored';
    return documents.serverTransaction(async (tx, write) => {
      if (!(await claimEvent(tx, event, checkout.order_id))) return 'duplicate';
      const order = await loadOrder(tx, checkout.order_id);
      if (!order || order.status === 'pending') return 'ignored';
      const records = await paymentRecords(tx, order.id);
      const previous = records[dispute.id];
      const next = nextItemState('dispute', previous?.status, outcome);
      if (next === undefined) return 'ignored';
      records[dispute.id] = {
        kind: 'dispute',
        status: next,
        courseIds: order.items.map((item) => item.courseId),
        ...(typeof dispute.amount === 'number' ? { amount: dispute.amount } : {}),
      };
      await tx.run('UPDATE checkouts SET refunds = ? WHERE order_id = ?', [JSON.stringify(records), order.id]);
      await updateCreatorDue(tx, order.id, records);
      const now = deps.now();
      if (next === 'open')
        await endPurchases(
          tx,
          write,
          order,
          order.items.map((item) => item.courseId),
          now,
        );
      else if (next === 'won' && !disputeStands(records)) await grantPurchases(tx, write, order, now);
      return 'processed';
    });
  }

  return { applyRefund, applyDispute };
}
