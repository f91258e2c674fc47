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
export const profileUpdateSchema = z.object({ displayName: displayNameSchema }).strict();
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
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
