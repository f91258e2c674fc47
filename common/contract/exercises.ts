import { z } from 'zod';
import type { ExerciseProgress } from '../exercises/mastery.js';
import type { QuestionImport } from '../exercises/gift-import.js';
import { answerSchema, questionSchema } from '../exercises/questions.js';

const idField = z.string().min(1).max(100);

/** An answer to one question of an exercise lesson, in a round (whose draw the UI showed). */
export const exerciseAnswerInputSchema = z
  .object({
    lessonId: idField,
    round: z.string().regex(/^[A-Za-z0-9:_-]{1,100}$/),
    questionId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    answer: answerSchema,
  })
  .strict();
export const exerciseLessonInputSchema = z.object({ lessonId: idField }).strict();

const exerciseProgressSchema: z.ZodType<ExerciseProgress> = z.object({
  answered: z.number().int().min(0),
  correct: z.number().int().min(0),
  questionsRight: z.number().int().min(0),
  asked: z.number().int().min(0),
  mastered: z.boolean(),
  streak: z
    .object({ right: z.number().int().min(0), of: z.number().int().min(0), needed: z.number().int().min(0) })
    .optional(),
});

export interface ExerciseAnswered {
  correct: boolean;
  /** The worked explanation, shown right or wrong. */
  explanation?: string;
  progress: ExerciseProgress;
}
export const exerciseAnsweredSchema: z.ZodType<ExerciseAnswered> = z.object({
  correct: z.boolean(),
  explanation: z.string().optional(),
  progress: exerciseProgressSchema,
});

export interface ExerciseState {
  /** The learner's answers to this exercise, oldest first (what was answered stays on the device). */
  attempts: { id: string; questionId: string; round: string; correct: boolean; at: number }[];
  /** Where they stand; null until the exercise itself is on the device. */
  progress: ExerciseProgress | null;
}
export const exerciseStateSchema: z.ZodType<ExerciseState> = z.object({
  attempts: z.array(
    z.object({ id: z.string(), questionId: z.string(), round: z.string(), correct: z.boolean(), at: z.number() }),
  ),
  progress: exerciseProgressSchema.nullable(),
});

/** Questions to import into an exercise: a GIFT or CSV file's text (docs/exercises.md). */
export const questionImportInputSchema = z
  .object({ format: z.enum(['gift', 'csv']), text: z.string().max(2_000_000, 'A question file is at most 2 MB.') })
  .strict();
export const questionImportSchema: z.ZodType<QuestionImport> = z.object({
  questions: z.array(questionSchema),
  problems: z.array(z.object({ line: z.number().int().min(1), message: z.string() })),
});
