import Stripe from 'stripe';

/**
 * The official Stripe SDK as every Stripe gateway here uses it: two retries (with the request's
 * idempotency key), a 20-second timeout, no telemetry, and — for tests and staging — another API
 * host (`ZHIKU_STRIPE_API_BASE`).
 */
export function stripeClient(secretKey: string, apiBase: string | undefined): Stripe {
  const base = apiBase ? new URL(apiBase) : undefined;
  return new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(base
      ? { host: base.hostname, port: base.port, protocol: base.protocol.replace(':', '') as 'http' | 'https' }
      : {}),
  });
}
