import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { stripeClient } from './stripe-client.js';
import { checkoutPaymentMethods, type PaymentMethod } from '../../common/payments/payment-methods.js';

export interface CheckoutItem {
  courseId: string;
  title: string;
  amount: number;
  currency: string;
}

export interface CheckoutSession {
  id: string;
  url: string;
}

/** What the order service needs from a payment provider: real Stripe, or the local test checkout. */
export interface PaymentGateway {
  mode: 'stripe' | 'test';
  createCheckout(input: {
    orderId: string;
    items: CheckoutItem[];
    customerEmail: string;
    successUrl: string;
    cancelUrl: string;
  }): Promise<CheckoutSession>;
  /** The session's payment status as the provider knows it now (re-read when events arrive out of order). */
  paymentStatus(sessionId: string): Promise<string>;
  /** The payment's receipt page, once paid (Stripe's hosted receipt; the test checkout's own page). */
  receiptUrl(sessionId: string): Promise<string | null>;
  /** Refunds part of a paid checkout; the provider's refund event (with our metadata) then revokes those items. */
  refund(input: { sessionId: string; amount: number; orderId: string; courseIds: string[] }): Promise<{ id: string }>;
  /** Closes an open checkout so it can no longer be paid (its order was given up); already closed is fine. */
  expireCheckout(sessionId: string): Promise<void>;
  /** Checkout events of the last `sinceSeconds`, to catch deliveries that never arrived. */
  recentEvents(sinceSeconds: number): Promise<{ id: string; type: string; data: { object: { id: string } } }[]>;
}

const CHECKOUT_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'refund.created',
  'refund.updated',
  'charge.dispute.created',
  'charge.dispute.closed',
];

/**
 * Real Stripe through its official SDK. Every creating request carries an idempotency key
 * derived from our order id, so a retried request never makes a second session.
 */
export function stripeGateway(options: {
  secretKey: string;
  apiBase?: string | undefined;
  /** The methods the account has turned on (cards are always offered). */
  paymentMethods?: readonly PaymentMethod[];
}): PaymentGateway {
  const stripe = stripeClient(options.secretKey, options.apiBase);
  return {
    mode: 'stripe',
    async createCheckout({ orderId, items, customerEmail, successUrl, cancelUrl }) {
      // One currency per checkout (orders are priced in one). Stripe offers, of the methods it finds
      // eligible for this payment, only those allowed here: Alipay and WeChat Pay where they work, cards always.
      const methods = checkoutPaymentMethods(
        options.paymentMethods ?? ['card'],
        items[0]?.currency ?? 'usd',
        'payment',
      );
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          allowed_payment_method_types: methods,
          // WeChat Pay in Checkout shows its QR code on the web page.
          ...(methods.includes('wechat_pay') ? { payment_method_options: { wechat_pay: { client: 'web' } } } : {}),
          client_reference_id: orderId,
          customer_email: customerEmail,
          success_url: successUrl,
          cancel_url: cancelUrl,
          metadata: { orderId },
          line_items: items.map((item) => ({
            quantity: 1,
            price_data: {
              currency: item.currency.toLowerCase(),
              unit_amount: item.amount,
              product_data: { name: item.title, metadata: { courseId: item.courseId } },
            },
          })),
        },
        { idempotencyKey: `zhiku-checkout-${orderId}` },
      );
      if (!session.url) throw new Error('Stripe returned a checkout session without a URL.');
      return { id: session.id, url: session.url };
    },
    async paymentStatus(sessionId) {
      return (await stripe.checkout.sessions.retrieve(sessionId)).payment_status;
    },
    async receiptUrl(sessionId) {
      const session = await stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent.latest_charge'] });
      const intent = session.payment_intent;
      const charge = intent && typeof intent !== 'string' ? intent.latest_charge : null;
      return charge && typeof charge !== 'string' ? (charge.receipt_url ?? null) : null;
    },
    async refund({ sessionId, amount, orderId, courseIds }) {
      const session = await stripe.checkout.sessions.retrieve(sessionId);
      const paymentIntent =
        typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
      if (!paymentIntent) throw new Error('This checkout has no payment to refund.');
      const refund = await stripe.refunds.create(
        { payment_intent: paymentIntent, amount, metadata: { orderId, courseIds: courseIds.join(',') } },
        { idempotencyKey: `zhiku-refund-${orderId}-${[...courseIds].sort().join('+')}` },
      );
      return { id: refund.id };
    },
    async expireCheckout(sessionId) {
      try {
        await stripe.checkout.sessions.expire(sessionId);
      } catch (error) {
        // Already completed or expired: nothing is left open. Anything else is the caller's to hear.
        if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
      }
    },
    async recentEvents(sinceSeconds) {
      const events: { id: string; type: string; data: { object: { id: string } } }[] = [];
      const since = Math.floor(Date.now() / 1000) - sinceSeconds;
      for await (const event of stripe.events.list({
        created: { gte: since },
        types: CHECKOUT_EVENT_TYPES,
        limit: 100,
      })) {
        events.push(event as unknown as { id: string; type: string; data: { object: { id: string } } });
      }
      return events;
    },
  };
}

/**
 * The embedded default without Stripe keys: a checkout page on this server, clearly marked
 * as a test payment, whose "pay" button produces the same event Stripe would send.
 */
export function testGateway(options: {
  publicUrl: () => string;
  paymentStatusOf: (sessionId: string) => Promise<'paid' | 'unpaid' | undefined>;
}): PaymentGateway {
  return {
    mode: 'test',
    async createCheckout() {
      const id = `cs_test_local_${randomBytes(12).toString('base64url')}`;
      return { id, url: `${options.publicUrl()}/v1/test-checkout/${id}` };
    },
    async paymentStatus(sessionId) {
      return (await options.paymentStatusOf(sessionId)) ?? 'unpaid';
    },
    refund: async () => ({ id: `re_test_local_${randomBytes(12).toString('base64url')}` }),
    // Its pay button checks the order is still pending.
    expireCheckout: async () => undefined,
    receiptUrl: async (sessionId) => `${options.publicUrl()}/v1/test-checkout/${sessionId}`,
    // The test checkout applies its events as it makes them: nothing can be missed.
    recentEvents: async () => [],
  };
}
