import type { FastifyBaseLogger } from 'fastify';
import type { EntitlementSigner } from './accounts/entitlement-signer.js';
import { createColumnReleases } from './authoring/column-releases.js';
import type { ServerConfig } from './config.js';
import type { Mailer } from './mail/mailer.js';
import { stripeConnectGateway, testConnectGateway } from './payments/connect-gateway.js';
import { createCreatorPayouts } from './payments/creator-payouts.js';
import { createTransferSettlement } from './payments/creator-transfers.js';
import { membershipEvents } from './payments/membership-events.js';
import { createMembershipService, testBillingDrivers } from './payments/membership-service.js';
import { createOrderService } from './payments/order-service.js';
import { stripeGateway, testGateway } from './payments/payment-gateway.js';
import { createPlans } from './payments/plans.js';
import { sendReceipt } from './payments/receipt-mail.js';
import { stripeSubscriptionGateway, testSubscriptionGateway } from './payments/subscription-gateway.js';
import type { DocumentStore } from './replication/document-store.js';
import type { SqlDatabase } from './sql/sql-database.js';

/**
 * The money side of the server, wired once: orders (Stripe Checkout, or the embedded test
 * checkout), creators' payout accounts and the transfers of their shares, memberships (Stripe
 * Billing, or the test billing and its drivers), and columns' scheduled releases. Without Stripe
 * keys every provider is the labelled test one. Each service tells the transfers when what
 * creators are owed changed; transfers settle after the change committed.
 */
export function startCommerce(deps: {
  config: ServerConfig;
  db: SqlDatabase;
  documents: DocumentStore;
  signer: EntitlementSigner;
  mailer: Mailer;
  now: () => number;
  publicUrl: () => string;
  log: () => FastifyBaseLogger | undefined;
}) {
  const { config, db, documents, signer, mailer, now, publicUrl } = deps;
  const stripeKey = config.payments === 'stripe' ? config.stripeSecretKey : undefined;
  const gateway = stripeKey
    ? stripeGateway({
        secretKey: stripeKey,
        apiBase: config.stripeApiBase,
        paymentMethods: config.stripePaymentMethods,
      })
    : testGateway({
        publicUrl,
        paymentStatusOf: async (sessionId) =>
          (
            await db.get<{ payment_status: 'paid' | 'unpaid' }>(
              'SELECT payment_status FROM checkouts WHERE session_id = ?',
              [sessionId],
            )
          )?.payment_status,
      });
  const connect = stripeKey
    ? stripeConnectGateway({ secretKey: stripeKey, apiBase: config.stripeApiBase })
    : testConnectGateway({ publicUrl });
  const transfers = createTransferSettlement({
    db,
    gateway: connect,
    now,
    onError: (error, line) => deps.log()?.warn({ err: error, ...line }, 'creator transfer not sent; retried later'),
  });
  // Settling runs after the change is committed and never holds up the request that made it.
  const providerError = (error: unknown, doing: string) =>
    deps.log()?.warn({ err: error, doing }, 'payment provider did not answer; carried on without it');
  const settleTransfers = () =>
    void transfers.settle().catch((error: unknown) => deps.log()?.error({ err: error }, 'transfer settlement failed'));
  const payouts = createCreatorPayouts({
    db,
    now,
    publicUrl,
    gateway: connect,
    onAccountChanged: settleTransfers,
    onProviderError: providerError,
  });
  const orders = createOrderService({
    db,
    documents,
    gateway,
    signer,
    now,
    publicUrl,
    platformFeePercent: config.platformFeePercent,
    onCreatorShareChanged: settleTransfers,
    onProviderError: providerError,
    // The receipt goes after the payment is recorded; a mail server that fails loses no purchase.
    onPaid: (orderId) =>
      void sendReceipt(db, mailer, orderId).catch((error: unknown) =>
        deps.log()?.error({ err: error, orderId }, 'receipt mail could not be sent'),
      ),
  });

  // The test billing tells changes asked through the API back as Stripe would, through its drivers.
  const billing: { drivers?: ReturnType<typeof testBillingDrivers> } = {};
  const subscriptions = stripeKey
    ? stripeSubscriptionGateway({
        secretKey: stripeKey,
        apiBase: config.stripeApiBase,
        paymentMethods: config.stripePaymentMethods,
      })
    : testSubscriptionGateway({
        publicUrl,
        onUpdated: (subscriptionId, change) => billing.drivers!.updated(subscriptionId, change),
      });
  const events = membershipEvents({
    documents,
    signer,
    gateway: subscriptions,
    now,
    platformFeePercent: config.platformFeePercent,
  });
  const memberships = createMembershipService({
    db,
    gateway: subscriptions,
    events,
    now,
    publicUrl,
    onChanged: settleTransfers,
  });
  billing.drivers = testBillingDrivers(memberships, now);
  const columns = createColumnReleases({
    db,
    documents,
    mailer,
    now,
    onMailFailure: (error) => deps.log()?.error({ err: error }, 'release mail could not be sent'),
  });

  return {
    gateway,
    orders,
    payouts,
    settleTransfers,
    plans: createPlans({ db, now }),
    memberships,
    membershipEvents: events,
    testBilling: billing.drivers,
    columns,
  };
}
