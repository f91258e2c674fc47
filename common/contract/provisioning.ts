import { z } from 'zod';
import { settingsSchema, type Settings } from '../settings.js';

/** What the app shows about an institution's provisioning of this computer. */
export interface ProvisioningStatus {
  state: 'none' | 'checking' | 'applied' | 'rejected';
  organization?: { id: string; name: string };
  /** The file that was read. */
  source?: string;
  /** Why a file was rejected (or cannot be checked yet). */
  message?: string;
  /** Settings the institution fixed: shown as locked, refused through the API. */
  locked: (keyof Settings)[];
  /** Whether the signed-in learner has joined the organization. */
  membership: 'not-signed-in' | 'joining' | 'joined' | 'failed';
  updates: 'off' | 'feed';
}
export const provisioningStatusSchema: z.ZodType<ProvisioningStatus> = z.object({
  state: z.enum(['none', 'checking', 'applied', 'rejected']),
  organization: z.object({ id: z.string(), name: z.string() }).optional(),
  source: z.string().optional(),
  message: z.string().optional(),
  locked: z.array(settingsSchema.keyof()),
  membership: z.enum(['not-signed-in', 'joining', 'joined', 'failed']),
  updates: z.enum(['off', 'feed']),
});
