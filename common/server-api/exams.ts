import { z } from 'zod';

/** Why the server did not grade a sitting (common/exercises/exam-sitting.ts). */
export const VOID_REASONS = ['too-many-attempts', 'outside-window', 'over-time', 'clock-ahead'] as const;

/** The server's verdict on one submitted sitting: graded (with its score) or void (and why). */
export const examResultSchema = z.object({
  sittingId: z.string(),
  courseId: z.string(),
  lessonId: z.string(),
  /** Which graded attempt this was (1 for the first); 0 when void. */
  attempt: z.number().int().min(0),
  status: z.enum(['graded', 'void']),
  voidReason: z.enum(VOID_REASONS).optional(),
  right: z.number().int().min(0),
  total: z.number().int().min(0),
  percent: z.number().min(0).max(100),
  passed: z.boolean(),
  startedAt: z.number(),
  submittedAt: z.number(),
  gradedAt: z.number(),
});
export type ExamResult = z.output<typeof examResultSchema>;

export const examResultsQuerySchema = z.object({ courseId: z.string().min(1).max(100).optional() }).strict();
export const examResultsResponseSchema = z.object({ results: z.array(examResultSchema) });
