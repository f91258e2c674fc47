import type { CourseDraftDoc, DraftLesson } from '../collections/authoring.js';
import type { CourseDoc, LessonDoc } from '../collections/catalog.js';
import { publishedBody } from './published-body.js';
import { hasTextBody, type LocalizedText } from '../collections/shared-fields.js';

/** Course fields a learner sees, compared one by one. */
export const COURSE_FIELDS = [
  'title',
  'subtitle',
  'description',
  'category',
  'tags',
  'language',
  'level',
  'cover',
  'outcomes',
  'requirements',
] as const;
export type CourseField = (typeof COURSE_FIELDS)[number];

export type LessonChange = 'added' | 'removed' | 'renamed' | 'content' | 'moved' | 'preview-on' | 'preview-off';

/** One thing learners will see change when the draft is published. */
export type PublishChange =
  | { kind: 'first-publish'; lessons: number }
  | { kind: 'field'; field: CourseField; before?: LocalizedText; after?: LocalizedText }
  | {
      kind: 'price';
      before: { amount: number; currency: CourseDoc['currency'] };
      after: { amount: number; currency: CourseDoc['currency'] };
    }
  | { kind: 'sections' }
  | { kind: 'lesson'; change: LessonChange; lessonId: string; title: LocalizedText };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const plain = (text: string): LocalizedText => ({ zh: text, en: text });

/**
 * What publishing this draft changes for learners, against the version they see now: the
 * course's fields (short ones with before and after), its price, its chapters, and each
 * lesson added, removed, renamed, moved, re-recorded or rewritten, or made (not) free to try.
 * `textSha256` gives the SHA-256 of a text lesson's UTF-8 body, which the published lesson
 * records, so an edited text shows up as changed content.
 */
export function publishChanges(
  draft: CourseDraftDoc,
  published: CourseDoc | null,
  publishedLessons: readonly LessonDoc[],
  textSha256: (text: string) => string,
): PublishChange[] {
  const outlined = draft.sections.flatMap((section) =>
    section.lessonIds.map((lessonId) => ({
      sectionId: section.id,
      lesson: draft.lessons.find((l) => l.id === lessonId),
    })),
  );
  if (!published) return [{ kind: 'first-publish', lessons: outlined.filter((entry) => entry.lesson).length }];

  const changes: PublishChange[] = [];
  const short = (field: CourseField, before: LocalizedText, after: LocalizedText) => {
    if (!same(before, after)) changes.push({ kind: 'field', field, before, after });
  };
  const changed = (field: CourseField, before: unknown, after: unknown) => {
    if (!same(before, after)) changes.push({ kind: 'field', field });
  };
  short('title', published.title, draft.title);
  short('subtitle', published.subtitle, draft.subtitle);
  changed('description', published.description, draft.description);
  short('category', published.categoryName, draft.categoryName);
  short('tags', plain(published.tags.join(', ')), plain(draft.tags.join(', ')));
  short('language', plain(published.language), plain(draft.language));
  short('level', plain(published.level), plain(draft.level));
  changed('cover', published.cover?.sha256, draft.cover?.sha256);
  changed('outcomes', published.outcomes ?? [], draft.outcomes ?? []);
  changed('requirements', published.requirements ?? [], draft.requirements ?? []);
  if (published.priceAmount !== draft.priceAmount || published.currency !== draft.currency)
    changes.push({
      kind: 'price',
      before: { amount: published.priceAmount, currency: published.currency },
      after: { amount: draft.priceAmount, currency: draft.currency },
    });
  const chapters = (sections: { id: string; title: LocalizedText }[]) => sections.map((s) => [s.id, s.title]);
  if (!same(chapters(published.sections), chapters(draft.sections))) changes.push({ kind: 'sections' });

  const before = new Map(publishedLessons.map((lesson) => [lesson.id, lesson]));
  const publishedOrder = [...publishedLessons].sort((a, b) => a.position - b.position).map((lesson) => lesson.id);
  const draftOrder = outlined.flatMap((entry) => (entry.lesson ? [entry.lesson.id] : []));
  outlined.forEach(({ sectionId, lesson }) => {
    if (!lesson) return;
    const old = before.get(lesson.id);
    const note = (change: LessonChange) =>
      changes.push({ kind: 'lesson', change, lessonId: lesson.id, title: lesson.title });
    if (!old) return note('added');
    if (!same(old.title, lesson.title)) note('renamed');
    if (bodySha256(lesson, textSha256) !== old.contentSha256) note('content');
    if (old.sectionId !== sectionId || relativeOrderMoved(lesson.id, publishedOrder, draftOrder)) note('moved');
    if (old.freePreview !== lesson.freePreview) note(lesson.freePreview ? 'preview-on' : 'preview-off');
  });
  const kept = new Set(draftOrder);
  for (const lesson of publishedLessons)
    if (!kept.has(lesson.id))
      changes.push({ kind: 'lesson', change: 'removed', lessonId: lesson.id, title: lesson.title });
  return changes;
}

function bodySha256(lesson: DraftLesson, textSha256: (text: string) => string): string | undefined {
  if (!hasTextBody(lesson.kind)) return lesson.media?.sha256;
  const body = publishedBody(lesson, textSha256);
  return body === null ? undefined : textSha256(body);
}

/**
 * Whether a lesson changed place among the lessons both versions share: adding or removing
 * another lesson shifts positions but moves nothing, so only the neighbours that remain count.
 */
function relativeOrderMoved(lessonId: string, publishedOrder: string[], draftOrder: string[]): boolean {
  const shared = new Set(publishedOrder.filter((id) => draftOrder.includes(id)));
  const a = publishedOrder.filter((id) => shared.has(id));
  const b = draftOrder.filter((id) => shared.has(id));
  const i = a.indexOf(lessonId);
  const j = b.indexOf(lessonId);
  return a[i - 1] !== b[j - 1] && a[i + 1] !== b[j + 1];
}
