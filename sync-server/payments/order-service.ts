import type { CourseDoc, EntitlementDoc, OrderDoc } from '../../common/collections/index.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { newId } from '../accounts/tokens.js';
import { HttpError } from '../http/http-error.js';
import type { DocumentStore } from '../replication/document-store.js';
import type { SqlClient, SqlDatabase } from '../sql/sql-database.js';
import type { Doc, Placement } from '../replication/collection-rules.js';
import { bundleShares, discountedAmounts, releaseCoupon, reserveCoupon } from './coupons.js';
import { grantedEntitlement, readEntitlement, revokedEntitlement } from './entitlements.js';
import type { PaymentGateway } from './payment-gateway.js';

/** The part of a payment event we act on; Stripe's `Event` and the test checkout's both fit. */
export interface PaymentEvent {
  id: string;
  type: string;
  data: { object: { id: string; client_reference_id?: string | null; payment_status?: string; status?: string | null; metadata?: Record<string, string> | null; payment_intent?: string | { id: string } | null } };
}

export type EventOutcome = 'processed' | 'duplicate' | 'ignored';

export interface OrderService {
  /** A checkoutUrl of null means nothing was left to pay (a full discount): the courses are granted at once. */
  createOrder(caller: AccessClaims & { email: string }, courseIds: string[], couponCode?: string, bundleId?: string): Promise<{ orderId: string; checkoutUrl: string | null; testMode: boolean; totalAmount: number }>;
  /** Applies a provider event exactly once per event id, whatever the delivery order or concurrency. */
  applyEvent(event: PaymentEvent): Promise<EventOutcome>;
  /** Starts a refund of some courses of a paid order; access to them ends when the refund event arrives. */
  refund(orderId: string, courseIds: string[]): Promise<{ refundId: string; amount: number }>;
  /** Re-applies the provider's recent events; those already applied count as duplicates. */
  reconcile(sinceSeconds?: number): Promise<Record<EventOutcome, number>>;
}

