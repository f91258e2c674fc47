import { createHash } from 'node:crypto';
import Stripe from 'stripe';

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
}

/** Stripe Connect (Express accounts) through the official SDK. */
export function stripeConnectGateway(options: { secretKey: string; apiBase?: string | undefined }): ConnectGateway {
  const base = options.apiBase ? new URL(options.apiBase) : undefined;
  const stripe = new Stripe(options.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(base
      ? { host: base.hostname, port: base.port, protocol: base.protocol.replace(':', '') as 'http' | 'https' }
      : {}),
  });
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
  };
}

/** The embedded default without Stripe keys: a test onboarding page on this server, clearly labelled. */
export function testConnectGateway(options: { publicUrl: () => string }): ConnectGateway {
  return {
    mode: 'test',
    async createAccount({ userId }) {
      return { id: `acct_test_${createHash('sha256').update(userId).digest('hex').slice(0, 16)}` };
    },
    async onboardingLink({ accountId }) {
      return { url: `${options.publicUrl()}/v1/test-connect/${accountId}` };
    },
  };
}
