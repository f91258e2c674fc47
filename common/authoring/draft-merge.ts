import { hasTextBody } from '../collections/shared-fields.js';
import type { CourseDraftDoc, DraftLesson } from '../collections/authoring.js';

type Conflict = NonNullable<CourseDraftDoc['conflicts']>[number];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Three-way merge of one value: what only one side changed wins; when both changed it
 * differently, this device's version stays and the other is kept as a conflict for the
 * creator to choose — text is never silently lost.
 */
function mergeValue<T>(path: string, base: T | undefined, theirs: T, mine: T, conflicts: Conflict[], at: number): T {
  if (same(theirs, mine)) return theirs;
  if (base !== undefined && same(base, theirs)) return mine;
  if (base !== undefined && same(base, mine)) return theirs;
  conflicts.push({ field: path, theirs: JSON.stringify(theirs), at });
  return mine;
}

const LOCALIZED = ['title', 'subtitle', 'description', 'categoryName'] as const;
const PLAIN = [
  'categoryId',
  'tags',
  'language',
  'level',
  'priceAmount',
  'currency',
  'sections',
  'outcomes',
  'requirements',
] as const;

function mergeLesson(
  base: DraftLesson | undefined,
  theirs: DraftLesson,
  mine: DraftLesson,
  conflicts: Conflict[],
  at: number,
): DraftLesson {
  const merged: DraftLesson = {
    ...mine,
    title: {
      zh: mergeValue(`lessons.${mine.id}.title.zh`, base?.title.zh, theirs.title.zh, mine.title.zh, conflicts, at),
      en: mergeValue(`lessons.${mine.id}.title.en`, base?.title.en, theirs.title.en, mine.title.en, conflicts, at),
    },
    freePreview: mergeValue(
      `lessons.${mine.id}.freePreview`,
      base?.freePreview,
      theirs.freePreview,
      mine.freePreview,
      conflicts,
      at,
    ),
    durationSeconds: Math.max(theirs.durationSeconds, mine.durationSeconds),
  };
  const text = mergeValue(
    `lessons.${mine.id}.text`,
    base?.text ?? '',
    theirs.text ?? '',
    mine.text ?? '',
    conflicts,
    at,
  );
  if (hasTextBody(mine.kind)) merged.text = text;
  const media = mergeValue(
    `lessons.${mine.id}.media`,
    base?.media ?? null,
    theirs.media ?? null,
    mine.media ?? null,
    conflicts,
    at,
  );
  if (media) merged.media = media;
  else delete merged.media;
  return merged;
}

/** Merges a draft edited on two devices (`base` is what both started from, when known). */
export function mergeDrafts(
  base: CourseDraftDoc | undefined,
  theirs: CourseDraftDoc,
  mine: CourseDraftDoc,
  at: number,
): CourseDraftDoc {
  const conflicts: Conflict[] = [];
  const merged: CourseDraftDoc = { ...mine };
  for (const field of LOCALIZED) {
    merged[field] = {
      zh: mergeValue(`${field}.zh`, base?.[field].zh, theirs[field].zh, mine[field].zh, conflicts, at),
      en: mergeValue(`${field}.en`, base?.[field].en, theirs[field].en, mine[field].en, conflicts, at),
    };
  }
  for (const field of PLAIN) {
    const value = mergeValue<unknown>(field, base?.[field], theirs[field], mine[field], conflicts, at);
    // An optional field neither side has stays absent (never stored as undefined).
    if (value === undefined) delete (merged as unknown as Record<string, unknown>)[field];
    else (merged as unknown as Record<string, unknown>)[field] = value;
  }

  const cover = mergeValue(
    'cover',
    base ? (base.cover ?? null) : undefined,
    theirs.cover ?? null,
    mine.cover ?? null,
    conflicts,
    at,
  );
  if (cover) merged.cover = cover;
  else delete merged.cover;

  // Lessons by id: an edit on either side keeps a lesson, even one the other side removed.
  const lessons: DraftLesson[] = [];
  const baseLessons = new Map(base?.lessons.map((l) => [l.id, l]));
  const theirLessons = new Map(theirs.lessons.map((l) => [l.id, l]));
  const myLessons = new Map(mine.lessons.map((l) => [l.id, l]));
  for (const id of new Set([...myLessons.keys(), ...theirLessons.keys()])) {
    const t = theirLessons.get(id);
    const m = myLessons.get(id);
    const b = baseLessons.get(id);
    if (t && m) lessons.push(mergeLesson(b, t, m, conflicts, at));
    else if (m) lessons.push(m);
    else if (t && (!b || !same(b, t) || !base)) lessons.push(t); // removed here, but changed (or new) there: keep it
  }
  merged.lessons = lessons;
  // Every kept lesson stays reachable from the outline.
  const outlined = new Set(merged.sections.flatMap((s) => s.lessonIds));
  const missing = lessons.filter((l) => !outlined.has(l.id)).map((l) => l.id);
  if (missing.length > 0 && merged.sections.length > 0) {
    merged.sections = merged.sections.map((s, i) =>
      i === merged.sections.length - 1 ? { ...s, lessonIds: [...s.lessonIds, ...missing] } : s,
    );
  }
  merged.sections = merged.sections.map((s) => ({
    ...s,
    lessonIds: s.lessonIds.filter((id) => lessons.some((l) => l.id === id)),
  }));

  const earlier = [...(theirs.conflicts ?? []), ...(mine.conflicts ?? [])];
  const all = [
    ...earlier.filter((c, i) => earlier.findIndex((d) => d.field === c.field && d.theirs === c.theirs) === i),
    ...conflicts,
  ].slice(-100);
  if (all.length > 0) merged.conflicts = all;
  else delete merged.conflicts;
  merged.state =
    theirs.state === mine.state ? mine.state : theirs.updatedAt > mine.updatedAt ? theirs.state : mine.state;
  const published = Math.max(theirs.publishedRevision ?? -1, mine.publishedRevision ?? -1);
  if (published >= 0) merged.publishedRevision = published;
  merged.draftRevision = Math.max(theirs.draftRevision, mine.draftRevision) + 1;
  merged.updatedAt = Math.max(theirs.updatedAt, mine.updatedAt, at);
  return merged;
}

/** Applies the other device's version of a conflicting field, by its path. */
export function applyTheirs(draft: CourseDraftDoc, conflict: Conflict): CourseDraftDoc {
  const value = JSON.parse(conflict.theirs) as unknown;
  const next = structuredClone(draft);
  const parts = conflict.field.split('.');
  if (parts[0] === 'lessons') {
    const lesson = next.lessons.find((l) => l.id === parts[1]);
    if (!lesson) return next;
    const [, , field, sub] = parts;
    if (field === 'title' && (sub === 'zh' || sub === 'en')) lesson.title[sub] = value as string;
    else if (field === 'text') lesson.text = value as string;
    else if (field === 'freePreview') lesson.freePreview = value as boolean;
    else if (field === 'media') {
      if (value) lesson.media = value as NonNullable<DraftLesson['media']>;
      else delete lesson.media;
    }
    return next;
  }
  if (conflict.field === 'cover') {
    if (value) next.cover = value as NonNullable<CourseDraftDoc['cover']>;
    else delete next.cover;
    return next;
  }
  const [field, sub] = parts as [string, string | undefined];
  const record = next as unknown as Record<string, unknown>;
  if (sub) (record[field] as Record<string, unknown>)[sub] = value;
  else record[field] = value;
  return next;
}
