import { randomBytes } from 'node:crypto';
import { stripeClient } from './stripe-client.js';
import { checkoutPaymentMethods, type PaymentMethod } from '../../common/payments/payment-methods.js';

/** What a membership's checkout is made from. */
export interface SubscriptionPlan {
  id: string;
  title: string;
  interval: 'month' | 'year';
  priceAmount: number;
  currency: string;
  trialDays: number;
}

/** A subscription as the provider knows it now (events can arrive late or out of order). */
export interface SubscriptionState {
  status: string;
  cancelAtPeriodEnd: boolean;
  planId: string | undefined;
  customerId: string | undefined;
  /** When it ended (ms), if it did. */
  endedAt: number | undefined;
}

/**
 * What memberships need from the provider: a checkout in subscription mode, the subscription's
 * state, cancelling at period end (and taking that back), changing plan, and the provider's
 * customer portal (payment methods, invoices). Stripe, or the embedded test billing.
 */
export interface SubscriptionGateway {
  mode: 'stripe' | 'test';
  createSubscriptionCheckout(input: {
    membershipId: string;
    userId: string;
    plan: SubscriptionPlan;
    customerEmail: string;
    /** The learner's customer at the provider, when an earlier membership made one. */
    customerId: string | undefined;
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ id: string; url: string }>;
  /** The subscription now; undefined when the provider has no state to ask (the test billing: its events are the state). */
  subscription(subscriptionId: string): Promise<SubscriptionState | undefined>;
  setCancelAtPeriodEnd(subscriptionId: string, cancel: boolean): Promise<void>;
  changePlan(subscriptionId: string, plan: SubscriptionPlan): Promise<void>;
  portal(customerId: string, returnUrl: string): Promise<{ url: string }>;
}

const seconds = (value: number | null | undefined) => (value ? value * 1000 : undefined);

/** Stripe Billing through the official SDK; creating requests carry idempotency keys from our ids. */
export function stripeSubscriptionGateway(options: {
  secretKey: string;
  apiBase?: string | undefined;
  paymentMethods?: readonly PaymentMethod[];
}): SubscriptionGateway {
  const stripe = stripeClient(options.secretKey, options.apiBase);
  const recurring = (plan: SubscriptionPlan) => ({
    currency: plan.currency.toLowerCase(),
    unit_amount: plan.priceAmount,
    recurring: { interval: plan.interval },
  });
  return {
    mode: 'stripe',
    async createSubscriptionCheckout({ membershipId, userId, plan, customerEmail, customerId, successUrl, cancelUrl }) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'subscription',
          // Renewals are charged without the learner: cards (the wallets here take one-time payments only).
          allowed_payment_method_types: checkoutPaymentMethods(
            options.paymentMethods ?? ['card'],
            plan.currency,
            'subscription',
          ),
          client_reference_id: membershipId,
          ...(customerId ? { customer: customerId } : { customer_email: customerEmail }),
          success_url: successUrl,
          cancel_url: cancelUrl,
          metadata: { membershipId },
          subscription_data: {
            metadata: { membershipId, planId: plan.id, userId },
            ...(plan.trialDays > 0 ? { trial_period_days: plan.trialDays } : {}),
          },
          line_items: [
            {
              quantity: 1,
              price_data: { ...recurring(plan), product_data: { name: plan.title, metadata: { planId: plan.id } } },
            },
          ],
        },
        { idempotencyKey: `zhiku-membership-${membershipId}` },
      );
      if (!session.url) throw new Error('Stripe returned a checkout session without a URL.');
      return { id: session.id, url: session.url };
    },
    async subscription(subscriptionId) {
      const subscription = await stripe.subscriptions.retrieve(subscriptionId);
      return {
        status: subscription.status,
        cancelAtPeriodEnd: subscription.cancel_at_period_end,
        planId: subscription.metadata.planId,
        customerId: typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id,
        endedAt: seconds(subscription.ended_at),
      };
    },
    async setCancelAtPeriodEnd(subscriptionId, cancel) {
      await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: cancel });
    },
    async changePlan(subscriptionId, plan) {
      const subscription = await stripe.subscriptions.retrieve(subscriptionId);
      const item = subscription.items.data[0];
      if (!item) throw new Error('This subscription has no item to change.');
      const product = typeof item.price.product === 'string' ? item.price.product : item.price.product.id;
      await stripe.subscriptions.update(subscriptionId, {
        items: [{ id: item.id, price_data: { ...recurring(plan), product } }],
        metadata: { planId: plan.id },
        proration_behavior: 'create_prorations',
      });
    },
    async portal(customerId, returnUrl) {
      const session = await stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
      return { url: session.url };
    },
  };
}

/**
 * The embedded default without Stripe keys: the test billing pages on this server, clearly
 * labelled, whose buttons make the events Stripe would send. Changes asked through the API
 * (cancel, resume, change plan) are told back as `customer.subscription.updated` at once.
 */
export function testSubscriptionGateway(options: {
  publicUrl: () => string;
  onUpdated: (subscriptionId: string, change: { cancelAtPeriodEnd?: boolean; planId?: string }) => Promise<void>;
}): SubscriptionGateway {
  return {
    mode: 'test',
    async createSubscriptionCheckout() {
      const id = `cs_test_sub_${randomBytes(12).toString('base64url')}`;
      return { id, url: `${options.publicUrl()}/v1/test-billing/checkout/${id}` };
    },
    subscription: async () => undefined,
    setCancelAtPeriodEnd: (subscriptionId, cancel) => options.onUpdated(subscriptionId, { cancelAtPeriodEnd: cancel }),
    changePlan: (subscriptionId, plan) => options.onUpdated(subscriptionId, { planId: plan.id }),
    portal: async (customerId) => ({ url: `${options.publicUrl()}/v1/test-billing/portal/${customerId}` }),
  };
}
