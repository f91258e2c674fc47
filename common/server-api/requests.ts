import { z } from 'zod';
import { packManifestSchema } from '../content-pack.js';
import { provisioningSchema } from '../provisioning.js';

/**
 * Request bodies of the sync server's routes, written once: the route validates with them, the
 * API description (OpenAPI) shows them, and a client can build its requests against them.
 */
const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

export const packKeysRequestSchema = z.object({ lessonIds: z.array(idParam).min(1).max(2000) }).strict();

export const packSignRequestSchema = z.object({ manifest: packManifestSchema }).strict();

export const publishRequestSchema = z.object({ draftRevision: z.number().int().min(0) }).strict();

export const roleRequestSchema = z.object({ role: z.enum(['learner', 'creator']) }).strict();

export const reassignSchema = z
  .object({ fromUserId: z.string().min(1).max(100), toUserId: z.string().min(1).max(100) })
  .strict();

export const provisioningRequestSchema = z
  .object({
    organization: z.object({ id: idParam.optional(), name: z.string().trim().min(1).max(120) }).strict(),
    /** The address learners' devices use (the public one, behind any proxy). */
    serverUrl: provisioningSchema.shape.serverUrl,
    enrollment: z
      .object({ maxUses: z.number().int().min(1).max(1_000_000), expiresAt: z.number().int().positive().optional() })
      .strict(),
    defaultLanguage: provisioningSchema.shape.defaultLanguage,
    lockedSettings: provisioningSchema.shape.lockedSettings.optional(),
    updates: provisioningSchema.shape.updates.optional(),
    contentPack: provisioningSchema.shape.contentPack,
  })
  .strict();

export const joinRequestSchema = z
  .object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'not an enrollment token') })
  .strict();

export const rosterRequestSchema = z
  .object({ csv: z.string().max(900_000, 'A roster file is at most 900 KB; split larger ones.'), dryRun: z.boolean() })
  .strict();

export const passwordResetSchema = z
  .object({ password: z.string().min(10, 'At least 10 characters.').max(256) })
  .strict();

/** The start of a resumable upload: a lesson body or a course cover, its size, hash and type. */
export const uploadRequestSchema = z
  .object({
    lessonId: z.string().min(1).max(100),
    /** For a lesson that exists only in the creator's draft so far (or a cover): the course id. */
    courseId: z.string().min(1).max(100).optional(),
    /** A lesson's body (default) or the course's cover image (then `lessonId` is ignored). */
    target: z.enum(['lesson', 'cover']).default('lesson'),
    bytes: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    mime: z.string().min(1).max(100),
  })
  .strict();

/** A new order: courses (or a bundle), and an optional coupon code. */
export const orderRequestSchema = z
  .object({
    courseIds: z.array(z.string().min(1).max(100)).max(20).default([]),
    bundleId: z.string().min(1).max(100).optional(),
    couponCode: z.string().trim().min(3).max(40).optional(),
  })
  .strict()
  .refine(
    (body) => (body.bundleId === undefined) !== (body.courseIds.length === 0),
    'give either courseIds or a bundleId',
  );

/** An administrator's grant of a course to a learner. */
export const grantRequestSchema = z
  .object({ userId: z.string().min(1).max(100), courseId: z.string().min(1).max(100) })
  .strict();

/** Revoking ends the administrators' own grant; `all` ends every source (purchases and seats included), as a deliberate act. */
export const revokeRequestSchema = grantRequestSchema
  .extend({ source: z.enum(['grant', 'all']).default('grant') })
  .strict();

/** The courses of a paid order to refund. */
export const refundRequestSchema = z.object({ courseIds: z.array(z.string().min(1).max(100)).min(1).max(20) }).strict();

export const bundleRequestSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    courseIds: z.array(z.string().min(1).max(100)).min(2).max(20),
    priceAmount: z.number().int().positive(),
    currency: z.enum(['CNY', 'USD', 'EUR']),
  })
  .strict();

export const couponRequestSchema = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{3,40}$/),
    kind: z.enum(['percent', 'fixed']),
    value: z.number().int().positive(),
    currency: z.enum(['CNY', 'USD', 'EUR']).optional(),
    validFrom: z.number().int().nonnegative(),
    validUntil: z.number().int().positive(),
    maxRedemptions: z.number().int().min(1).max(1_000_000),
    /** Uses one learner may hold (paid or waiting for payment); 1 unless said otherwise. */
    maxPerLearner: z.number().int().min(1).max(1000).default(1),
  })
  .strict()
  .refine((c) => c.validUntil > c.validFrom, 'validUntil must be after validFrom')
  .refine(
    (c) => (c.kind === 'percent' ? c.value <= 100 : c.currency !== undefined),
    'a percentage is at most 100; a fixed amount needs its currency',
  );
