import { describe, expect, it } from 'vitest';
import type { CourseDraftDoc, DraftLesson } from '../collections/authoring.js';
import type { CourseDoc, LessonDoc } from '../collections/catalog.js';
import { publishChanges } from './publish-changes.js';

/** Stands for the SHA-256 of a text body: any function that tells different texts apart will do here. */
const sha = (text: string) => `sha:${text}`;
const text = (zh: string, en = '') => ({ zh, en });
const lesson = (id: string, patch: Partial<DraftLesson> = {}): DraftLesson => ({
  id,
  kind: 'text',
  title: text(`课 ${id}`),
  freePreview: id === 'a',
  durationSeconds: 60,
  text: `正文 ${id}`,
  ...patch,
});
const draft = (patch: Partial<CourseDraftDoc> = {}): CourseDraftDoc => ({
  id: 'c1',
  creatorId: 'u1',
  title: text('算法', 'Algorithms'),
  subtitle: text(''),
  description: text('讲算法'),
  categoryId: 'programming',
  categoryName: text('编程', 'Programming'),
  tags: ['算法'],
  language: 'zh-CN',
  level: 'beginner',
  priceAmount: 9900,
  currency: 'CNY',
  sections: [
    { id: 's1', title: text('一'), lessonIds: ['a', 'b'] },
    { id: 's2', title: text('二'), lessonIds: ['c'] },
  ],
  lessons: [lesson('a'), lesson('b'), lesson('c')],
  draftRevision: 2,
  publishedRevision: 1,
  state: 'published',
  updatedAt: 1,
  ...patch,
});

/** The public version of a draft, as the server publishes it. */
function publish(from: CourseDraftDoc): { course: CourseDoc; lessons: LessonDoc[] } {
  const ordered = from.sections.flatMap((s) => s.lessonIds.map((id) => ({ sectionId: s.id, id })));
  const course = {
    id: from.id,
    creatorId: from.creatorId,
    creatorName: text('作者'),
    categoryId: from.categoryId,
    categoryName: from.categoryName,
    language: from.language,
    level: from.level,
    title: from.title,
    subtitle: from.subtitle,
    description: from.description,
    priceAmount: from.priceAmount,
    currency: from.currency,
    tags: from.tags,
    sections: from.sections,
    lessonCount: ordered.length,
    durationSeconds: 0,
    ratingAverage: 0,
    ratingCount: 0,
    status: 'published',
    publishedAt: 1,
    updatedAt: 1,
  } as CourseDoc;
  const lessons = ordered.map(({ sectionId, id }, position) => {
    const l = from.lessons.find((x) => x.id === id)!;
    return {
      id,
      courseId: from.id,
      sectionId,
      position,
      kind: l.kind,
      title: l.title,
      durationSeconds: l.durationSeconds,
      freePreview: l.freePreview,
      contentBytes: 1,
      contentSha256: sha(l.text ?? ''),
      updatedAt: 1,
    } satisfies LessonDoc;
  });
  return { course, lessons };
}

describe('publish changes', () => {
  const live = publish(draft());

  it('say a first publish is one, with its lesson count', () => {
    expect(publishChanges(draft(), null, [], sha)).toEqual([{ kind: 'first-publish', lessons: 3 }]);
  });

  it('find nothing when the draft is what learners see', () => {
    expect(publishChanges(draft(), live.course, live.lessons, sha)).toEqual([]);
  });

  it('name course fields with before and after, and the price in both currencies', () => {
    const next = draft({ title: text('算法入门', 'Algorithms'), priceAmount: 1999, currency: 'USD', tags: [] });
    expect(publishChanges(next, live.course, live.lessons, sha)).toEqual([
      { kind: 'field', field: 'title', before: text('算法', 'Algorithms'), after: text('算法入门', 'Algorithms') },
      { kind: 'field', field: 'tags', before: { zh: '算法', en: '算法' }, after: { zh: '', en: '' } },
      { kind: 'price', before: { amount: 9900, currency: 'CNY' }, after: { amount: 1999, currency: 'USD' } },
    ]);
    expect(publishChanges(draft({ description: text('新的介绍') }), live.course, live.lessons, sha)).toEqual([
      { kind: 'field', field: 'description' },
    ]);
  });

  it('find lessons added, removed, renamed, rewritten, moved, and made free or paid to try', () => {
    const next = draft({
      sections: [
        { id: 's1', title: text('一'), lessonIds: ['b', 'a'] },
        { id: 's2', title: text('二'), lessonIds: ['d'] },
      ],
      lessons: [
        lesson('a', { freePreview: false }),
        lesson('b', { title: text('新标题'), text: '改过的正文' }),
        lesson('d'),
      ],
    });
    const changes = publishChanges(next, live.course, live.lessons, sha).map((c) =>
      c.kind === 'lesson' ? `${c.lessonId}:${c.change}` : c.kind,
    );
    expect(changes).toEqual(['b:renamed', 'b:content', 'b:moved', 'a:moved', 'a:preview-off', 'd:added', 'c:removed']);
  });

  it('do not call a lesson moved when only another one came or went before it', () => {
    const next = draft({
      sections: [
        { id: 's1', title: text('一'), lessonIds: ['b'] },
        { id: 's2', title: text('二'), lessonIds: ['c'] },
      ],
      lessons: [lesson('b'), lesson('c')],
    });
    expect(publishChanges(next, live.course, live.lessons, sha)).toEqual([
      { kind: 'lesson', change: 'removed', lessonId: 'a', title: text('课 a') },
    ]);
  });

  it('see chapters renamed or reordered', () => {
    const next = draft({
      sections: [
        { id: 's2', title: text('二'), lessonIds: ['c'] },
        { id: 's1', title: text('一'), lessonIds: ['a', 'b'] },
      ],
    });
    expect(publishChanges(next, live.course, live.lessons, sha).map((c) => c.kind)).toContain('sections');
  });
});
