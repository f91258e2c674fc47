/**
 * Who may do what on this server: one declarative table (ARCHITECTURE.md, "The server in
 * layers"; docs/security.md prints it). Every HTTP route and every replicated collection has an
 * entry, and a route or collection without one does not start (`checkPolicyCoverage`).
 *
 * An entry grants an action to roles, each with the relation the caller must have to the
 * subject. Account roles (anonymous, learner, creator, platform-admin) are checked for every
 * request before its handler runs (`installPolicy`); relations that need the subject (the
 * course's owner, the organization's admin…) are checked by the service named in `enforcedBy`,
 * which the table's tests probe.
 */
export type Role =
  'anonymous' | 'learner' | 'creator' | 'organization-manager' | 'organization-admin' | 'platform-admin';

export type Relation =
  | 'any'
  /** The caller's own account, devices, sessions, invitations. */
  | 'self'
  /** A document the caller wrote about themselves (their user id in it). */
  | 'owner'
  /** The creator who owns the course (or the draft, the lesson, the upload). */
  | 'course-owner'
  /** Holds the course (any active grant: purchase, seat, admin grant) or it is a free preview. */
  | 'entitled'
  /** An admin of the organization (membership role admin). */
  | 'organization-admin'
  /** The manager the platform admin named for a seat pool. */
  | 'pool-manager'
  /** An account the organization made, not yet taken over by its owner; or an invitation of the organization. */
  | 'organization-made-unclaimed'
  /** Knows the secret the action names (a redeem code, an enrollment token, a checkout session id, a webhook signature). */
  | 'secret-holder';

export interface Grant {
  role: Role;
  relation: Relation;
}

export interface PolicyEntry {
  grants: readonly Grant[];
  /** Where the relation is checked against the subject (a service function), when any grant needs one. */
  enforcedBy?: string;
  /** Whether the server itself writes (collections only): derived documents, grants, orders. */
  serverWrites?: boolean;
}

const anyone: Grant = { role: 'anonymous', relation: 'any' };
const signedIn: Grant = { role: 'learner', relation: 'self' };
const platformAdmin: Grant = { role: 'platform-admin', relation: 'any' };
const secret: Grant = { role: 'anonymous', relation: 'secret-holder' };
const courseOwner: Grant = { role: 'creator', relation: 'course-owner' };
const creatorSelf: Grant = { role: 'creator', relation: 'self' };

/** Replicated collections: who reads and who writes through pull and push. */
export const COLLECTION_POLICY = {
  courses: {
    read: { grants: [anyone, courseOwner], enforcedBy: 'document-store pullRows (public rows, or own)' },
    write: { grants: [], serverWrites: true, enforcedBy: 'publish-service (a creator’s validated draft)' },
  },
  lessons: {
    read: { grants: [anyone, courseOwner], enforcedBy: 'document-store pullRows' },
    write: { grants: [], serverWrites: true, enforcedBy: 'publish-service' },
  },
  entitlements: {
    read: { grants: [{ role: 'learner', relation: 'owner' }] },
    write: {
      grants: [],
      serverWrites: true,
      enforcedBy: 'entitlements.addGrant/endGrant (payments, seats, admin grants)',
    },
  },
  orders: {
    read: { grants: [{ role: 'learner', relation: 'owner' }] },
    write: { grants: [], serverWrites: true, enforcedBy: 'order-service' },
  },
  ratings: {
    read: { grants: [{ role: 'learner', relation: 'owner' }] },
    write: {
      grants: [{ role: 'learner', relation: 'entitled' }],
      enforcedBy: 'collection-rules ratings (own id, course held or free)',
    },
  },
  reviews: {
    read: { grants: [anyone] },
    write: { grants: [], serverWrites: true, enforcedBy: 'rating-derivations (from ratings)' },
  },
  progress: {
    read: { grants: [{ role: 'learner', relation: 'owner' }] },
    write: { grants: [{ role: 'learner', relation: 'owner' }], enforcedBy: 'collection-rules ownedByWriter' },
  },
  notes: {
    read: { grants: [{ role: 'learner', relation: 'owner' }] },
    write: { grants: [{ role: 'learner', relation: 'owner' }], enforcedBy: 'collection-rules ownedByWriter' },
  },
  attempts: {
    read: { grants: [{ role: 'learner', relation: 'owner' }] },
    write: {
      grants: [{ role: 'learner', relation: 'entitled' }],
      enforcedBy: 'collection-rules attempts (own, append-only, a lesson the learner may open)',
    },
  },
  examsittings: {
    read: { grants: [{ role: 'learner', relation: 'owner' }] },
    write: {
      grants: [{ role: 'learner', relation: 'entitled' }],
      enforcedBy:
        'collection-rules examsittings (own, sealed once submitted, a published paper of an exam the learner may open)',
    },
  },
  coursedrafts: {
    read: { grants: [courseOwner] },
    write: { grants: [courseOwner], enforcedBy: 'collection-rules coursedrafts' },
  },
  humans: {
    read: { grants: [anyone] },
    write: { grants: [signedIn], enforcedBy: 'test only (ZHIKU_TEST_COLLECTIONS, refused in production)' },
  },
} as const satisfies Record<string, { read: PolicyEntry; write: PolicyEntry }>;

