import type { LessonDoc } from '../collections/catalog.js';
import type { CompletionRules } from '../collections/shared-fields.js';

/** A course without rules asks for everything. */
export const ALL_REQUIRED: CompletionRules = { lessons: true, exercises: true, exams: true };

/**
 * The lessons that stand between a learner and completing a course under its creator's
 * rules: reading, listening and watching lessons when `lessons`, exercises (to master) when
 * `exercises`, exams (to pass) when `exams`. The device's checklist and the server's
 * certificate check use this one function.
 */
export function lessonsRequired<T extends Pick<LessonDoc, 'kind'>>(
  rules: CompletionRules | undefined,
  lessons: readonly T[],
): T[] {
  const r = rules ?? ALL_REQUIRED;
  return lessons.filter((lesson) =>
    lesson.kind === 'exercise' ? r.exercises : lesson.kind === 'exam' ? r.exams : r.lessons,
  );
}
