import { z } from 'zod';

/** A change that had not synced when the device's database was found damaged, kept aside. */
export interface RecoveryItem {
  collection: 'notes' | 'progress' | 'ratings' | 'coursedrafts';
  id: string;
  updatedAt: number;
  /** It was a deletion. */
  deleted: boolean;
  courseTitle?: { zh: string; en: string } | undefined;
  /** A note's text or a review, shortened. */
  text?: string | undefined;
  stars?: number | undefined;
}

/** The device's database was damaged, moved aside, and rebuilt from the server. */
export interface RecoveryStatus {
  id: string;
  detectedAt: number;
  /** What SQLite said was wrong, for support. */
  reason: string;
  /** Where the damaged file was kept. */
  damagedCopy: string;
  /** Kept-aside changes that differ from what the device now holds. */
  items: RecoveryItem[];
}

export const recoveryStatusSchema = z.custom<RecoveryStatus | null>();
export const recoveryIdInputSchema = z
  .object({ id: z.string().regex(/^[0-9TZ-]{10,40}$/, 'Not a recovery id.') })
  .strict();
export const recoveryRestoreOutputSchema = z.custom<{ restored: number; failed: number }>();
