import { z } from 'zod';

const localized = z.object({ zh: z.string(), en: z.string() });

/** GET /v1/creator/courses/:courseId/question-stats: per exercise, per question, counts only. */
export const questionReportSchema = z.object({
  courseId: z.string(),
  title: localized,
  lessons: z.array(
    z.object({
      lessonId: z.string(),
      title: localized,
      /** An exercise (practice answers) or an exam (graded sittings). */
      kind: z.enum(['exercise', 'exam']),
      learners: z.number().int().min(0),
      questions: z.array(
        z.object({
          questionId: z.string(),
          prompt: z.string(),
          type: z.enum(['single', 'multiple', 'truefalse', 'fill', 'ordering', 'matching']),
          answers: z.number().int().min(0),
          right: z.number().int().min(0),
          learners: z.number().int().min(0),
          commonWrong: z.object({ label: z.string(), count: z.number().int().min(1) }).nullable(),
          stoppedHere: z.number().int().min(0),
        }),
      ),
    }),
  ),
});
export type QuestionReport = z.output<typeof questionReportSchema>;
