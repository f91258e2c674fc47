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

export const recoveryStatusSchema: z.ZodType<RecoveryStatus | null> = z
  .object({
    id: z.string(),
    detectedAt: z.number(),
    reason: z.string(),
    damagedCopy: z.string(),
    items: z.array(
      z.object({
        collection: z.enum(['notes', 'progress', 'ratings', 'coursedrafts']),
        id: z.string(),
        updatedAt: z.number(),
        deleted: z.boolean(),
        courseTitle: z.object({ zh: z.string(), en: z.string() }).optional(),
        text: z.string().optional(),
        stars: z.number().optional(),
      }),
    ),
  })
  .nullable();
export const recoveryIdInputSchema = z
  .object({ id: z.string().regex(/^[0-9TZ-]{10,40}$/, 'Not a recovery id.') })
  .strict();
export const recoveryRestoreOutputSchema = z.object({
  restored: z.number().int().min(0),
  failed: z.number().int().min(0),
});
