import { catalogSearchAnswerSchema, catalogSearchQuerySchema } from '../../common/server-api/catalog-search.js';
import { z } from 'zod';
import { ACCOUNT_OPERATIONS } from './api-description-accounts.js';
import { questionReportSchema } from '../../common/server-api/question-report.js';
import { MEMBERSHIP_OPERATIONS } from './api-description-memberships.js';
import { CERTIFICATE_OPERATIONS, PAYOUT_OPERATIONS, PLATFORM_ADMIN_OPERATIONS } from './api-description-admin.js';
import type { Operation } from './api-operation.js';
import {
  bundleRequestSchema,
  couponRequestSchema,
  grantRequestSchema,
  refundRequestSchema,
  revokeRequestSchema,
  joinRequestSchema,
  orderRequestSchema,
  packKeysRequestSchema,
  packSignRequestSchema,
  passwordResetSchema,
  provisioningRequestSchema,
  publishRequestSchema,
  reassignSchema,
  roleRequestSchema,
  rosterRequestSchema,
} from '../../common/server-api/requests.js';
import { pullQuerySchema, pushBodySchema } from '../../common/server-api/replication.js';
import {
  codesResponseSchema,
  courseIdResponseSchema,
  invitationAnswerSchema,
  invitationsResponseSchema,
  joinResponseSchema,
  keySetSchema,
  learnersResponseSchema,
  membersResponseSchema,
  myOrganizationsSchema,
  myPoolsSchema,
  orderCreatedSchema,
  packKeysResponseSchema,
  packSignResponseSchema,
  publishResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  rosterImportSchema,
  salesResponseSchema,
  uploadStatusSchema,
  userResponseSchema,
} from '../../common/server-api/responses.js';

import { uploadRequestSchema } from '../../common/server-api/requests.js';
import { courseReviewsAnswerSchema, courseReviewsQuerySchema } from '../../common/server-api/reviews.js';
import { courseLessonsAnswerSchema } from '../../common/server-api/course-lessons.js';

/**
 * Every route of the sync server, described once. The OpenAPI document is generated from
 * this table and the same zod schemas the routes validate with; a test checks that every
 * registered route is here and nothing here is missing from the server.
 */
