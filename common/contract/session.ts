import { z } from 'zod';
import {
  emailVerificationSchema,
  oneTimeCodeSchema,
  passwordChangeSchema,
  profileUpdateSchema,
} from '../server-api/auth.js';
import { accountProfileSchema } from '../server-api/responses.js';

export interface SessionState {
  status: 'signed-in' | 'signed-out';
  user?: { id: string; email: string; displayName: string; role: string };
  serverUrl?: string;
  /** Why the device was signed out by the server, so the UI can say so. */
  reason?: 'revoked' | 'expired' | 'reused';
}

export interface SyncStatus {
  online: boolean;
  signedIn: boolean;
  syncing: boolean;
  /** Local changes not yet accepted by the server. */
  pendingChanges: number;
  lastSyncedAt: number | null;
  error?: string;
}

/** The rules a new account's fields follow: the form checks them as the learner types, the core again. */
export const PASSWORD_MIN = 10;
export const signUpInputSchema = z
  .object({
    email: z.string().trim().max(254).pipe(z.email('Enter an e-mail address like name@example.com.')),
    password: z.string().min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters.`).max(256),
    displayName: z.string().trim().min(1, 'Enter a name.').max(80),
  })
  .strict();
export const signInInputSchema = z
  .object({ email: z.string().trim().max(254), password: z.string().min(1).max(256) })
  .strict();

export const sessionStateSchema: z.ZodType<SessionState> = z.object({
  status: z.enum(['signed-in', 'signed-out']),
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: z.string() }).optional(),
  serverUrl: z.string().optional(),
  reason: z.enum(['revoked', 'expired', 'reused']).optional(),
});
export const syncStatusSchema: z.ZodType<SyncStatus> = z.object({
  online: z.boolean(),
  signedIn: z.boolean(),
  syncing: z.boolean(),
  pendingChanges: z.number().int().min(0),
  lastSyncedAt: z.number().nullable(),
  error: z.string().optional(),
});

/** The person's own account as they edit it (from the server: needs a connection). */
export const accountProfileOutputSchema = accountProfileSchema;
export const profilePatchSchema = profileUpdateSchema;
export const passwordChangeInputSchema = passwordChangeSchema;
export const emailCodeInputSchema = emailVerificationSchema;
export const passwordResetRequestInputSchema = z.object({ email: z.string().trim().max(254).pipe(z.email()) }).strict();
export const forgottenPasswordResetInputSchema = z
  .object({
    email: z.string().trim().max(254).pipe(z.email()),
    code: oneTimeCodeSchema,
    newPassword: z.string().min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters.`).max(256),
  })
  .strict();
