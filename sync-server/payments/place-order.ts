import type { CourseDoc, OrderDoc } from '../../common/collections/index.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { newId } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { DocumentStore } from '../replication/document-store.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { bundleShares, discountedAmounts, releaseCoupon, reserveCoupon } from './coupons.js';
import { addGrant } from './entitlements.js';
import type { OrderLedger } from './order-ledger.js';
import type { PaymentGateway } from './payment-gateway.js';

export interface PlacedOrder {
  orderId: string;
  /** Null when nothing was left to pay (a full discount): the courses are granted at once. */
  checkoutUrl: string | null;
  testMode: boolean;
  totalAmount: number;
}

/**
 * Placing an order: the courses (or a bundle) checked for sale and not yet owned, a coupon's
 * use reserved, the order stored, and a checkout opened at the provider. No checkout, no order.
 */
export function orderPlacement(deps: {
  db: SqlDatabase;
  documents: DocumentStore;
  gateway: PaymentGateway;
  signer: EntitlementSigner;
  now: () => number;
  ledger: OrderLedger;
}) {
  const { db, documents, gateway } = deps;
  const { ownedCourses, giveUp } = deps.ledger;
  return async function placeOrder(
    caller: AccessClaims & { email: string },
    requestedCourseIds: string[],
    couponCode?: string,
    bundleId?: string,
  ): Promise<PlacedOrder> {
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
        await tx.run('INSERT INTO coupon_uses (order_id, code, user_id) VALUES (?, ?, ?)', [
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
  };
}
