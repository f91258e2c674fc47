import { describe, expect, it } from 'vitest';
import type { CourseDraftDoc, DraftLesson } from '../collections/authoring.js';
import { moveLesson, moveSection, removeFromOutline } from './outline-edits.js';
import { publishAdvice, publishProblems } from './publish-rules.js';

const text = (zh: string, en = '') => ({ zh, en });
const lesson = (id: string, patch: Partial<DraftLesson> = {}): DraftLesson => ({
  id,
  kind: 'text',
  title: text(`课 ${id}`),
  freePreview: false,
  durationSeconds: 60,
  text: '正文',
  ...patch,
});
function draft(patch: Partial<CourseDraftDoc> = {}): CourseDraftDoc {
  return {
    id: 'c1',
    creatorId: 'u1',
    title: text('算法'),
    subtitle: text(''),
    description: text('讲算法'),
    categoryId: 'programming',
    categoryName: text('编程'),
    tags: [],
    language: 'zh-CN',
    level: 'beginner',
    priceAmount: 0,
    currency: 'CNY',
    sections: [
      { id: 's1', title: text('一'), lessonIds: ['a', 'b'] },
      { id: 's2', title: text('二'), lessonIds: ['c'] },
    ],
    lessons: [lesson('a', { freePreview: true }), lesson('b'), lesson('c')],
    draftRevision: 1,
    state: 'draft',
    updatedAt: 1,
    ...patch,
  };
}

describe('publish rules', () => {
  it('accept a complete free course and a paid one with some free preview', () => {
    expect(publishProblems(draft())).toEqual([]);
    expect(publishProblems(draft({ priceAmount: 9900 }))).toEqual([]);
  });

  it('name every missing piece', () => {
    const broken = draft({
      title: text(' ', ''),
      description: text(''),
      categoryId: '',
      sections: [
        { id: 's1', title: text('一'), lessonIds: ['a', 'ghost'] },
        { id: 's2', title: text('二'), lessonIds: [] },
      ],
      lessons: [
        lesson('a', { title: text(''), text: '  ' }),
        lesson('v', { kind: 'video', text: undefined }),
        lesson('p', { kind: 'pdf' }),
      ],
    });
    expect(publishProblems(broken)).toEqual([
      { code: 'title-missing' },
      { code: 'description-missing' },
      { code: 'category-missing' },
      { code: 'empty-section', sectionId: 's2' },
      { code: 'outline-unknown-lesson', lessonId: 'ghost' },
      { code: 'lesson-title-missing', lessonId: 'a' },
      { code: 'lesson-text-empty', lessonId: 'a' },
      { code: 'lesson-not-in-outline', lessonId: 'v' },
      { code: 'lesson-not-in-outline', lessonId: 'p' },
    ]);
    expect(publishProblems(draft({ sections: [], lessons: [] }))).toEqual([{ code: 'no-lessons' }]);
  });

  it('require media on PDF, audio and video lessons', () => {
    const withVideo = draft({
      lessons: [
        lesson('a', { freePreview: true }),
        lesson('b', { kind: 'video', text: undefined }),
        lesson('c', {
          kind: 'pdf',
          media: { sha256: 'f'.repeat(64), bytes: 10, mime: 'application/pdf', fileName: 'x.pdf' },
        }),
      ],
    });
    expect(publishProblems(withVideo)).toEqual([{ code: 'lesson-media-missing', lessonId: 'b' }]);
  });

  it('apply the price rules per currency', () => {
    expect(publishProblems(draft({ priceAmount: 50 }))).toEqual([{ code: 'price-too-low', minimum: 100 }]);
    expect(publishProblems(draft({ priceAmount: 300_000, currency: 'USD' }))).toEqual([
      { code: 'price-too-high', maximum: 200_000 },
    ]);
    // No free preview is advice, not a refusal: the creator may publish anyway.
    const noPreview = draft({ priceAmount: 9900, lessons: [lesson('a'), lesson('b'), lesson('c')] });
    expect(publishProblems(noPreview)).toEqual([]);
    expect(publishAdvice(noPreview)).toEqual([{ code: 'no-free-preview' }]);
    expect(publishAdvice(draft({ priceAmount: 0, lessons: [lesson('a')] }))).toEqual([]);
    expect(
      publishAdvice(draft({ priceAmount: 9900, lessons: [lesson('a', { freePreview: true }), lesson('b')] })),
    ).toEqual([]);
    expect(
      publishProblems(
        draft({ priceAmount: 9900, lessons: ['a', 'b', 'c'].map((id) => lesson(id, { freePreview: true })) }),
      ),
    ).toEqual([{ code: 'all-free-preview' }]);
  });
});

describe('outline edits', () => {
  const sections = draft().sections;
  const ids = (s: CourseDraftDoc['sections']) => s.map((section) => `${section.id}:${section.lessonIds.join(',')}`);

  it('move a lesson within its section and across sections', () => {
    expect(ids(moveLesson(sections, 'b', 's1', 0))).toEqual(['s1:b,a', 's2:c']);
    expect(ids(moveLesson(sections, 'a', 's2', 1))).toEqual(['s1:b', 's2:c,a']);
    expect(ids(moveLesson(sections, 'c', 's1', 99))).toEqual(['s1:a,b,c', 's2:']);
    expect(ids(moveLesson(sections, 'a', 's1', -5))).toEqual(['s1:a,b', 's2:c']);
  });

  it('leave the outline alone for unknown lessons or sections, and never mutate it', () => {
    expect(moveLesson(sections, 'nope', 's1', 0)).toBe(sections);
    expect(moveLesson(sections, 'a', 'nope', 0)).toBe(sections);
    moveLesson(sections, 'a', 's2', 0);
    expect(ids(sections)).toEqual(['s1:a,b', 's2:c']);
  });

  it('move sections and remove lessons from the outline', () => {
    expect(ids(moveSection(sections, 1, 0))).toEqual(['s2:c', 's1:a,b']);
    expect(ids(moveSection(sections, 0, 10))).toEqual(['s2:c', 's1:a,b']);
    expect(moveSection(sections, 5, 0)).toBe(sections);
    expect(ids(removeFromOutline(sections, 'b'))).toEqual(['s1:a', 's2:c']);
  });
});
