import type { CourseDraftDoc, DraftLesson } from '../collections/authoring.js';
import { parseExam } from '../exercises/exam.js';
import { lessonsRequired } from '../learning/completion-rules.js';
import { parseExercise } from '../exercises/questions.js';

export type PublishProblem =
  | { code: 'title-missing' }
  | { code: 'description-missing' }
  | { code: 'category-missing' }
  | { code: 'no-lessons' }
  | { code: 'empty-section'; sectionId: string }
  | { code: 'lesson-title-missing'; lessonId: string }
  | { code: 'lesson-media-missing'; lessonId: string }
  | { code: 'lesson-text-empty'; lessonId: string }
  | { code: 'lesson-exercise-invalid'; lessonId: string }
  | { code: 'lesson-exam-invalid'; lessonId: string }
  | { code: 'lesson-not-in-outline'; lessonId: string }
  | { code: 'outline-unknown-lesson'; lessonId: string }
  | { code: 'price-too-low'; minimum: number }
  | { code: 'price-too-high'; maximum: number }
  | { code: 'all-free-preview' }
  | { code: 'completion-empty' };

/** Prices in minor units: a paid course costs at least this much (card fees make less pointless)… */
export const MIN_PRICE: Record<CourseDraftDoc['currency'], number> = { CNY: 100, USD: 99, EUR: 99 };
/** …and at most this much. */
export const MAX_PRICE: Record<CourseDraftDoc['currency'], number> = { CNY: 1_000_000, USD: 200_000, EUR: 200_000 };

const hasText = (text: { zh: string; en: string }) => text.zh.trim() !== '' || text.en.trim() !== '';

/**
 * What stands between a draft and publishing. The same function runs in the editor (to
 * show the creator what to fix, offline) and on the server (which refuses to publish a
 * draft with problems), so the two can never disagree.
 */
export function publishProblems(draft: CourseDraftDoc): PublishProblem[] {
  const problems: PublishProblem[] = [];
  if (!hasText(draft.title)) problems.push({ code: 'title-missing' });
  if (!hasText(draft.description)) problems.push({ code: 'description-missing' });
  if (draft.categoryId.trim() === '') problems.push({ code: 'category-missing' });
  const inOutline = new Set(draft.sections.flatMap((section) => section.lessonIds));
  const lessons = new Map(draft.lessons.map((lesson) => [lesson.id, lesson]));
  if (inOutline.size === 0) problems.push({ code: 'no-lessons' });
  for (const section of draft.sections)
    if (section.lessonIds.length === 0) problems.push({ code: 'empty-section', sectionId: section.id });
  for (const lessonId of inOutline)
    if (!lessons.has(lessonId)) problems.push({ code: 'outline-unknown-lesson', lessonId });
  for (const lesson of draft.lessons) {
    if (!inOutline.has(lesson.id)) {
      problems.push({ code: 'lesson-not-in-outline', lessonId: lesson.id });
      continue;
    }
    if (!hasText(lesson.title)) problems.push({ code: 'lesson-title-missing', lessonId: lesson.id });
    problems.push(...contentProblems(lesson));
  }
  if (draft.priceAmount > 0) {
    if (draft.priceAmount < MIN_PRICE[draft.currency])
      problems.push({ code: 'price-too-low', minimum: MIN_PRICE[draft.currency] });
    if (draft.priceAmount > MAX_PRICE[draft.currency])
      problems.push({ code: 'price-too-high', maximum: MAX_PRICE[draft.currency] });
    const outlined = draft.lessons.filter((lesson) => inOutline.has(lesson.id));
    // A paid course must not be entirely free to watch.
    if (outlined.length > 1 && outlined.every((lesson) => lesson.freePreview))
      problems.push({ code: 'all-free-preview' });
  }
  // Completion rules that ask for nothing the course has would make a certificate free for the asking.
  const outlinedLessons = draft.lessons.filter((lesson) => inOutline.has(lesson.id));
  if (draft.completion && outlinedLessons.length > 0 && lessonsRequired(draft.completion, outlinedLessons).length === 0)
    problems.push({ code: 'completion-empty' });
  return problems;
}

/** What the editor recommends before publishing but does not require. */
export type PublishAdvice = { code: 'no-free-preview' };

/**
 * Advice, never a refusal: learners decide on a paid course by trying a little of it, so a
 * free preview is recommended, but some creators sell to people who already know them.
 */
export function publishAdvice(draft: CourseDraftDoc): PublishAdvice[] {
  if (draft.priceAmount === 0) return [];
  const inOutline = new Set(draft.sections.flatMap((section) => section.lessonIds));
  const outlined = draft.lessons.filter((lesson) => inOutline.has(lesson.id));
  return outlined.length > 0 && !outlined.some((lesson) => lesson.freePreview) ? [{ code: 'no-free-preview' }] : [];
}

function contentProblems(lesson: DraftLesson): PublishProblem[] {
  if (lesson.kind === 'exercise')
    return parseExercise(lesson.text ?? '') ? [] : [{ code: 'lesson-exercise-invalid', lessonId: lesson.id }];
  if (lesson.kind === 'exam')
    return parseExam(lesson.text ?? '') ? [] : [{ code: 'lesson-exam-invalid', lessonId: lesson.id }];
  if (lesson.kind === 'text')
    return (lesson.text ?? '').trim() === '' ? [{ code: 'lesson-text-empty', lessonId: lesson.id }] : [];
  return lesson.media ? [] : [{ code: 'lesson-media-missing', lessonId: lesson.id }];
}
