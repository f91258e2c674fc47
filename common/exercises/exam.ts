import { z } from 'zod';
import { questionSchema } from './questions.js';

/**
 * An exam lesson's body as its creator writes it (in their draft, on their own devices and
 * on the server): the questions with their answer keys, the rules of a sitting, and a
 * secret from which the key-free paper's opaque ids are derived. Learners' devices never
 * get this body — only the paper built from it (`exam-paper.ts`); the server grades.
 */
export const examSchema = z
  .object({
    format: z.literal('zhiku-exam'),
    version: z.literal(1),
    questions: z.array(questionSchema).min(1).max(200),
    /** Passed when at least this share of the questions is right. */
    passPercent: z.number().min(1).max(100),
    /** Minutes from the start of a sitting to its end (no limit when absent). */
    timeLimitMinutes: z.number().int().min(1).max(600).optional(),
    /** Sittings a learner may submit. */
    attempts: z.number().int().min(1).max(20),
    /** When sittings may start (ms since the epoch); open at any time when absent. */
    opensAt: z.number().int().min(0).optional(),
    closesAt: z.number().int().min(0).optional(),
    shuffleOptions: z.boolean().default(true),
    /** Never published: the paper's option and item ids are derived from it, so they say nothing about the key. */
    secret: z.string().regex(/^[0-9a-f]{32,64}$/),
  })
  .strict()
  .refine((e) => new Set(e.questions.map((q) => q.id)).size === e.questions.length, 'question ids must be unique')
  .refine(
    (e) => e.opensAt === undefined || e.closesAt === undefined || e.opensAt < e.closesAt,
    'an exam must open before it closes',
  );
export type Exam = z.output<typeof examSchema>;

/** An exam lesson's body (its JSON), or null when it is not a complete, valid exam. */
export function parseExam(text: string): Exam | null {
  try {
    const parsed = examSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not JSON: not an exam, which is what null says.
    return null;
  }
}

/** The body of a new exam lesson: no questions yet, one attempt, passed at 60 %, its secret given by the caller. */
export function newExamBody(secret: string): string {
  return JSON.stringify({
    format: 'zhiku-exam',
    version: 1,
    questions: [],
    passPercent: 60,
    attempts: 1,
    shuffleOptions: true,
    secret,
  });
}