export const API_OPERATIONS: Record<string, Operation> = {
  ...ACCOUNT_OPERATIONS,
  ...PLATFORM_ADMIN_OPERATIONS,
  ...CERTIFICATE_OPERATIONS,
  ...PAYOUT_OPERATIONS,
  ...MEMBERSHIP_OPERATIONS,
  'POST /v1/me/creator': {
    summary: 'Become a creator (approved at once when ZHIKU_CREATOR_APPROVAL=auto, the default).',
    auth: 'required',
    answer: userResponseSchema,
    responses: { 200: 'the user with its new role', 403: 'approval is manual on this server' },
  },
  'POST /v1/admin/users/:userId/role': {
    summary: 'Administrators: make a user a creator or take the role away.',
    auth: 'admin',
    body: roleRequestSchema,
    responses: { 200: 'the user' },
  },
  'POST /v1/creator/courses/:courseId/publish': {
    summary:
      'Publish the synced draft of this revision: validated, then copied into the public catalog with its lessons and text content.',
    auth: 'required',
    body: publishRequestSchema,
    answer: publishResponseSchema,
    responses: {
      200: '{ courseId, revision, publishedAt, lessons }',
      400: 'problems (details list them)',
      409: 'the draft on the server has another revision',
    },
  },
  'POST /v1/creator/courses/:courseId/unpublish': {
    summary: 'Hide a course from new buyers; those who bought it keep it.',
    auth: 'required',
    responses: { 200: '{ courseId }' },
  },
  'GET /v1/creator/learners': {
    summary: 'Creators: per course, how many learners have it and their average completion (no names).',
    auth: 'required',
    answer: learnersResponseSchema,
    responses: { 200: '{ courses: [{ courseId, learners, averageCompletion }] }' },
  },
  'GET /v1/creator/courses/:courseId/question-stats': {
    summary:
      'Creators: per exercise of their course, per question — answers, right answers, the most common wrong answer, where learners stop (counts only).',
    auth: 'required',
    answer: questionReportSchema,
    responses: { 200: '{ courseId, title, lessons }', 404: 'no such course of yours' },
  },
  'GET /v1/content/covers/:courseId': {
    summary: 'A course’s cover image: public once the course is, otherwise for its creator; strong ETag.',
    auth: 'optional',
    responses: { 200: 'the image', 304: 'not modified', 404: 'no cover' },
  },
  'GET /health': {
    summary: 'Liveness and what a client shows about the server.',
    auth: 'none',
    responses: { 200: 'ok' },
  },
  'GET /health/live': { summary: 'Liveness: the process answers.', auth: 'none', responses: { 200: 'ok' } },
  'GET /health/ready': {
    summary: 'Readiness: the database answers and the instance is not draining (503 otherwise).',
    auth: 'none',
    responses: { 200: 'ready', 503: 'draining or database unavailable' },
  },
  'GET /v1/openapi.json': {
    summary: 'This API description.',
    auth: 'none',
    responses: { 200: 'OpenAPI 3.1 document' },
  },
  'POST /v1/admin/keys/rotate': {
    summary:
      'Administrators: a new signing key signs from now on; older keys keep verifying until retired. Other instances follow within a minute.',
    auth: 'admin',
    responses: { 201: '{ active, keys }' },
  },
  'POST /v1/admin/keys/:kid/retire': {
    summary:
      'Administrators: sign again, with the active key, every entitlement this key signed, then stop trusting it.',
    auth: 'admin',
    responses: { 200: '{ resigned }', 404: 'no such key in use', 409: 'the key signs now (rotate first)' },
  },
  'GET /v1/keys': {
    summary:
      'The server’s signing keys with their ids (entitlements, provisioning files, packs): the active one and those that still verify. Devices pin them per server.',
    auth: 'none',
    answer: keySetSchema,
    responses: { 200: '{ active, keys: [{ kid, publicKeyPem, createdAt, legacy }] }' },
  },
  'POST /v1/orders/:orderId/cancel': {
    summary: 'Give up one of your pending orders: its coupon use is released and its checkout can no longer be paid.',
    auth: 'required',
    responses: { 204: 'cancelled', 404: 'not one of yours', 409: 'not pending' },
  },
  'DELETE /v1/organizations/:organizationId/invitations/:invitationId': {
    summary: 'Organization admins: withdraw an invitation not yet taken up; the address can be invited again.',
    auth: 'required',
    responses: { 204: 'withdrawn', 404: 'no such invitation of this organization' },
  },
  'GET /v1/organizations/invitations': {
    summary: 'Invitations to organizations waiting for the signed-in account.',
    auth: 'required',
    answer: invitationsResponseSchema,
    responses: { 200: '{ invitations: [{ id, organization, role, invitedAt }] }' },
  },
  'POST /v1/organizations/invitations/:invitationId/:answer': {
    summary:
      'Accept or decline an invitation (answer: accept | decline). Only accepting makes an existing account a member.',
    auth: 'required',
    answer: invitationAnswerSchema,
    responses: { 200: '{ organization, role } or { declined: true }', 404: 'no such invitation for you' },
  },
  'GET /v1/sync/:collection/pull': {
    summary:
      'Documents changed after checkpoint `seq`, in sequence order, that the caller may read. Anonymous callers get public collections. Lessons and courses with `held=1`: only those of the courses the caller holds (bought, started or wrote); the checkpoint then carries `scope` (and `fill` while a course that joined is filled in), passed back as `scope`, `fillTo`, `fillAfter`. A first pull with `newest=1` goes newest first: its checkpoint carries `below` while the pass goes on (passed back with `newest=1`), then the pull goes on in sequence order from its `seq`.',
    auth: 'optional',
    query: pullQuerySchema,
    answer: pullResponseSchema,
    responses: { 200: '{ documents, checkpoint: { seq } }', 401: 'private collection without a session' },
  },
  'POST /v1/sync/:collection/push': {
    summary:
      'Compare-and-set writes `{ assumedMasterState, newDocumentState }`; answers the master state of every conflicting row. All rows are validated and authorized first: one bad row refuses the push.',
    auth: 'required',
    body: pushBodySchema,
    answer: pushResponseSchema,
    responses: { 200: 'conflicts (empty when all written)', 403: 'FORBIDDEN' },
  },
  'GET /v1/sync/stream': {
    summary:
      'Server-sent events for this device: `RESYNC` on connect, `change` { collections } after commits it may see.',
    auth: 'required',
    responses: { 200: 'text/event-stream' },
  },
  'GET /v1/content/lessons/:lessonId': {
    summary:
      'A lesson’s body or media: free previews to anyone, otherwise to its creator or an entitled learner. Range requests, strong ETag, If-None-Match, If-Range.',
    auth: 'optional',
    responses: {
      200: 'the body',
      206: 'a range',
      304: 'not modified',
      401: 'sign in',
      403: 'not entitled',
      416: 'range not satisfiable',
    },
  },
  'HEAD /v1/content/lessons/:lessonId': {
    summary: 'The same headers without the body.',
    auth: 'optional',
    responses: { 200: 'headers' },
  },
  'POST /v1/content/uploads': {
    summary: 'Start a resumable upload of a lesson’s body (creator of the lesson only; type and size checked).',
    auth: 'required',
    body: uploadRequestSchema,
    answer: uploadStatusSchema,
    responses: { 201: '{ uploadId, bytes, received, complete }', 413: 'too large for the lesson kind' },
  },
  'GET /v1/content/uploads/:uploadId': {
    summary: 'How much of an upload has arrived, to resume from.',
    auth: 'required',
    answer: uploadStatusSchema,
    responses: { 200: 'upload status' },
  },
  'PUT /v1/content/uploads/:uploadId': {
    summary:
      'Append a chunk (application/octet-stream, header Upload-Offset = bytes received so far, at most 8 MiB). The last chunk verifies size, SHA-256 and file type, then publishes.',
    auth: 'required',
    answer: uploadStatusSchema,
    responses: { 200: 'upload status', 409: 'wrong offset (details.received)', 413: 'chunk too large' },
  },
  'POST /v1/admin/entitlements': {
    summary: 'Grant a course to a user (signed entitlement).',
    auth: 'admin',
    body: grantRequestSchema,
    responses: { 201: 'entitlement' },
  },
  'POST /v1/admin/entitlements/revoke': {
    summary:
      'End the administrators’ grant of a course (source `all`: every source, purchases and seats included). The entitlement ends only when no source still grants the course.',
    auth: 'admin',
    body: revokeRequestSchema,
    responses: { 200: 'entitlement' },
  },
  'POST /v1/orders': {
    summary:
      'Create an order for courses (optionally with a coupon, whose use is reserved at once) and a checkout session; returns the checkout URL to open in the system browser. Access follows only from the payment event; a fully discounted order is granted at once (checkoutUrl null).',
    auth: 'required',
    body: orderRequestSchema,
    answer: orderCreatedSchema,
    responses: {
      201: '{ orderId, checkoutUrl, testMode, totalAmount }',
      409: 'already owned, or the coupon is used up',
    },
  },
  'GET /v1/creator/sales': {
    summary: 'The caller’s sales: course, amount, when paid, whether refunded (no buyer details).',
    auth: 'required',
    answer: salesResponseSchema,
    responses: { 200: '{ sales }', 403: 'creators only' },
  },
  'POST /v1/payments/stripe/webhook': {
    summary: 'Stripe webhook: signature checked on the raw body, each event applied exactly once by id.',
    auth: 'none',
    onlyWith: 'stripe',
    responses: { 200: '{ received, outcome }', 400: 'bad signature' },
  },
  'GET /v1/test-checkout/:sessionId': {
    summary: 'The embedded test checkout page (no Stripe keys), clearly labelled as a test payment.',
    auth: 'none',
    onlyWith: 'test-checkout',
    responses: { 200: 'HTML' },
  },
  'POST /v1/test-checkout/:sessionId/pay': {
    summary: 'Complete a test payment: produces the same checkout.session.completed event path as Stripe.',
    auth: 'none',
    onlyWith: 'test-checkout',
    responses: { 200: 'HTML' },
  },
  'POST /v1/admin/orders/:orderId/refund': {
    summary:
      'Refund some courses of a paid order (Stripe refund with metadata); exactly those entitlements end when the refund event arrives.',
    auth: 'admin',
    body: refundRequestSchema,
    responses: { 200: '{ refundId, amount }', 409: 'not refundable' },
  },
  'POST /v1/admin/seat-pools': {
    summary: 'Grant an institution a number of seats for a course, managed by one user.',
    auth: 'admin',
    responses: { 201: '{ poolId }' },
  },
  'POST /v1/seat-pools/:poolId/codes': {
    summary: 'The pool’s manager creates redeem codes (single- or multi-use, optional expiry).',
    auth: 'required',
    answer: codesResponseSchema,
    responses: { 201: '{ codes }', 404: 'not your pool' },
  },
  'GET /v1/seat-pools/mine': {
    summary: 'The seat pools the caller manages: seats used of total, and who holds them.',
    auth: 'required',
    answer: myPoolsSchema,
    responses: { 200: '{ pools }' },
  },
  'POST /v1/seat-pools/:poolId/reassign': {
    summary:
      'The pool’s manager moves a seat from a learner who left to another: the course moves with it; of two concurrent moves of one seat, exactly one succeeds.',
    auth: 'required',
    body: reassignSchema,
    answer: courseIdResponseSchema,
    responses: { 200: '{ courseId }' },
  },
  'POST /v1/redeem': {
    summary:
      'Redeem a code for its course: once per learner and code, never beyond its uses or the pool’s seats, even under concurrency. Rate-limited.',
    auth: 'required',
    answer: courseIdResponseSchema,
    responses: { 200: '{ courseId }', 409: 'used up, no seats left, or already redeemed' },
  },
  'POST /v1/admin/bundles': {
    summary:
      'Create a bundle: several published courses for one price (spread over them in proportion, so refunds are per course).',
    auth: 'admin',
    body: bundleRequestSchema,
    responses: { 201: 'bundle' },
  },
  'POST /v1/admin/coupons': {
    summary: 'Create a coupon: a percentage or a fixed amount off, a validity window and a usage limit.',
    auth: 'admin',
    body: couponRequestSchema,
    responses: { 201: 'coupon', 409: 'code exists' },
  },
  'POST /v1/admin/payments/reconcile': {
    summary:
      'Apply the payment provider’s events of the last three days that were never delivered (also runs every 10 minutes with Stripe).',
    auth: 'admin',
    responses: { 200: '{ processed, duplicate, ignored }' },
  },
  'POST /v1/admin/provisioning': {
    summary:
      'Administrators: an organization (new or existing), an enrollment token, and the provisioning file signed with the server’s Ed25519 key.',
    auth: 'admin',
    body: provisioningRequestSchema,
    responses: { 201: '{ provisioning, signature }' },
  },
  'POST /v1/organizations/join': {
    summary:
      'Join an organization with a provisioning file’s enrollment token (once; never beyond its uses or after it expires).',
    auth: 'required',
    body: joinRequestSchema,
    answer: joinResponseSchema,
    responses: { 200: '{ organization, role }' },
  },
  'GET /v1/organizations/mine': {
    summary: 'The caller’s organizations and role in each.',
    auth: 'required',
    answer: myOrganizationsSchema,
    responses: { 200: '{ organizations }' },
  },
  'POST /v1/organizations/:organizationId/roster': {
    summary:
      'Organization admins: preview (dryRun) or import a CSV roster (email,name[,role]); refused while any line has a problem.',
    auth: 'required',
    body: rosterRequestSchema,
    answer: rosterImportSchema,
    responses: { 200: '{ rows, problems }' },
  },
  'GET /v1/organizations/:organizationId/members': {
    summary: 'Organization admins: members with courses, average completion and last sync (no notes or ratings).',
    auth: 'required',
    answer: membersResponseSchema,
    responses: { 200: '{ members }' },
  },
  'POST /v1/organizations/:organizationId/members/:userId/password': {
    summary: 'Organization admins: set a learner’s temporary password; every session of theirs ends.',
    auth: 'required',
    body: passwordResetSchema,
    responses: { 204: 'done' },
  },
  'POST /v1/content/pack-keys': {
    summary:
      'Content packs: the pack keys of the lessons the caller may read (as for the content itself); the others are listed as refused.',
    auth: 'optional',
    body: packKeysRequestSchema,
    answer: packKeysResponseSchema,
    responses: { 200: '{ keys, refused }' },
  },
  'POST /v1/content/packs/sign': {
    summary:
      'Content packs: sign a pack manifest, when the caller may read every lesson and every hash matches the current content.',
    auth: 'required',
    body: packSignRequestSchema,
    answer: packSignResponseSchema,
    responses: { 200: '{ manifest, signature }', 409: 'a lesson changed' },
  },
  'GET /v1/recommend/aggregates': {
    summary:
      'The recommender’s input: item-level aggregates of purchases, studying and ratings (minimum support, per-learner cap; no learner ids), gzip-compressed binary with an ETag.',
    auth: 'none',
    responses: { 200: 'snapshot', 304: 'unchanged' },
  },
  'GET /v1/courses/:courseId/reviews': {
    summary:
      'A published course’s reviews as devices show them: the newest (limit, at most 100) and how many give each number of stars; hidden ones neither listed nor counted. Devices fetch them when a course is shown instead of replicating every review.',
    auth: 'none',
    query: courseReviewsQuerySchema,
    answer: courseReviewsAnswerSchema,
    responses: { 200: '{ reviews, distribution }' },
  },
  'GET /v1/courses/:courseId/lessons': {
    summary:
      'A published course’s published lessons in the course’s order (titles, kinds, lengths: the syllabus; media and keys stay with those who hold it). Devices fetch them for courses they do not hold instead of replicating every lesson.',
    auth: 'none',
    answer: courseLessonsAnswerSchema,
    responses: { 200: '{ lessons }' },
  },
  'GET /v1/search': {
    summary:
      'Full-text search of the whole public catalogue (Chinese by bigrams, as on the device): published courses and their lessons’ titles, best first. Devices merge it with their own index, which alone answers offline.',
    auth: 'none',
    query: catalogSearchQuerySchema,
    answer: catalogSearchAnswerSchema,
    responses: { 200: '{ courses, lessons }', 400: 'a bad query' },
  },
  'GET /v1/keys/entitlements': {
    summary: 'The Ed25519 public key (PEM) that verifies entitlement signatures offline.',
    auth: 'none',
    responses: { 200: 'PEM' },
  },
};

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

