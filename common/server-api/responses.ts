import { z } from 'zod';
import { KEY_ID_PATTERN, type ServerKeySet } from '../entitlement-payload.js';
import { PROFILE_LANGUAGES, type AccountProfile } from './auth.js';
import { USER_ROLES, type DeviceView, type LoginResponse, type PublicUser, type SessionTokens } from './auth.js';
import { pullCheckpointSchema } from './replication.js';

/**
 * The sync server's answers, written once: the API description (OpenAPI) shows them, tests
 * check the server sends them, and the desktop core parses every answer it reads with them,
 * so a server that changes shape is a clear error at the call, never a crash later.
 */
const count = z.number().int().min(0);
const timestamp = z.number();
const role = z.enum(['learner', 'admin']);

export const publicUserSchema: z.ZodType<PublicUser> = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
  createdAt: timestamp,
});

export const deviceViewSchema: z.ZodType<DeviceView> = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.string(),
  createdAt: timestamp,
  lastSeenAt: timestamp,
  revokedAt: timestamp.nullable(),
  current: z.boolean(),
});

export const sessionTokensSchema: z.ZodType<SessionTokens> = z.object({
  accessToken: z.string().min(1),
  expiresIn: z.number().positive(),
  refreshToken: z.string().min(1),
});

export const loginResponseSchema: z.ZodType<LoginResponse> = z.object({
  accessToken: z.string().min(1),
  expiresIn: z.number().positive(),
  refreshToken: z.string().min(1),
  user: publicUserSchema,
  device: deviceViewSchema,
});

export const userResponseSchema = z.object({ user: publicUserSchema });
export const accountProfileSchema: z.ZodType<AccountProfile> = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
  createdAt: timestamp,
  bio: z.string(),
  languages: z.array(z.enum(PROFILE_LANGUAGES)),
  emailVerified: z.boolean(),
  avatar: z.string().nullable(),
});
/** GET and PATCH /v1/me. */
export const profileResponseSchema = z.object({ user: accountProfileSchema });
export const devicesResponseSchema = z.object({ devices: z.array(deviceViewSchema) });

export const keySetSchema: z.ZodType<ServerKeySet> = z.object({
  active: z.string().regex(KEY_ID_PATTERN),
  keys: z.array(
    z.object({
      kid: z.string().regex(KEY_ID_PATTERN),
      publicKeyPem: z.string(),
      createdAt: timestamp,
      legacy: z.boolean(),
    }),
  ),
});

/** POST /v1/orders */
export const orderCreatedSchema = z.object({
  orderId: z.string(),
  /** Opened in the system browser by the app; null when nothing was left to pay. */
  checkoutUrl: z.string().nullable(),
  testMode: z.boolean(),
  totalAmount: count,
});

export const courseIdResponseSchema = z.object({ courseId: z.string() });

export const organizationRefSchema = z.object({ id: z.string(), name: z.string() });
export const joinResponseSchema = z.object({ organization: organizationRefSchema });
export const myOrganizationsSchema = z.object({
  organizations: z.array(z.object({ id: z.string(), name: z.string(), role })),
});

export const seatPoolViewSchema = z.object({
  poolId: z.string(),
  institution: z.string(),
  courseId: z.string(),
  seatsTotal: count,
  seatsUsed: count,
  holders: z.array(z.object({ userId: z.string(), displayName: z.string(), email: z.string(), since: timestamp })),
});
export const myPoolsSchema = z.object({ pools: z.array(seatPoolViewSchema) });

export const memberViewSchema = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role,
  joinedAt: timestamp,
  courses: count,
  completion: z.number().min(0).max(1),
  /** Exercises the member has mastered (across their courses), and their certificates (not revoked). */
  exercisesMastered: count,
  certificates: count,
  /** Exams sat (graded sittings): attempts, best score, passed. */
  exams: z.array(
    z.object({
      courseId: z.string(),
      lessonId: z.string(),
      title: z.object({ zh: z.string(), en: z.string() }),
      attempts: count,
      bestPercent: z.number().min(0).max(100),
      passed: z.boolean(),
    }),
  ),
  lastSyncedAt: timestamp.nullable(),
  /** The admin may set this person's password: an invitation, or an account the organization made that its owner has not taken over. */
  needsPassword: z.boolean(),
  /** invited: on the roster, not joined yet. */
  status: z.enum(['member', 'invited']),
});
export const membersResponseSchema = z.object({ members: z.array(memberViewSchema) });

export const rosterImportSchema = z.object({
  dryRun: z.boolean(),
  rows: z.array(
    z.object({
      line: z.number().int(),
      email: z.string(),
      displayName: z.string(),
      role,
      status: z.enum(['to-invite', 'already-invited', 'already-member']),
    }),
  ),
  problems: z.array(z.object({ line: z.number().int(), message: z.string() })),
});

export const codesResponseSchema = z.object({ codes: z.array(z.string()) });

export const invitationViewSchema = z.object({
  id: z.string(),
  organization: organizationRefSchema,
  role,
  invitedAt: timestamp,
});
export const invitationsResponseSchema = z.object({ invitations: z.array(invitationViewSchema) });
export const invitationAnswerSchema = z.object({ organization: organizationRefSchema, role }).nullable();

export const saleRecordSchema = z.object({
  orderId: z.string(),
  courseId: z.string(),
  amount: z.number(),
  /** The platform's fee on it (the creator earns `amount - fee`), fixed when it was paid. */
  fee: z.number(),
  currency: z.string(),
  paidAt: timestamp,
  refundedAt: timestamp.nullable(),
});
export const salesResponseSchema = z.object({ sales: z.array(saleRecordSchema) });

export const courseLearnersSchema = z.object({
  courseId: z.string(),
  learners: count,
  /** 0 to 1: the mean of every learner's completion, those who never started counting as 0. */
  averageCompletion: z.number().min(0).max(1),
});
export const learnersResponseSchema = z.object({ courses: z.array(courseLearnersSchema) });

export const publishResponseSchema = z.object({
  courseId: z.string(),
  draftRevision: z.number().int(),
  publishedAt: timestamp,
});

/** An answer with nothing to read (204, or a body the caller ignores). */
export const anyAnswerSchema = z.unknown();

/** POST /v1/content/pack-keys: the key of each lesson the caller may read, and the ones refused. */
export const packKeysResponseSchema = z.object({
  keys: z.record(z.string(), z.object({ key: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  refused: z.array(z.string()),
});

/** POST /v1/content/packs/sign: the manifest as signed, and its signature. */
export const packSignResponseSchema = z.object({ manifest: z.unknown(), signature: z.string().min(1) });

/** GET /v1/sync/:collection/pull — the documents themselves are checked by the device database's schema. */
export const pullResponseSchema = z.object({
  documents: z.array(z.record(z.string(), z.unknown())),
  checkpoint: pullCheckpointSchema,
});

/** POST /v1/sync/:collection/push: the server's state of each conflicting document. */
export const pushResponseSchema = z.array(z.record(z.string(), z.unknown()));

/** POST /v1/content/uploads, PUT /v1/content/uploads/:id: where a resumable upload stands. */
export const uploadStatusSchema = z.object({
  uploadId: z.string().min(1),
  bytes: z.number().int().min(0),
  received: z.number().int().min(0),
  complete: z.boolean(),
});

/** Every error: `{ error: { code, message, details? } }`. */
export const errorReplySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