/** HTTP routes, `METHOD /path` exactly as registered. */
export const ROUTE_POLICY: Record<string, PolicyEntry> = {
  'GET /health': { grants: [anyone] },
  'GET /health/live': { grants: [anyone] },
  'GET /health/ready': { grants: [anyone] },
  'GET /v1/openapi.json': { grants: [anyone] },
  'GET /v1/keys': { grants: [anyone] },
  'GET /v1/keys/entitlements': { grants: [anyone] },
  'GET /v1/recommend/aggregates': { grants: [anyone] },
  'GET /v1/courses/:courseId/reviews': {
    grants: [anyone],
    enforcedBy: 'course-reviews (a public course’s published reviews only)',
  },
  'GET /v1/courses/:courseId/lessons': {
    grants: [anyone],
    enforcedBy: 'course-lessons (a public course’s published lessons only)',
  },
  'GET /v1/search': {
    grants: [anyone],
    enforcedBy: 'catalog-search (indexes public, published courses and their public lessons only)',
  },

  'POST /v1/auth/register': { grants: [anyone] },
  'POST /v1/auth/login': { grants: [secret], enforcedBy: 'auth-service login (the password)' },
  'POST /v1/auth/refresh': { grants: [secret], enforcedBy: 'auth-service refresh (the refresh token)' },
  'POST /v1/auth/logout': { grants: [signedIn] },
  'GET /v1/me': { grants: [signedIn] },
  'PATCH /v1/me': { grants: [signedIn] },
  'POST /v1/me/email-verification': { grants: [signedIn] },
  'POST /v1/me/email-verification/confirm': {
    grants: [signedIn],
    enforcedBy: 'account-recovery verifyEmail (the mailed code)',
  },
  'POST /v1/auth/password-reset': { grants: [anyone] },
  'POST /v1/auth/password-reset/confirm': {
    grants: [secret],
    enforcedBy: 'account-recovery resetPassword (the mailed code)',
  },
  'POST /v1/me/password': { grants: [signedIn], enforcedBy: 'auth-service changePassword (the current password)' },
  'POST /v1/me/creator': { grants: [signedIn], enforcedBy: 'creator-routes (only where approval is automatic)' },
  'GET /v1/devices': { grants: [signedIn] },
  'DELETE /v1/devices/:deviceId': { grants: [signedIn], enforcedBy: 'auth-service revokeDevice (own devices)' },

  'GET /v1/sync/:collection/pull': { grants: [anyone, signedIn], enforcedBy: 'COLLECTION_POLICY read' },
  'POST /v1/sync/:collection/push': { grants: [signedIn], enforcedBy: 'COLLECTION_POLICY write' },
  'GET /v1/sync/stream': { grants: [signedIn], enforcedBy: 'replication-routes (notices of public or own rows)' },

  'GET /v1/content/lessons/:lessonId': {
    grants: [{ role: 'anonymous', relation: 'entitled' }, courseOwner, platformAdmin],
    enforcedBy: 'content-service readableContent',
  },
  'HEAD /v1/content/lessons/:lessonId': {
    grants: [{ role: 'anonymous', relation: 'entitled' }, courseOwner, platformAdmin],
    enforcedBy: 'content-service readableContent',
  },
  'GET /v1/content/covers/:courseId': { grants: [anyone, courseOwner], enforcedBy: 'content-service readableCover' },
  'POST /v1/content/uploads': { grants: [courseOwner], enforcedBy: 'content-service startUpload' },
  'GET /v1/content/uploads/:uploadId': { grants: [courseOwner], enforcedBy: 'content-service ownUpload' },
  'PUT /v1/content/uploads/:uploadId': { grants: [courseOwner], enforcedBy: 'content-service ownUpload' },
  'POST /v1/content/pack-keys': {
    grants: [{ role: 'anonymous', relation: 'entitled' }],
    enforcedBy: 'pack-service keys (as readableContent)',
  },
  'POST /v1/content/packs/sign': {
    grants: [{ role: 'learner', relation: 'entitled' }, courseOwner, platformAdmin],
    enforcedBy: 'pack-service sign (holds every course named)',
  },

  'POST /v1/creator/courses/:courseId/publish': { grants: [courseOwner], enforcedBy: 'publish-service assertOwnIds' },
  'POST /v1/creator/courses/:courseId/unpublish': { grants: [courseOwner], enforcedBy: 'publish-service unpublish' },
  'GET /v1/creator/sales': { grants: [courseOwner], enforcedBy: 'payment-routes (sales of own courses)' },
  'GET /v1/creator/learners': { grants: [courseOwner], enforcedBy: 'payment-routes (own courses, no names)' },
  'GET /v1/creator/courses/:courseId/question-stats': {
    grants: [courseOwner, platformAdmin],
    enforcedBy: 'question-report (own course; counts only, never who)',
  },

  'POST /v1/orders': { grants: [signedIn] },
  'POST /v1/orders/:orderId/cancel': {
    grants: [{ role: 'learner', relation: 'owner' }],
    enforcedBy: 'order-service cancel',
  },
  'POST /v1/payments/stripe/webhook': { grants: [secret], enforcedBy: 'Stripe signature' },
  'GET /v1/plans': { grants: [anyone], enforcedBy: 'plans onSale (active plans only; no members or buyers)' },
  'GET /v1/creator/plans': {
    grants: [creatorSelf, platformAdmin],
    enforcedBy: 'plans mine (the caller’s own plans; the platform’s for an administrator)',
  },
  'POST /v1/creator/plans': {
    grants: [creatorSelf, platformAdmin],
    enforcedBy: 'plans create (a creator’s over their own published courses; “all” for the platform only)',
  },
  'POST /v1/creator/plans/:planId/retire': {
    grants: [creatorSelf, platformAdmin],
    enforcedBy: 'plans retire (the caller’s own plan)',
  },
  'GET /v1/memberships': { grants: [signedIn], enforcedBy: 'membership-service mine (the caller’s own)' },
  'POST /v1/memberships': {
    grants: [signedIn],
    enforcedBy: 'membership-service subscribe (a plan on sale, not one’s own)',
  },
  'POST /v1/memberships/:membershipId/cancel': {
    grants: [{ role: 'learner', relation: 'owner' }],
    enforcedBy: 'membership-service setCancelAtPeriodEnd (own, live)',
  },
  'POST /v1/memberships/:membershipId/resume': {
    grants: [{ role: 'learner', relation: 'owner' }],
    enforcedBy: 'membership-service setCancelAtPeriodEnd (own, live)',
  },
  'POST /v1/memberships/:membershipId/change': {
    grants: [{ role: 'learner', relation: 'owner' }],
    enforcedBy: 'membership-service changePlan (own, live; a plan of the same seller and currency)',
  },
  'POST /v1/memberships/portal': {
    grants: [signedIn],
    enforcedBy: 'membership-service portal (the caller’s own customer at the provider)',
  },
  'GET /v1/test-billing/checkout/:session': { grants: [secret], enforcedBy: 'payments mode test only' },
  'POST /v1/test-billing/checkout/:session/subscribe': {
    grants: [secret],
    enforcedBy: 'payments mode test only; pending memberships only; the same events as Stripe',
  },
  'GET /v1/test-billing/subscriptions/:subscription': { grants: [secret], enforcedBy: 'payments mode test only' },
  'POST /v1/test-billing/subscriptions/:subscription/renew': {
    grants: [secret],
    enforcedBy: 'payments mode test only',
  },
  'POST /v1/test-billing/subscriptions/:subscription/fail': { grants: [secret], enforcedBy: 'payments mode test only' },
  'POST /v1/test-billing/subscriptions/:subscription/end-period': {
    grants: [secret],
    enforcedBy: 'payments mode test only',
  },
  'POST /v1/test-billing/subscriptions/:subscription/cancel-now': {
    grants: [secret],
    enforcedBy: 'payments mode test only',
  },
  'GET /v1/test-billing/portal/:customer': { grants: [secret], enforcedBy: 'payments mode test only' },
  'GET /v1/test-checkout/:sessionId': {
    grants: [secret],
    enforcedBy: 'payments mode test only (refused off loopback in production)',
  },
  'POST /v1/test-checkout/:sessionId/pay': {
    grants: [secret],
    enforcedBy: 'payments mode test only; pending orders only',
  },
  'GET /v1/creator/payouts': {
    grants: [creatorSelf],
    enforcedBy: 'creator-payouts status (the caller’s own account; creators only)',
  },
  'GET /v1/creator/earnings': {
    grants: [creatorSelf],
    enforcedBy: 'creator-payouts earnings (the caller’s own sales lines and transfers; creators only)',
  },
  'GET /v1/admin/revenue': { grants: [platformAdmin] },
  'POST /v1/creator/payouts/onboarding': {
    grants: [creatorSelf],
    enforcedBy: 'creator-payouts onboard (the caller’s own account, made on first use; creators only)',
  },
  'GET /payouts/onboarding': { grants: [anyone], enforcedBy: 'a static page (where the provider returns to)' },
  'GET /v1/test-connect/:accountId': {
    grants: [secret],
    enforcedBy: 'payments mode test only; says only whether the account is ready',
  },
  'POST /v1/test-connect/:accountId/complete': {
    grants: [secret],
    enforcedBy: 'payments mode test only; the same account.updated path as Stripe',
  },
  'POST /v1/redeem': {
    grants: [{ role: 'learner', relation: 'secret-holder' }],
    enforcedBy: 'institution-service redeem',
  },

  'POST /v1/seat-pools/:poolId/codes': {
    grants: [{ role: 'organization-manager', relation: 'pool-manager' }, platformAdmin],
    enforcedBy: 'institution-service createCodes',
  },
  'POST /v1/seat-pools/:poolId/reassign': {
    grants: [{ role: 'organization-manager', relation: 'pool-manager' }, platformAdmin],
    enforcedBy: 'institution-service reassign (the seat’s grant only)',
  },
  'GET /v1/seat-pools/mine': {
    grants: [{ role: 'organization-manager', relation: 'pool-manager' }],
    enforcedBy: 'institution-service myPools',
  },

  'POST /v1/organizations/join': {
    grants: [{ role: 'learner', relation: 'secret-holder' }],
    enforcedBy: 'organization-service join',
  },
  'GET /v1/organizations/mine': { grants: [signedIn] },
  'GET /v1/organizations/invitations': { grants: [signedIn] },
  'POST /v1/organizations/invitations/:invitationId/:answer': {
    grants: [signedIn],
    enforcedBy: 'organization-service answerInvitation (invitations to the caller’s address)',
  },
  'POST /v1/organizations/:organizationId/roster': {
    grants: [{ role: 'organization-admin', relation: 'organization-admin' }, platformAdmin],
    enforcedBy: 'organization-service requireOrgAdmin (invites only)',
  },
  'DELETE /v1/organizations/:organizationId/invitations/:invitationId': {
    grants: [{ role: 'organization-admin', relation: 'organization-admin' }, platformAdmin],
    enforcedBy: 'organization-service withdrawInvitation',
  },
  'GET /v1/organizations/:organizationId/members': {
    grants: [{ role: 'organization-admin', relation: 'organization-admin' }, platformAdmin],
    enforcedBy: 'organization-service requireOrgAdmin',
  },
  'POST /v1/organizations/:organizationId/members/:userId/password': {
    grants: [
      { role: 'organization-admin', relation: 'organization-made-unclaimed' },
      { role: 'platform-admin', relation: 'organization-made-unclaimed' },
    ],
    enforcedBy: 'organization-service resetPassword',
  },

  'POST /v1/admin/users/:userId/role': { grants: [platformAdmin] },
  'POST /v1/admin/entitlements': { grants: [platformAdmin] },
  'POST /v1/admin/entitlements/revoke': { grants: [platformAdmin] },
  'POST /v1/admin/orders/:orderId/refund': { grants: [platformAdmin] },
  'POST /v1/admin/bundles': { grants: [platformAdmin] },
  'POST /v1/admin/coupons': { grants: [platformAdmin] },
  'POST /v1/admin/payments/reconcile': { grants: [platformAdmin] },
  'POST /v1/admin/seat-pools': { grants: [platformAdmin] },
  'POST /v1/admin/provisioning': { grants: [platformAdmin] },
  'POST /v1/admin/keys/rotate': { grants: [platformAdmin] },
  'POST /v1/admin/keys/:kid/retire': { grants: [platformAdmin] },
  'GET /v1/admin/overview': { grants: [platformAdmin] },
  'GET /v1/admin/users': { grants: [platformAdmin] },
  'GET /v1/admin/organizations': { grants: [platformAdmin] },
  'POST /v1/admin/organizations': {
    grants: [platformAdmin],
    enforcedBy: 'platform-admin createOrganization (invites an existing account as admin; it joins only by accepting)',
  },
  'GET /v1/admin/seat-pools': { grants: [platformAdmin] },
  'GET /v1/admin/orders': { grants: [platformAdmin] },
  'POST /v1/admin/certificates/:id/revoke': { grants: [platformAdmin] },
  'POST /v1/certificates': {
    grants: [{ role: 'learner', relation: 'entitled' }],
    enforcedBy: 'certificate-service issue (own, course held or free, complete by the server’s own records)',
  },
  'GET /v1/certificates/mine': { grants: [signedIn], enforcedBy: 'certificate-service mine (the caller’s own)' },
  'GET /v1/exams/results': { grants: [signedIn], enforcedBy: 'exam-grader resultsOf (the caller’s own)' },
  'GET /v1/certificates/:id': {
    grants: [anyone],
    enforcedBy: 'certificate-service verify (what the certificate states, nothing else)',
  },
  'GET /certificates/:id': { grants: [anyone], enforcedBy: 'certificate-page (the same verification, as a page)' },
};