/** OpenAPI 3.1 from the table above. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, operation] of Object.entries(API_OPERATIONS)) {
    const [method, route] = key.split(' ') as [string, string];
    const path = route.replace(/:(\w+)/g, '{$1}');
    const parameters = [...route.matchAll(/:(\w+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (operation.query) {
      const query = z.toJSONSchema(operation.query, { io: 'input' }) as { properties?: Record<string, unknown> };
      for (const [name, schema] of Object.entries(query.properties ?? {}))
        parameters.push({ name, in: 'query', required: false, schema: schema as { type: string } });
    }
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      summary: operation.summary,
      ...(operation.auth === 'none'
        ? { security: [] }
        : operation.auth === 'optional'
          ? { security: [{}, { bearer: [] }] }
          : {}),
      ...(operation.auth === 'admin' ? { description: 'Requires an administrator.' } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: z.toJSONSchema(operation.body, { io: 'input' }) } },
            },
          }
        : {}),
      responses: {
        ...Object.fromEntries(
          Object.entries(operation.responses).map(([status, description]) => [
            status,
            operation.answer && status.startsWith('2') && status !== '204'
              ? {
                  description,
                  content: { 'application/json': { schema: z.toJSONSchema(operation.answer, { io: 'output' }) } },
                }
              : { description },
          ]),
        ),
        '4XX': { description: 'error', content: { 'application/json': { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Zhiku sync server', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
