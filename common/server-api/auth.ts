import { z } from 'zod';

/** Request and response shapes of the sync server's account API, shared with the client. */
export const USER_ROLES = ['learner', 'creator', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());
/** Long passphrases welcome; the cap stops a hashing denial of service. */
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(256);
export const displayNameSchema = z.string().trim().min(1).max(80);

export const deviceInfoSchema = z
  .object({
    /** A random id the app creates once per install. */
    installId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
    name: z.string().trim().min(1).max(80),
    platform: z.enum(['windows', 'macos', 'linux', 'web']),
  })
  .strict();

export const registerRequestSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    displayName: displayNameSchema,
    role: z.enum(['learner', 'creator']).default('learner'),
  })
  .strict();

export const loginRequestSchema = z
  .object({ email: emailSchema, password: z.string().min(1).max(256), device: deviceInfoSchema })
  .strict();
export const refreshRequestSchema = z.object({ refreshToken: z.string().min(20).max(200) }).strict();
/** Sign out this session (by its refresh token), this device, or `everywhere`: every device of the account at once. */
export const logoutRequestSchema = z
  .object({ refreshToken: refreshRequestSchema.shape.refreshToken.optional(), everywhere: z.boolean().optional() })
  .strict();
export const PROFILE_LANGUAGES = ['zh-CN', 'en'] as const;
/** An avatar is a small picture: the app sends it resized, at most this many bytes. */
export const AVATAR_MAX_BYTES = 64 * 1024;
const AVATAR_SIGNATURES: Record<string, (bytes: Uint8Array) => boolean> = {
  png: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  webp: (b) =>
    String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!) === 'RIFF' &&
    String.fromCharCode(b[8]!, b[9]!, b[10]!, b[11]!) === 'WEBP',
};
/** The bytes of a `data:image/…;base64,…` URL whose content is what its type says, or null. */
export function avatarBytes(url: string): Uint8Array | null {
  const match = /^data:image\/(png|jpeg|webp);base64,([A-Za-z0-9+/]+={0,2})$/.exec(url);
  if (!match) return null;
  let binary: string;
  try {
    binary = atob(match[2]!);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return bytes.length >= 12 && bytes.length <= AVATAR_MAX_BYTES && AVATAR_SIGNATURES[match[1]!]!(bytes) ? bytes : null;
}
/** A profile picture as a data URL: PNG, JPEG or WebP whose bytes match the type, at most 64 KB. */
export const avatarSchema = z
  .string()
  .max(Math.ceil((AVATAR_MAX_BYTES * 4) / 3) + 40)
  .refine((url) => avatarBytes(url) !== null, 'a PNG, JPEG or WebP picture of at most 64 KB');
/** What a person says about themselves; every field optional, at least one given. */
export const profileUpdateSchema = z
  .object({
    displayName: displayNameSchema.optional(),
    /** Shown to learners beside a creator's courses. */
    bio: z.string().trim().max(500, 'at most 500 characters').optional(),
    /** The languages they read, in order of preference (mail and suggestions). */
    languages: z.array(z.enum(PROFILE_LANGUAGES)).max(2).optional(),
    /** A picture (data URL), or null to remove it. */
    avatar: avatarSchema.nullable().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');
/** Ask for a password reset code by mail: the same answer whether or not the address has an account. */
export const passwordResetRequestSchema = z.object({ email: emailSchema }).strict();
/** One-time codes are 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L); spaces and case ignored. */
export const oneTimeCodeSchema = z
  .string()
  .transform((code) => code.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-HJ-KM-NP-Z2-9]{8}$/, 'an 8-character code'));
export const passwordResetConfirmSchema = z
  .object({ email: emailSchema, code: oneTimeCodeSchema, newPassword: passwordSchema })
  .strict();
export const emailVerificationSchema = z.object({ code: oneTimeCodeSchema }).strict();
export const passwordChangeSchema = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema })
  .strict();

export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  createdAt: number;
}

/** The signed-in person's own account, as they see and edit it. */
export interface AccountProfile extends PublicUser {
  bio: string;
  languages: (typeof PROFILE_LANGUAGES)[number][];
  emailVerified: boolean;
  /** The profile picture as a data URL, when there is one. */
  avatar: string | null;
}

export interface DeviceView {
  id: string;
  name: string;
  platform: string;
  createdAt: number;
  lastSeenAt: number;
  revokedAt: number | null;
  current: boolean;
}

export interface SessionTokens {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
}

export interface LoginResponse extends SessionTokens {
  user: PublicUser;
  device: DeviceView;
}

/** Stable error codes of the server's JSON errors `{ error: { code, message } }`. */
export const SERVER_ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'TOKEN_REUSED',
  'DEVICE_LIMIT',
  'DEVICE_REVOKED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
  /** A one-time code (e-mail verification, password reset) that is wrong, used or expired. */
  'CODE_INVALID',
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