export function createOrderService(deps: { db: SqlDatabase; documents: DocumentStore; gateway: PaymentGateway; signer: EntitlementSigner; now: () => number; publicUrl: () => string }): OrderService {
  const { db, documents, gateway } = deps;
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';

  async function loadOrder(tx: SqlClient, orderId: string): Promise<OrderDoc | undefined> {
    const row = await tx.get<{ data: string }>(`SELECT data FROM documents WHERE collection = 'orders' AND id = ?${lock}`, [orderId]);
    return row ? (JSON.parse(row.data) as OrderDoc) : undefined;
  }

  async function ownedCourses(userId: string): Promise<Set<string>> {
    const rows = await db.all<{ data: string }>("SELECT data FROM documents WHERE collection = 'entitlements' AND owner_id = ?", [userId]);
    return new Set(rows.map((row) => JSON.parse(row.data) as EntitlementDoc).filter((e) => e.revokedAt === undefined).map((e) => e.courseId));
  }

  /** Claiming the event id in the same transaction as its effects makes each event apply exactly once. */
  async function claimEvent(tx: SqlClient, event: PaymentEvent): Promise<boolean> {
    const claimed = await tx.run('INSERT INTO payment_events (id, type, received_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', [event.id, event.type, deps.now()]);
    return claimed.changes > 0;
  }

  /** Revokes the entitlements this order granted for `courseIds`; never a grant from elsewhere. */
  async function revokeGrantedBy(tx: SqlClient, write: (collection: 'entitlements', doc: Doc, placement: Placement) => void, order: OrderDoc, courseIds: readonly string[], now: number): Promise<void> {
    for (const courseId of courseIds) {
      if (!order.items.some((item) => item.courseId === courseId)) continue;
      const current = await readEntitlement(tx, order.userId, courseId, lock);
      if (!current || current.revokedAt !== undefined || current.orderId !== order.id) continue;
      write('entitlements', { ...revokedEntitlement(deps.signer, current, now), _deleted: false }, { ownerId: order.userId, isPublic: false });
    }
  }

  /** One sales record per paid item, for the course's creator. */
  async function recordSales(tx: SqlClient, order: OrderDoc, paidAt: number): Promise<void> {
    for (const item of order.items) {
      const course = await tx.get<{ owner_id: string | null }>("SELECT owner_id FROM documents WHERE collection = 'courses' AND id = ?", [item.courseId]);
      await tx.run('INSERT INTO sales (order_id, course_id, creator_id, amount, currency, paid_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, course_id) DO NOTHING', [
        order.id, item.courseId, course?.owner_id ?? '', item.amount, item.currency, paidAt,
      ]);
    }
  }

  /** Revokes exactly the refunded items named in the refund's metadata, once per event. */
  async function applyRefund(event: PaymentEvent): Promise<EventOutcome> {
    const refund = event.data.object;
    const orderId = refund.metadata?.orderId;
    const courseIds = (refund.metadata?.courseIds ?? '').split(',').filter(Boolean);
    if (!orderId || courseIds.length === 0 || (refund.status !== 'succeeded' && refund.status !== 'pending')) return 'ignored';
    return documents.serverTransaction(async (tx, write) => {
      if (!(await claimEvent(tx, event))) return 'duplicate';
      const order = await loadOrder(tx, orderId);
      if (!order) return 'ignored';
      const now = deps.now();
      const items = order.items.map((item) => (courseIds.includes(item.courseId) ? { ...item, refunded: true } : item));
      const status = items.every((item) => item.refunded) ? 'refunded' : items.some((item) => item.refunded) ? 'partially_refunded' : order.status;
      write('orders', { ...order, items, status, updatedAt: now, _deleted: false }, { ownerId: order.userId, isPublic: false });
      for (const courseId of courseIds) await tx.run('UPDATE sales SET refunded_at = COALESCE(refunded_at, ?) WHERE order_id = ? AND course_id = ?', [now, order.id, courseId]);
      await revokeGrantedBy(tx, write, order, courseIds, now);
      return 'processed';
    });
  }

  /** A disputed charge covers the whole order: every course it granted is revoked while the dispute stands. */
  async function applyDispute(event: PaymentEvent): Promise<EventOutcome> {
    const intent = event.data.object.payment_intent;
    const intentId = typeof intent === 'string' ? intent : intent?.id;
    if (!intentId) return 'ignored';
    const checkout = await db.get<{ order_id: string }>('SELECT order_id FROM checkouts WHERE payment_intent = ?', [intentId]);
    if (!checkout) return 'ignored';
    return documents.serverTransaction(async (tx, write) => {
      if (!(await claimEvent(tx, event))) return 'duplicate';
      const order = await loadOrder(tx, checkout.order_id);
      if (!order) return 'ignored';
      const now = deps.now();
      await revokeGrantedBy(tx, write, order, order.items.map((item) => item.courseId), now);
      return 'processed';
    });
  }

  return {
    async createOrder(caller, requestedCourseIds, couponCode, bundleId) {
      let courseIds = requestedCourseIds;
      let bundle: { price_amount: number; currency: string } | undefined;
      if (bundleId) {
        const row = await db.get<{ course_ids: string; price_amount: number; currency: string }>('SELECT course_ids, price_amount, currency FROM bundles WHERE id = ?', [bundleId]);
        if (!row) throw new HttpError('NOT_FOUND', 'No such bundle.');
        courseIds = JSON.parse(row.course_ids) as string[];
        bundle = { price_amount: Number(row.price_amount), currency: row.currency };
      }
      const unique = [...new Set(courseIds)];
      if (unique.length === 0 || unique.length > 20) throw new HttpError('INVALID_INPUT', 'An order holds 1 to 20 courses.');
      const owned = await ownedCourses(caller.userId);
      const courses: CourseDoc[] = [];
      for (const courseId of unique) {
        const row = await db.get<{ data: string; is_public: number }>("SELECT data, is_public FROM documents WHERE collection = 'courses' AND id = ? AND deleted = 0", [courseId]);
        const course = row ? (JSON.parse(row.data) as CourseDoc) : undefined;
        if (!course || !row?.is_public || course.status !== 'published') throw new HttpError('NOT_FOUND', `No course ${courseId} is for sale.`);
        if (course.priceAmount === 0) throw new HttpError('INVALID_INPUT', `${courseId} is free; no payment is needed.`);
        if (owned.has(courseId)) throw new HttpError('CONFLICT', `You already own ${courseId}.`);
        courses.push(course);
      }
      const currency = (bundle?.currency ?? courses[0]!.currency) as OrderDoc['currency'];
      if (!bundle && courses.some((c) => c.currency !== currency)) throw new HttpError('INVALID_INPUT', 'All courses of one order must be priced in one currency.');

      const orderId = newId('ord');
      const now = deps.now();
      const order = await documents.serverTransaction(async (tx, write) => {
        // A bundle's price is spread over its courses in proportion to their own prices, so a refund of one course returns its share.
        let amounts = bundle ? bundleShares(courses.map((c) => c.priceAmount), bundle.price_amount) : courses.map((c) => c.priceAmount);
        if (couponCode) {
          const coupon = await reserveCoupon(tx, couponCode.trim().toUpperCase(), currency, now);
          await tx.run('INSERT INTO order_coupons (order_id, code) VALUES (?, ?)', [orderId, coupon.code]);
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
          for (const course of courses) {
            const entitlement = grantedEntitlement(deps.signer, { userId: caller.userId, courseId: course.id, source: 'purchase', orderId, now });
            write('entitlements', { ...entitlement, _deleted: false }, { ownerId: caller.userId, isPublic: false });
          }
        }
        write('orders', { ...created, _deleted: false }, { ownerId: caller.userId, isPublic: false });
        return created;
      });
      if (order.totalAmount === 0) return { orderId, checkoutUrl: null, testMode: gateway.mode === 'test', totalAmount: 0 };

      let session;
      try {
        session = await gateway.createCheckout({
          orderId,
          items: courses.map((c, i) => ({ courseId: c.id, title: c.title.en, amount: order.items[i]!.amount, currency })),
          customerEmail: caller.email,
          successUrl: `zhiku://checkout/success?order=${orderId}`,
          cancelUrl: `zhiku://checkout/cancel?order=${orderId}`,
        });
      } catch (error) {
        // No checkout, no order: it fails and gives its coupon use back.
        await documents.serverTransaction(async (tx, write) => {
          await releaseCoupon(tx, orderId);
          write('orders', { ...order, status: 'failed', updatedAt: deps.now(), _deleted: false }, { ownerId: caller.userId, isPublic: false });
        });
        throw error;
      }
      await db.run('INSERT INTO checkouts (order_id, session_id, user_id, mode, payment_status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        orderId, session.id, caller.userId, gateway.mode, 'unpaid', now, now,
      ]);
      return { orderId, checkoutUrl: session.url, testMode: gateway.mode === 'test', totalAmount: order.totalAmount };
    },

    async reconcile(sinceSeconds = 3 * 86_400) {
      const counts: Record<EventOutcome, number> = { processed: 0, duplicate: 0, ignored: 0 };
      for (const event of await gateway.recentEvents(sinceSeconds)) counts[await this.applyEvent(event)]++;
      return counts;
    },

    async refund(orderId, courseIds) {
      const checkout = await db.get<{ session_id: string }>('SELECT session_id FROM checkouts WHERE order_id = ?', [orderId]);
      const row = await db.get<{ data: string }>("SELECT data FROM documents WHERE collection = 'orders' AND id = ?", [orderId]);
      const order = row ? (JSON.parse(row.data) as OrderDoc) : undefined;
      if (!checkout || !order) throw new HttpError('NOT_FOUND', 'No such order.');
      if (order.status !== 'paid' && order.status !== 'partially_refunded') throw new HttpError('CONFLICT', `A ${order.status} order cannot be refunded.`);
      const items = order.items.filter((item) => courseIds.includes(item.courseId));
      if (items.length !== new Set(courseIds).size) throw new HttpError('INVALID_INPUT', 'Every course to refund must be part of the order.');
      if (items.some((item) => item.refunded)) throw new HttpError('CONFLICT', 'Some of these courses were already refunded.');
      const amount = items.reduce((sum, item) => sum + item.amount, 0);
      const refund = await gateway.refund({ sessionId: checkout.session_id, amount, orderId, courseIds: items.map((i) => i.courseId) });
      return { refundId: refund.id, amount };
    },

    async applyEvent(event) {
      if (event.type === 'refund.created' || event.type === 'refund.updated') return applyRefund(event);
      if (event.type === 'charge.dispute.created') return applyDispute(event);
      const handled = ['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed', 'checkout.session.expired'];
      if (!handled.includes(event.type)) return 'ignored';
      const sessionId = event.data.object.id;
      const checkout = await db.get<{ order_id: string; user_id: string }>('SELECT order_id, user_id FROM checkouts WHERE session_id = ?', [sessionId]);
      if (!checkout) return 'ignored';
      // Events can arrive out of order: what counts is the session's state now, asked from the provider.
      const paid = event.type === 'checkout.session.expired' || event.type === 'checkout.session.async_payment_failed' ? false : (await gateway.paymentStatus(sessionId)) === 'paid';
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
          await tx.run('UPDATE checkouts SET payment_status = ?, updated_at = ?, payment_intent = COALESCE(?, payment_intent) WHERE order_id = ?', ['paid', now, intentId ?? null, order.id]);
          if (order.status === 'paid') return 'processed';
          write('orders', { ...order, status: 'paid', updatedAt: now, ...(receiptUrl ? { receiptUrl } : {}), _deleted: false }, { ownerId: order.userId, isPublic: false });
          await recordSales(tx, order, now);
          for (const item of order.items) {
            const current = await readEntitlement(tx, order.userId, item.courseId, lock);
            if (current && current.revokedAt === undefined) continue;
            const entitlement = grantedEntitlement(deps.signer, { userId: order.userId, courseId: item.courseId, source: 'purchase', orderId: order.id, now });
            write('entitlements', { ...entitlement, _deleted: false }, { ownerId: order.userId, isPublic: false });
          }
          return 'processed';
        }
        if (order.status === 'pending') {
          const status = event.type === 'checkout.session.expired' ? 'expired' : event.type === 'checkout.session.async_payment_failed' ? 'failed' : 'pending';
          if (status !== 'pending') {
            write('orders', { ...order, status, updatedAt: now, _deleted: false }, { ownerId: order.userId, isPublic: false });
            await releaseCoupon(tx, order.id);
          }
        }
        return 'processed';
      });
    },
  };
}