/** The least account role a request needs before its handler runs: none, any account, a creator, or a platform admin. */
export type Gate = 'none' | 'account' | 'creator' | 'platform-admin';

export function gateOf(entry: PolicyEntry): Gate {
  const roles = new Set(entry.grants.map((grant) => grant.role));
  if (roles.has('anonymous')) return 'none';
  if ([...roles].every((role) => role === 'platform-admin')) return 'platform-admin';
  if ([...roles].every((role) => role === 'creator' || role === 'platform-admin')) return 'creator';
  return 'account';
}

export class PolicyGapError extends Error {
  override name = 'PolicyGapError';
}

/** The policy entry of a registered route; a HEAD route Fastify adds for a GET shares its entry. */
export function policyKeyOf(method: string, url: string): string | undefined {
  const key = `${method} ${url}`;
  if (Object.hasOwn(ROUTE_POLICY, key)) return key;
  const get = `GET ${url}`;
  return method === 'HEAD' && Object.hasOwn(ROUTE_POLICY, get) ? get : undefined;
}

/** Throws naming every route (`METHOD /path`) or collection without an entry (the server refuses to start with a gap). */
export function checkPolicyCoverage(routes: readonly string[], collections: readonly string[]): void {
  const missing = [
    ...routes.filter(
      (route) => policyKeyOf(route.slice(0, route.indexOf(' ')), route.slice(route.indexOf(' ') + 1)) === undefined,
    ),
    ...collections.filter((name) => !Object.hasOwn(COLLECTION_POLICY, name)).map((name) => `collection ${name}`),
  ];
  if (missing.length > 0) throw new PolicyGapError(`No authorization policy for: ${missing.join(', ')}`);
}

export function collectionPolicy(collection: string): { read: PolicyEntry; write: PolicyEntry } {
  const entry = (COLLECTION_POLICY as Record<string, { read: PolicyEntry; write: PolicyEntry }>)[collection];
  if (!entry) throw new PolicyGapError(`No authorization policy for collection ${collection}`);
  return entry;
}
