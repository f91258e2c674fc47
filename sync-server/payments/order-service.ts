import type { CourseDoc, OrderDoc } from '../../common/collections/index.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { newId } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { DocumentStore } from '../replication/document-store.js';
import { forUpdate, type SqlClient, type SqlDatabase } from '../sql/sql-database.js';
import type { Doc, Placement } from '../replication/collection-rules.js';
import { bundleShares, discountedAmounts, releaseCoupon, reserveCoupon, retakeCoupon } from './coupons.js';
import { addGrant, endGrant, type WriteDoc } from './entitlements.js';
import type { PaymentGateway } from './payment-gateway.js';
import type { PaymentRecord } from './payment-states.js';
import { paymentReversals } from './payment-reversals.js';
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
}): OrderService {
  const { db, documents, gateway } = deps;

  async function loadOrder(tx: SqlClient, orderId: string): Promise<OrderDoc | undefined> {
    const row = await tx.get<{ data: string }>(
      `SELECT data FROM documents WHERE collection = 'orders' AND id = ?${forUpdate(tx)}`,
      [orderId],
    );
    return row ? (JSON.parse(row.data) as OrderDoc) : undefined;
  }

  async function ownedCourses(userId: string): Promise<Set<string>> {
    const rows = await db.all<{ course_id: string }>(
      'SELECT DISTINCT course_id FROM entitlement_grants WHERE user_id = ? AND revoked_at IS NULL',
      [userId],
    );
    return new Set(rows.map((row) => row.course_id));
  }

  /** Claiming the event id in the same transaction as its effects makes each event apply exactly once. */
  async function claimEvent(tx: SqlClient, event: PaymentEvent): Promise<boolean> {
    const claimed = await tx.run(
      'INSERT INTO payment_events (id, type, received_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
      [event.id, event.type, deps.now()],
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
      await tx.run(
        'INSERT INTO sales (order_id, course_id, creator_id, amount, currency, paid_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, course_id) DO NOTHING',
        [order.id, item.courseId, course?.owner_id ?? '', item.amount, item.currency, paidAt],
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

  const reversals = paymentReversals({
    db,
    documents,
    now: deps.now,
    ledger: { loadOrder, claimEvent, paymentRecords, orderStatusOf, endPurchases, grantPurchases },
  });

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
    async createOrder(caller, requestedCourseIds, couponCode, bundleId) {
      let courseIds = requestedCourseIds;
      let bundle: { price_amount: number; currency: string } | undefined;
      if (bundleId) {
        const row = await db.get<{ course_ids: string; price_amount: number; currency: string }>(
          'SELECT course_ids, price_amount, currency FROM bundles WHERE id = ?',
          [bundleId],
        );
        if (!row) throw new DomainError('NOT_FOUND', 'No such bundle.');
        courseIds = JSON.parse(row.course_ids) as string[];
        bundle = { price_amount: Number(row.price_amount), currency: row.currency };
      }
      const unique = [...new Set(courseIds)];
      if (unique.length === 0 || unique.length > 20)
        throw new DomainError('INVALID_INPUT', 'An order holds 1 to 20 courses.');
      const owned = await ownedCourses(caller.userId);
      const courses: CourseDoc[] = [];
      for (const courseId of unique) {
        const row = await db.get<{ data: string; is_public: number }>(
          "SELECT data, is_public FROM documents WHERE collection = 'courses' AND id = ? AND deleted = 0",
          [courseId],
        );
        const course = row ? (JSON.parse(row.data) as CourseDoc) : undefined;
        if (!course || !row?.is_public || course.status !== 'published')
          throw new DomainError('NOT_FOUND', `No course ${courseId} is for sale.`);
        if (course.priceAmount === 0)
          throw new DomainError('INVALID_INPUT', `${courseId} is free; no payment is needed.`);
        if (owned.has(courseId)) throw new DomainError('CONFLICT', `You already own ${courseId}.`);
        courses.push(course);
      }
      const currency = (bundle?.currency ?? courses[0]!.currency) as OrderDoc['currency'];
      if (!bundle && courses.some((c) => c.currency !== currency))
        throw new DomainError('INVALID_INPUT', 'All courses of one order must be priced in one currency.');

      const orderId = newId('ord');
      const now = deps.now();
      const toExpire: string[] = [];
      const order = await documents.serverTransaction(async (tx, write) => {
        // A bundle's price is spread over its courses in proportion to their own prices, so a refund of one course returns its share.
        let amounts = bundle
          ? bundleShares(
              courses.map((c) => c.priceAmount),
              bundle.price_amount,
            )
          : courses.map((c) => c.priceAmount);
        if (couponCode) {
          const coupon = await reserveCoupon(tx, {
            code: couponCode.trim().toUpperCase(),
            currency,
            now,
            userId: caller.userId,
            supersede: async (held) => void toExpire.push((await giveUp(tx, write, held)) ?? ''),
          });
          await tx.run('INSERT INTO order_coupons (order_id, code, user_id) VALUES (?, ?, ?)', [
            orderId,
            coupon.code,
            caller.userId,
          ]);
          amounts = discountedAmounts(amounts, coupon);
        }
        const created: OrderDoc = {
          id: orderId,
          userId: caller.userId,
          status: 'pending',
          items: courses.map((c, i) => ({ courseId: c.id, amount: amounts[i]!, currency, refunded: false })),
          totalAmount: amounts.reduce((sum, amount) => sum + amount, 0),
          currency,
          testMode: gateway.mode === 'test',
          createdAt: now,
          updatedAt: now,
        };
        if (created.totalAmount === 0) {
          // Nothing left to pay: the order is settled and the courses granted in this same transaction.
          created.status = 'paid';
          for (const course of courses)
            await addGrant(
              tx,
              deps.signer,
              write,
              { userId: caller.userId, courseId: course.id, source: 'purchase', ref: orderId },
              now,
            );
        }
        write('orders', { ...created, _deleted: false }, { ownerId: caller.userId, isPublic: false });
        return created;
      });
      // The order a coupon use moved from can no longer be paid at the provider (the test checkout checks the order's state).
      for (const sessionId of toExpire) if (sessionId) await gateway.expireCheckout(sessionId);
      if (order.totalAmount === 0)
        return { orderId, checkoutUrl: null, testMode: gateway.mode === 'test', totalAmount: 0 };

      let session;
      try {
        session = await gateway.createCheckout({
          orderId,
          items: courses.map((c, i) => ({
            courseId: c.id,
            title: c.title.en,
            amount: order.items[i]!.amount,
            currency,
          })),
          customerEmail: caller.email,
          successUrl: `zhiku://checkout/success?order=${orderId}`,
          cancelUrl: `zhiku://checkout/cancel?order=${orderId}`,
        });
      } catch (error) {
        // No checkout, no order: it fails and gives its coupon use back.
        await documents.serverTransaction(async (tx, write) => {
          await releaseCoupon(tx, orderId);
          write(
            'orders',
            { ...order, status: 'failed', updatedAt: deps.now(), _deleted: false },
            { ownerId: caller.userId, isPublic: false },
          );
        });
        throw error;
      }
      await db.run(
        'INSERT INTO checkouts (order_id, session_id, user_id, mode, payment_status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [orderId, session.id, caller.userId, gateway.mode, 'unpaid', now, now],
      );
      return { orderId, checkoutUrl: session.url, testMode: gateway.mode === 'test', totalAmount: order.totalAmount };
    },

    async reconcile(sinceSeconds = 3 * 86_400) {
      const counts: Record<EventOutcome, number> = { processed: 0, duplicate: 0, ignored: 0 };
      for (const event of await gateway.recentEvents(sinceSeconds)) counts[await this.applyEvent(event)]++;
      return counts;
    },

    async refund(orderId, courseIds) {
      const checkout = await db.get<{ session_id: string }>('SELECT session_id FROM checkouts WHERE order_id = ?', [
        orderId,
      ]);
      const row = await db.get<{ data: string }>("SELECT data FROM documents WHERE collection = 'orders' AND id = ?", [
        orderId,
      ]);
      const order = row ? (JSON.parse(row.data) as OrderDoc) : undefined;
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
      const receiptUrl = paid ? await gateway.receiptUrl(sessionId).catch(() => null) : null;

      return documents.serverTransaction(async (tx, write) => {
        if (!(await claimEvent(tx, event))) return 'duplicate';
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
    },
  };
}
