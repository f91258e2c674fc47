import type { AccountRecovery } from './accounts/account-recovery.js';
import type { AuthService } from './accounts/auth-service.js';
import type { Mailer } from './mail/mailer.js';
import type { PlatformAdmin } from './admin/platform-admin.js';
import type { CertificateService } from './certificates/certificate-service.js';
import type { ExamGrader } from './exams/exam-grader.js';
import type { CreatorPayouts } from './payments/creator-payouts.js';
import type { ColumnReleases } from './authoring/column-releases.js';
import type { MembershipEvents } from './payments/membership-events.js';
import type { MembershipService, testBillingDrivers } from './payments/membership-service.js';
import type { Plans } from './payments/plans.js';
import type { ReloadingSigner } from './accounts/entitlement-signer.js';
import type { createKeyRotation } from './payments/key-rotation.js';
import type { ContentService } from './content/content-service.js';
import type { InstitutionService } from './payments/institution-service.js';
import type { CommerceAdmin } from './payments/commerce-admin.js';
import type { CreatorReports } from './payments/creator-reports.js';
import type { TestCheckout } from './payments/test-checkout.js';
import type { OrderService } from './payments/order-service.js';
import type { ServerConfig } from './config.js';
import type { ChangeHub } from './replication/change-hub.js';
import type { CatalogPageCache } from './replication/catalog-page-cache.js';
import type { DocumentStore } from './replication/document-store.js';
import type { SqlDatabase } from './sql/sql-database.js';
import type { AggregatePublisher } from './recommend/aggregate-publisher.js';
import type { OrganizationService } from './organizations/organization-service.js';
import type { PackService } from './content/pack-service.js';

/** What route handlers get: services and facts, passed in rather than imported. */
export interface ServerContext {
  version: string;
  config: Pick<
    ServerConfig,
    | 'payments'
    | 'mode'
    | 'contentDir'
    | 'authRateLimitPerMinute'
    | 'maxDevicesPerAccount'
    | 'creatorApproval'
    | 'testCollections'
    | 'stripeSecretKey'
    | 'stripeWebhookSecret'
    | 'stripeConnectWebhookSecret'
  >;
  db: SqlDatabase;
  auth: AuthService;
  /** Profiles, e-mail verification and password reset by mailed codes. */
  recovery: AccountRecovery;
  mailer: Mailer;
  documents: DocumentStore;
  content: ContentService;
  entitlements: ReloadingSigner;
  /** Rotating and retiring the signing keys (administrators). */
  keys: ReturnType<typeof createKeyRotation>;
  orders: OrderService;
  /** The embedded test checkout's page and payment (payments mode `test` only). */
  testCheckout: TestCheckout;
  /** Grants, revocations, bundles and coupons by administrators. */
  commerceAdmin: CommerceAdmin;
  /** Creators' sales and reach. */
  reports: CreatorReports;
  institutions: InstitutionService;
  hub: ChangeHub;
  /** Public catalogue pages shared by every caller who owns nothing private there; absent when turned off. */
  catalogCache: CatalogPageCache | undefined;
  recommendations: AggregatePublisher;
  organizations: OrganizationService;
  /** The admin screen: users, organizations, seat pools, orders, the payments mode. */
  platformAdmin: PlatformAdmin;
  /** Certificates of completion: issued, listed, verified, revoked. */
  certificates: CertificateService;
  /** Exam sittings graded by the server (which alone holds the keys), and their results. */
  exams: ExamGrader;
  /** Creators' payout accounts (Stripe Connect Express, or the test onboarding). */
  payouts: CreatorPayouts;
  /** Columns: scheduled lessons released when their time comes, followers told by e-mail. */
  columns: ColumnReleases;
  /** Membership plans on sale, and sellers' own. */
  plans: Plans;
  /** Learners' memberships (subscriptions) and the provider's events about them. */
  memberships: MembershipService;
  membershipEvents: MembershipEvents;
  /** The embedded test billing's drivers (renewals, failures, period ends, cancellations). */
  testBilling: ReturnType<typeof testBillingDrivers>;
  packs: PackService;
  now: () => number;
  /** Set when the instance is shutting down: readiness fails so the load balancer stops sending work. */
  lifecycle: { draining: boolean };
}

export async function countCatalogCourses(db: SqlDatabase): Promise<number> {
  const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM catalog_courses');
  return Number(row?.n ?? 0);
}
