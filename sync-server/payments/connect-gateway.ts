import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import { stripeClient } from './stripe-client.js';

/** A creator's payout account as the provider reports it. */
export interface ConnectAccountState {
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
}

/**
 * What creator payouts need from the provider: an Express account per creator, and a
 * one-time link to the provider's onboarding for it. Stripe Connect, or the local test
 * onboarding of the embedded default.
 */
export interface ConnectGateway {
  mode: 'stripe' | 'test';
  /** Creates the creator's account (one per creator: a retried request makes no second one). */
  createAccount(input: { userId: string; email: string }): Promise<{ id: string }>;
  /** A short-lived link to the provider's onboarding for the account. */
  onboardingLink(input: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<{ url: string }>;
  /**
   * Sends a creator's share of a sale to their account, tied to the sale's charge (its money moves
   * when the charge's does). `key` makes a retried request the same transfer, never a second one.
   */
  transfer(input: TransferRequest): Promise<{ id: string }>;
  /** Takes back part of an earlier transfer (a refund or a dispute); `key` as for transfers. */
  reverse(input: { key: string; transferId: string; amount: number }): Promise<{ id: string }>;
  /** What the creator's account holds now, per currency (null when the provider cannot tell). */
  balance(accountId: string): Promise<AccountBalance | null>;
}

export interface TransferRequest {
  key: string;
  accountId: string;
  amount: number;
  currency: string;
  orderId: string;
  courseId: string;
  /** The sale's payment, when the provider made one (the charge the transfer is funded by). */
  paymentIntent: string | null;
}

export interface AccountBalance {
  available: { amount: number; currency: string }[];
  pending: { amount: number; currency: string }[];
}

/**
 * The provider said no (an invalid request, a missing capability, too little balance): nothing
 * was moved, so a later attempt is a new request. Any other failure may or may not have moved
 * money and is retried with the same key.
 */
export class TransferRefused extends Error {
  override name = 'TransferRefused';
}

function refusedOrThrown(error: unknown): never {
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripePermissionError ||
    error instanceof Stripe.errors.StripeCardError
  )
    throw new TransferRefused(error.message);
  throw error;
}

/** Stripe Connect (Express accounts) through the official SDK. */
export function stripeConnectGateway(options: { secretKey: string; apiBase?: string | undefined }): ConnectGateway {
  const stripe = stripeClient(options.secretKey, options.apiBase);
  return {
    mode: 'stripe',
    async createAccount({ userId, email }) {
      const account = await stripe.accounts.create(
        {
          type: 'express',
          email,
          metadata: { userId },
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
        },
        { idempotencyKey: `zhiku-connect-${userId}` },
      );
      return { id: account.id };
    },
    async onboardingLink({ accountId, refreshUrl, returnUrl }) {
      const link = await stripe.accountLinks.create({
        account: accountId,
        refresh_url: refreshUrl,
        return_url: returnUrl,
        type: 'account_onboarding',
      });
      return { url: link.url };
    },
    async transfer(input) {
      try {
        const intent = input.paymentIntent ? await stripe.paymentIntents.retrieve(input.paymentIntent) : null;
        const charge = typeof intent?.latest_charge === 'string' ? intent.latest_charge : intent?.latest_charge?.id;
        const transfer = await stripe.transfers.create(
          {
            amount: input.amount,
            currency: input.currency.toLowerCase(),
            destination: input.accountId,
            transfer_group: input.orderId,
            ...(charge ? { source_transaction: charge } : {}),
            metadata: { orderId: input.orderId, courseId: input.courseId },
          },
          { idempotencyKey: `zhiku-${input.key}` },
        );
        return { id: transfer.id };
      } catch (error) {
        return refusedOrThrown(error);
      }
    },
    async reverse({ key, transferId, amount }) {
      try {
        const reversal = await stripe.transfers.createReversal(
          transferId,
          { amount },
          { idempotencyKey: `zhiku-${key}` },
        );
        return { id: reversal.id };
      } catch (error) {
        return refusedOrThrown(error);
      }
    },
    async balance(accountId) {
      const balance = await stripe.balance.retrieve({}, { stripeAccount: accountId });
      const sums = (list: { amount: number; currency: string }[]) =>
        list.map(({ amount, currency }) => ({ amount, currency: currency.toUpperCase() }));
      return { available: sums(balance.available), pending: sums(balance.pending) };
    },
  };
}

const hashed = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The embedded default without Stripe keys: a test onboarding page on this server, clearly labelled. */
export function testConnectGateway(options: { publicUrl: () => string }): ConnectGateway {
  return {
    mode: 'test',
    async createAccount({ userId }) {
      return { id: `acct_test_${hashed(userId)}` };
    },
    async onboardingLink({ accountId }) {
      return { url: `${options.publicUrl()}/v1/test-connect/${accountId}` };
    },
    // Test transfers move no money: each key is one transfer, as with Stripe.
    transfer: async ({ key }) => ({ id: `tr_test_${hashed(key)}` }),
    reverse: async ({ key }) => ({ id: `trr_test_${hashed(key)}` }),
    balance: async () => null,
  };
}
