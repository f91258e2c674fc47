import { randomBytes } from 'node:crypto';
import { readOrder } from '../data/commerce-tables.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import type { EventOutcome, PaymentEvent } from './payment-event.js';
import { orderReceipt, type OrderReceipt } from './order-receipt.js';

export interface TestCheckoutView {
  orderId: string;
  paid: boolean;
  totalAmount: number;
  currency: string;
  createdAt: number;
  /** Who is paying, from the order's own account. */
  buyer: { name: string; email: string } | null;
  lines: OrderReceipt['lines'];
}

/**
 * The embedded test checkout (no Stripe keys): a page to look at and a button that pays,
 * driving the same event path as Stripe's. No money moves; a production server never has it.
 */
export function testCheckout(deps: {
  db: SqlDatabase;
  now: () => number;
  applyEvent: (event: PaymentEvent) => Promise<EventOutcome>;
}) {
  const { db } = deps;
  async function checkoutOf(sessionId: string) {
    const checkout = await db.get<{ order_id: string; payment_status: string }>(
      'SELECT order_id, payment_status FROM checkouts WHERE session_id = ?',
      [sessionId],
    );
    if (!checkout) throw new DomainError('NOT_FOUND', 'No such test checkout.');
    return { checkout, order: await readOrder(db, checkout.order_id) };
  }
  return {
    async view(sessionId: string): Promise<TestCheckoutView> {
      const { checkout, order } = await checkoutOf(sessionId);
      const receipt = await orderReceipt(db, checkout.order_id);
      return {
        orderId: checkout.order_id,
        paid: checkout.payment_status === 'paid',
        totalAmount: order?.totalAmount ?? 0,
        currency: order?.currency ?? '',
        createdAt: order?.createdAt ?? 0,
        buyer: receipt?.buyer ?? null,
        lines: receipt?.lines ?? [],
      };
    },

    /** Pays like a real checkout would: once paid, expired or given up, it takes no more payments. */
    async pay(sessionId: string): Promise<EventOutcome> {
      const { checkout, order } = await checkoutOf(sessionId);
      const status = order?.status ?? 'missing';
      if (status !== 'pending') throw new DomainError('CONFLICT', `This checkout is closed: its order is ${status}.`);
      await db.run("UPDATE checkouts SET payment_status = 'paid', updated_at = ? WHERE session_id = ?", [
        deps.now(),
        sessionId,
      ]);
      return deps.applyEvent({
        id: `evt_test_local_${randomBytes(12).toString('base64url')}`,
        type: 'checkout.session.completed',
        data: { object: { id: sessionId, client_reference_id: checkout.order_id, payment_status: 'paid' } },
      });
    },
  };
}

export type TestCheckout = ReturnType<typeof testCheckout>;
