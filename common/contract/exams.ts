import { z } from 'zod';
import { examPaperSchema, type ExamPaper } from '../exercises/exam-paper.js';
import { answerSchema, type Answer } from '../exercises/questions.js';
import { examResultSchema, type ExamResult } from '../server-api/exams.js';

const idField = z.string().min(1).max(100);

export const examLessonInputSchema = z.object({ lessonId: idField }).strict();
export const examSittingInputSchema = z.object({ sittingId: idField }).strict();
/** An answer given (or, null, taken back) in an open sitting. */
export const examAnswerInputSchema = z
  .object({
    sittingId: idField,
    questionId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    answer: answerSchema.nullable(),
  })
  .strict();

export interface ExamSittingView {
  id: string;
  status: 'open' | 'submitted';
  startedAt: number;
  submittedAt: number;
  /** When an open sitting will be sealed by itself (null: no time limit). */
  deadline: number | null;
  /** Answers given on the paper, by question id. */
  answers: Record<string, Answer>;
  sealedBy?: 'learner' | 'time';
}

/** One exam as the learner sees it on the device. */
export interface ExamState {
  /** The key-free paper; null until it is on the device (or when it cannot be read). */
  paper: ExamPaper | null;
  /** The learner's sittings, oldest first (from every device of theirs that has synced). */
  sittings: ExamSittingView[];
  /** The server's results for them, as last fetched (kept for offline). */
  results: ExamResult[];
  /** Why a new sitting cannot start now; null when it can. */
  refusal: 'not-open-yet' | 'closed' | 'no-attempts-left' | 'in-progress' | null;
}

export const examStateSchema: z.ZodType<ExamState> = z.object({
  paper: examPaperSchema.nullable(),
  sittings: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['open', 'submitted']),
      startedAt: z.number(),
      submittedAt: z.number(),
      deadline: z.number().nullable(),
      answers: z.record(z.string(), answerSchema),
      sealedBy: z.enum(['learner', 'time']).optional(),
    }),
  ),
  results: z.array(examResultSchema),
  refusal: z.enum(['not-open-yet', 'closed', 'no-attempts-left', 'in-progress']).nullable(),
});

export const examStartedSchema = z.object({ sittingId: z.string() });
export const examAnsweredSchema = z.object({ answered: z.number().int().min(0) });
export const examResultsRefreshedSchema = z.object({ fresh: z.boolean() });
export type { ExamPaper, ExamResult };
