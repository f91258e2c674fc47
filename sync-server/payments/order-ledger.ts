import type { OrderDoc } from '../../common/collections/index.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import { readOrder } from '../data/commerce-tables.js';
import type { Doc, Placement } from '../replication/collection-rules.js';
import { forUpdate, type SqlClient, type SqlDatabase } from '../sql/sql-database.js';
import { releaseCoupon } from './coupons.js';
import { addGrant, endGrant, type WriteDoc } from './entitlements.js';
import type { PaymentEvent } from './payment-event.js';
import type { PaymentRecord } from './payment-states.js';

/**
 * The order ledger: reading orders, claiming provider events once, granting and ending an
 * order's purchases, its sales records and payment records. Shared by placing orders,
 * completing checkouts and reversing payments.
 */
export function orderLedger(deps: {
  db: SqlDatabase;
  signer: EntitlementSigner;
  now: () => number;
  /** The platform's share of each sale, in percent (fixed on the sale when it is paid). */
  platformFeePercent?: number;
}) {
  const { db } = deps;

  /** An order with its lines, held (FOR UPDATE on PostgreSQL) for the decision the caller makes. */
  async function loadOrder(tx: SqlClient, orderId: string): Promise<OrderDoc | undefined> {
    return readOrder(tx, orderId, forUpdate(tx));
  }

  async function ownedCourses(userId: string): Promise<Set<string>> {
    const rows = await db.all<{ course_id: string }>(
      'SELECT DISTINCT course_id FROM entitlement_grants WHERE user_id = ? AND revoked_at IS NULL',
      [userId],
    );
    return new Set(rows.map((row) => row.course_id));
  }

  /** Claiming the event id in the same transaction as its effects makes each event apply exactly once. */
  async function claimEvent(tx: SqlClient, event: PaymentEvent, orderId: string | null): Promise<boolean> {
    const claimed = await tx.run(
      'INSERT INTO payment_events (id, type, received_at, order_id) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      [event.id, event.type, deps.now(), orderId],
    );
    return claimed.changes > 0;
  }

  const purchase = (order: OrderDoc, courseId: string) => ({
    userId: order.userId,
    courseId,
    source: 'purchase' as const,
    ref: order.id,
  });

  /** Ends this order's purchase grants for `courseIds`; grants from elsewhere (seats, admins, other orders) stay. */
  async function endPurchases(
    tx: SqlClient,
    write: WriteDoc,
    order: OrderDoc,
    courseIds: readonly string[],
    now: number,
  ): Promise<void> {
    for (const courseId of courseIds) await endGrant(tx, deps.signer, write, purchase(order, courseId), now);
  }

  /** Grants this order's items that are neither refunded nor under a standing dispute. */
  async function grantPurchases(tx: SqlClient, write: WriteDoc, order: OrderDoc, now: number): Promise<void> {
    for (const item of order.items)
      if (!item.refunded) await addGrant(tx, deps.signer, write, purchase(order, item.courseId), now);
  }

  /** One sales record per paid item, for the course's creator. */
  async function recordSales(tx: SqlClient, order: OrderDoc, paidAt: number): Promise<void> {
    for (const item of order.items) {
      const course = await tx.get<{ owner_id: string | null }>(
        "SELECT owner_id FROM documents WHERE collection = 'courses' AND id = ?",
        [item.courseId],
      );
      // Each line is its course's creator's (a bundle of several creators' courses splits by line).
      const fee = Math.round((item.amount * (deps.platformFeePercent ?? 0)) / 100);
      await tx.run(
        'INSERT INTO sales (order_id, course_id, creator_id, amount, currency, paid_at, platform_fee, creator_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, course_id) DO NOTHING',
        [order.id, item.courseId, course?.owner_id ?? '', item.amount, item.currency, paidAt, fee, item.amount - fee],
      );
    }
  }

  async function paymentRecords(tx: SqlClient, orderId: string): Promise<Record<string, PaymentRecord>> {
    const row = await tx.get<{ refunds: string }>(`SELECT refunds FROM checkouts WHERE order_id = ?${forUpdate(tx)}`, [
      orderId,
    ]);
    return row ? (JSON.parse(row.refunds) as Record<string, PaymentRecord>) : {};
  }

  const orderStatusOf = (order: OrderDoc, items: OrderDoc['items']): OrderDoc['status'] =>
    items.every((item) => item.refunded)
      ? 'refunded'
      : items.some((item) => item.refunded)
        ? 'partially_refunded'
        : order.status === 'pending'
          ? 'pending'
          : 'paid';

  /** Marks a pending order given up and releases its coupon use; returns its checkout session to expire at the provider. */
  async function giveUp(
    tx: SqlClient,
    write: (collection: 'orders', doc: Doc, placement: Placement) => void,
    orderId: string,
  ): Promise<string | undefined> {
    const order = await loadOrder(tx, orderId);
    if (!order || order.status !== 'pending') return undefined;
    write(
      'orders',
      { ...order, status: 'expired', updatedAt: deps.now(), _deleted: false },
      { ownerId: order.userId, isPublic: false },
    );
    await releaseCoupon(tx, orderId);
    const checkout = await tx.get<{ session_id: string }>('SELECT session_id FROM checkouts WHERE order_id = ?', [
      orderId,
    ]);
    return checkout?.session_id;
  }

  return {
    loadOrder,
    ownedCourses,
    claimEvent,
    endPurchases,
    grantPurchases,
    recordSales,
    paymentRecords,
    orderStatusOf,
    giveUp,
  };
}

export type OrderLedger = ReturnType<typeof orderLedger>;
