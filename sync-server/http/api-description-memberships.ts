import {
  changePlanRequestSchema,
  membershipSchema,
  membershipsResponseSchema,
  planRequestSchema,
  planSchema,
  plansResponseSchema,
  portalResponseSchema,
  subscribeRequestSchema,
  subscribeResponseSchema,
} from '../../common/server-api/memberships.js';
import { z } from 'zod';
import type { Operation } from './api-operation.js';

const testPage = (summary: string): Operation => ({
  summary,
  auth: 'none',
  onlyWith: 'test-checkout',
  responses: { 200: 'HTML', 404: 'no such test checkout or subscription' },
});

/** Memberships (plans, subscriptions) and the embedded test billing: their part of the API description. */
export const MEMBERSHIP_OPERATIONS: Record<string, Operation> = {
  'GET /v1/plans': {
    summary: 'Membership plans on sale; with `courseId`, those that open that course.',
    auth: 'none',
    query: z.object({ courseId: z.string().optional() }),
    answer: plansResponseSchema,
    responses: { 200: '{ plans }' },
  },
  'GET /v1/creator/plans': {
    summary: 'The caller’s own plans with their live members (creators; the platform’s plans for administrators).',
    auth: 'required',
    answer: plansResponseSchema,
    responses: { 200: '{ plans }', 403: 'creators only' },
  },
  'POST /v1/creator/plans': {
    summary:
      'A new plan: monthly or yearly, an optional trial; a creator’s opens all their courses (now and later) or chosen ones of theirs; the platform’s opens every course or chosen ones.',
    auth: 'required',
    body: planRequestSchema,
    answer: z.object({ plan: planSchema }),
    responses: { 201: '{ plan }', 403: 'creators only, or a course of someone else' },
  },
  'POST /v1/creator/plans/:planId/retire': {
    summary: 'Stop selling a plan of the caller’s; its members keep it until they leave.',
    auth: 'required',
    answer: z.object({ plan: planSchema }),
    responses: { 200: '{ plan }', 404: 'no such plan of yours' },
  },
  'GET /v1/memberships': {
    summary: 'The caller’s memberships: status, paid through, cancelling at period end.',
    auth: 'required',
    answer: membershipsResponseSchema,
    responses: { 200: '{ memberships }' },
  },
  'POST /v1/memberships': {
    summary:
      'Join a plan: a checkout in subscription mode (Stripe, or the test billing). The membership opens its courses once its first invoice is paid (or its trial starts).',
    auth: 'required',
    body: subscribeRequestSchema,
    answer: subscribeResponseSchema,
    responses: { 201: '{ membershipId, checkoutUrl, testMode }', 404: 'no such plan on sale', 409: 'already a member' },
  },
  'POST /v1/memberships/:membershipId/cancel': {
    summary: 'Cancel at the end of the paid period (access lasts until then).',
    auth: 'required',
    answer: z.object({ membership: membershipSchema }),
    responses: { 200: '{ membership }', 404: 'not yours', 409: 'not live' },
  },
  'POST /v1/memberships/:membershipId/resume': {
    summary: 'Take back a cancellation at period end.',
    auth: 'required',
    answer: z.object({ membership: membershipSchema }),
    responses: { 200: '{ membership }', 404: 'not yours', 409: 'not live' },
  },
  'POST /v1/memberships/:membershipId/change': {
    summary: 'Change to another plan of the same seller and currency (the provider prorates).',
    auth: 'required',
    body: changePlanRequestSchema,
    answer: z.object({ membership: membershipSchema }),
    responses: { 200: '{ membership }', 400: 'not a plan of the same seller and currency', 404: 'not yours' },
  },
  'POST /v1/memberships/portal': {
    summary: 'A link to the provider’s customer portal: payment methods and invoices.',
    auth: 'required',
    answer: portalResponseSchema,
    responses: { 200: '{ url }', 404: 'no memberships to manage' },
  },
  'GET /v1/test-billing/checkout/:session': testPage(
    'The test billing’s subscription checkout page, clearly labelled.',
  ),
  'POST /v1/test-billing/checkout/:session/subscribe': testPage(
    'Subscribe (test): the same checkout.session.completed and invoice.paid events as Stripe.',
  ),
  'GET /v1/test-billing/subscriptions/:subscription': testPage(
    'A test subscription’s page: its state and the drivers below.',
  ),
  'POST /v1/test-billing/subscriptions/:subscription/renew': testPage('A renewal paid (invoice.paid).'),
  'POST /v1/test-billing/subscriptions/:subscription/fail': testPage(
    'A renewal declined (invoice.payment_failed, then the subscription past due).',
  ),
  'POST /v1/test-billing/subscriptions/:subscription/end-period': testPage(
    'The period ends: a membership cancelled at period end is deleted; one that renews is charged.',
  ),
  'POST /v1/test-billing/subscriptions/:subscription/cancel-now': testPage(
    'Cancelled at once (customer.subscription.deleted).',
  ),
  'GET /v1/test-billing/portal/:customer': testPage('The test stand-in for the provider’s customer portal.'),
};
