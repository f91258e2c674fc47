import { z } from 'zod';

/** Export and import of content packs, for the Downloads screen. */
export interface PackStatus {
  operation: 'idle' | 'exporting' | 'importing';
  /** Lessons handled so far, of `total`. */
  done: number;
  total: number;
  folder?: string;
  /** Imported lessons still locked: not this learner's, or their keys could not be fetched yet. */
  waiting: number;
  message?: string | undefined;
  failed?: boolean;
  lastExport?: { lessons: number; bytes: number; folder: string };
  /** Of the last imported pack's lessons: how many open now, how many wait for access. */
  lastImport?: { lessons: number; ready: number; waiting: number };
}
const exported = z.object({ folder: z.string(), lessons: z.number().int().min(0), bytes: z.number().min(0) });
const imported = z.object({
  lessons: z.number().int().min(0),
  ready: z.number().int().min(0),
  waiting: z.number().int().min(0),
});
export const packStatusSchema: z.ZodType<PackStatus> = z.object({
  operation: z.enum(['idle', 'exporting', 'importing']),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  folder: z.string().optional(),
  waiting: z.number().int().min(0),
  message: z.string().optional(),
  failed: z.boolean().optional(),
  lastExport: exported.optional(),
  lastImport: imported.optional(),
});

const folder = z.string().trim().min(1, 'Choose a folder.').max(1024);
export const packExportInputSchema = z
  .object({
    courseIds: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/))
      .min(1, 'Choose at least one course.')
      .max(500),
    folder,
  })
  .strict();
export const packImportInputSchema = z.object({ folder }).strict();
export const packExportOutputSchema = exported;
export const packImportOutputSchema = imported;
