import { examResultsQuerySchema, examResultsResponseSchema } from '../../common/server-api/exams.js';
import {
  creatorEarningsSchema,
  platformRevenueSchema,
  payoutAccountResponseSchema,
  payoutOnboardingSchema,
} from '../../common/server-api/payouts.js';
import {
  adminOrdersResponseSchema,
  adminOrganizationsResponseSchema,
  adminOverviewSchema,
  adminSearchQuerySchema,
  adminSeatPoolsResponseSchema,
  adminUsersResponseSchema,
  createOrganizationRequestSchema,
  createOrganizationResponseSchema,
} from '../../common/server-api/admin.js';
import {
  certificateCheckSchema,
  certificateRequestSchema,
  certificateResponseSchema,
  certificatesResponseSchema,
} from '../../common/server-api/certificates.js';
import type { Operation } from './api-operation.js';

/** The platform admin screen's routes: their part of the API description. */
export const PLATFORM_ADMIN_OPERATIONS: Record<string, Operation> = {
  'GET /v1/admin/overview': {
    summary: 'Administrators: the payments mode (stripe, test or off) and the platform’s counts.',
    auth: 'admin',
    answer: adminOverviewSchema,
    responses: { 200: 'the overview' },
  },
  'GET /v1/admin/users': {
    summary: 'Administrators: users, newest first, found by a part of their e-mail or name.',
    auth: 'admin',
    query: adminSearchQuerySchema,
    answer: adminUsersResponseSchema,
    responses: { 200: '{ users, total }' },
  },
  'GET /v1/admin/organizations': {
    summary: 'Administrators: every organization with its member count, admins and open invitations.',
    auth: 'admin',
    answer: adminOrganizationsResponseSchema,
    responses: { 200: '{ organizations }' },
  },
  'POST /v1/admin/organizations': {
    summary:
      'Administrators: create an organization and invite an existing account as its administrator (it joins by accepting; the invitation is mailed).',
    auth: 'admin',
    body: createOrganizationRequestSchema,
    answer: createOrganizationResponseSchema,
    responses: { 201: '{ organization, invitationId }', 404: 'no account has this address', 409: 'the name is taken' },
  },
  'GET /v1/admin/seat-pools': {
    summary: 'Administrators: every seat pool with its course, seats used and manager.',
    auth: 'admin',
    answer: adminSeatPoolsResponseSchema,
    responses: { 200: '{ pools }' },
  },
  'GET /v1/admin/orders': {
    summary: 'Administrators: orders, newest first, found by order id or a part of the buyer’s e-mail or name.',
    auth: 'admin',
    query: adminSearchQuerySchema,
    answer: adminOrdersResponseSchema,
    responses: { 200: '{ orders }' },
  },
  'POST /v1/admin/certificates/:id/revoke': {
    summary: 'Administrators: revoke a certificate (its verification says revoked from then on).',
    auth: 'admin',
    answer: certificateResponseSchema,
    responses: { 200: '{ certificate }', 404: 'no such certificate' },
  },
};

/** Certificates of completion: their part of the API description. */
export const CERTIFICATE_OPERATIONS: Record<string, Operation> = {
  'POST /v1/certificates': {
    summary:
      'Issue the caller’s certificate for a course they hold (or a free one) once it is complete by the server’s records: what the course’s completion rules ask: lessons done, exercises mastered by the attempts, exams passed as the server graded them. Returns the existing one when there is one.',
    auth: 'required',
    body: certificateRequestSchema,
    answer: certificateResponseSchema,
    responses: { 201: '{ certificate }', 409: 'CONFLICT: not complete yet (details name the lessons)' },
  },
  'GET /v1/certificates/mine': {
    summary: 'The caller’s certificates.',
    auth: 'required',
    answer: certificatesResponseSchema,
    responses: { 200: '{ certificates }' },
  },
  'GET /v1/certificates/:id': {
    summary:
      'Anyone: whether a certificate is genuine (signed by this server, unaltered), revoked or unknown, with what it states.',
    auth: 'none',
    answer: certificateCheckSchema,
    responses: { 200: '{ status, certificate? }' },
  },
  'GET /certificates/:id': {
    summary: 'Anyone: the same verification as a page (HTML, both languages).',
    auth: 'none',
    responses: { 200: 'text/html' },
  },
  'GET /v1/exams/results': {
    summary:
      'The caller’s exam results, newest first (optionally of one course): every submitted sitting the server has received is graded first, by the key of the paper it was sat on.',
    auth: 'required',
    query: examResultsQuerySchema,
    answer: examResultsResponseSchema,
    responses: { 200: '{ results }' },
  },
};

/** Creator payouts (Stripe Connect Express): their part of the API description. */
export const PAYOUT_OPERATIONS: Record<string, Operation> = {
  'GET /v1/creator/payouts': {
    summary: 'The caller’s payout account: connected, details submitted, charges and payouts enabled (creators only).',
    auth: 'required',
    answer: payoutAccountResponseSchema,
    responses: { 200: '{ account }', 403: 'creators only' },
  },
  'GET /v1/creator/earnings': {
    summary:
      'The caller’s earnings (creators only): per currency, month and course — sold, gross, platform fees, refunds, earned, paid out to the payout account, pending — the latest transfers and reversals, and the account’s balance at the provider.',
    auth: 'required',
    answer: creatorEarningsSchema,
    responses: { 200: '{ account, totals, months, courses, transfers, balance }', 403: 'creators only' },
  },
  'GET /v1/admin/revenue': {
    summary:
      'Administrators: the platform’s revenue — fees, refunds, creators’ earnings paid out and pending per currency and month, per creator, and transfers refused or in flight.',
    auth: 'admin',
    answer: platformRevenueSchema,
    responses: {
      200: '{ testMode, totals, months, creators, failedTransfers, sendingTransfers }',
      403: 'administrators only',
    },
  },
  'POST /v1/creator/payouts/onboarding': {
    summary:
      'Make the caller’s Express account (once) and return a fresh link to the provider’s onboarding for it; its `account.updated` events say when it is ready.',
    auth: 'required',
    answer: payoutOnboardingSchema,
    responses: { 200: '{ url, account }', 403: 'creators only' },
  },
  'GET /payouts/onboarding': {
    summary:
      'Where the provider’s onboarding returns to (or, `?expired=1`, sends an expired link): a page pointing back to the app.',
    auth: 'none',
    responses: { 200: 'HTML' },
  },
  'GET /v1/test-connect/:accountId': {
    summary: 'The embedded test onboarding page (no Stripe keys), clearly labelled.',
    auth: 'none',
    onlyWith: 'test-checkout',
    responses: { 200: 'HTML' },
  },
  'POST /v1/test-connect/:accountId/complete': {
    summary: 'Complete test onboarding: the same account.updated event path as Stripe.',
    auth: 'none',
    onlyWith: 'test-checkout',
    responses: { 200: 'HTML' },
  },
};
