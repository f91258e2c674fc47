import { z } from 'zod';

export interface SessionState {
  status: 'signed-in' | 'signed-out';
  user?: { email: string; displayName: string; role: string };
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

export const signUpInputSchema = z
  .object({
    email: z.string().trim().max(254),
    password: z.string().min(10).max(256),
    displayName: z.string().trim().min(1).max(80),
  })
  .strict();
export const signInInputSchema = z
  .object({ email: z.string().trim().max(254), password: z.string().min(1).max(256) })
  .strict();

export const sessionStateSchema = z.custom<SessionState>();
export const syncStatusSchema = z.custom<SyncStatus>();
