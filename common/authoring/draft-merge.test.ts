import { describe, expect, it } from 'vitest';
import type { CourseDraftDoc, DraftLesson } from '../collections/authoring.js';
import { applyTheirs, mergeDrafts } from './draft-merge.js';

const text = (zh: string, en = '') => ({ zh, en });
const lesson = (id: string, body: string): DraftLesson => ({
  id,
  kind: 'text',
  title: text(id),
  freePreview: false,
  durationSeconds: 60,
  text: body,
});
const base: CourseDraftDoc = {
  id: 'c',
  creatorId: 'u',
  title: text('原标题', 'Title'),
  subtitle: text(''),
  description: text('简介'),
  categoryId: 'x',
  categoryName: text('x'),
  tags: [],
  language: 'zh-CN',
  level: 'beginner',
  priceAmount: 0,
  currency: 'CNY',
  sections: [{ id: 's', title: text('一'), lessonIds: ['a', 'b'] }],
  lessons: [lesson('a', '正文 A'), lesson('b', '正文 B')],
  draftRevision: 3,
  state: 'draft',
  updatedAt: 3,
};
const edit = (patch: Partial<CourseDraftDoc>): CourseDraftDoc => ({
  ...structuredClone(base),
  ...patch,
  draftRevision: 4,
  updatedAt: 4,
});

describe('merging a draft edited on two devices', () => {
  it('takes what only one side changed, from each side', () => {
    const theirs = edit({ title: text('新标题', 'Title') });
    const mine = edit({ description: text('新简介'), lessons: [lesson('a', '正文 A'), lesson('b', '改过的 B')] });
    const merged = mergeDrafts(base, theirs, mine, 10);
    expect(merged.title.zh).toBe('新标题');
    expect(merged.description.zh).toBe('新简介');
    expect(merged.lessons.find((l) => l.id === 'b')!.text).toBe('改过的 B');
    expect(merged.conflicts).toBeUndefined();
    expect(merged.draftRevision).toBe(5);
  });

  it('keeps both versions of text changed on both sides, and lets the creator pick', () => {
    const theirs = edit({
      title: text('他们的标题', 'Title'),
      lessons: [lesson('a', '他们的 A'), lesson('b', '正文 B')],
    });
    const mine = edit({ title: text('我的标题', 'Title'), lessons: [lesson('a', '我的 A'), lesson('b', '正文 B')] });
    const merged = mergeDrafts(base, theirs, mine, 10);
    expect(merged.title.zh).toBe('我的标题');
    expect(merged.lessons[0]!.text).toBe('我的 A');
    expect(merged.conflicts).toEqual([
      { field: 'title.zh', theirs: JSON.stringify('他们的标题'), at: 10 },
      { field: 'lessons.a.text', theirs: JSON.stringify('他们的 A'), at: 10 },
    ]);
    const picked = applyTheirs(merged, merged.conflicts![1]!);
    expect(picked.lessons[0]!.text).toBe('他们的 A');
    expect(applyTheirs(merged, merged.conflicts![0]!).title.zh).toBe('他们的标题');
  });

  it('never drops a lesson one side added or edited while the other removed it', () => {
    const theirs = edit({
      lessons: [lesson('a', '正文 A')],
      sections: [{ id: 's', title: text('一'), lessonIds: ['a'] }],
    });
    const mine = edit({
      lessons: [lesson('a', '正文 A'), lesson('b', '正文 B 改'), lesson('c', '新课')],
      sections: [{ id: 's', title: text('一'), lessonIds: ['a', 'b', 'c'] }],
    });
    const merged = mergeDrafts(base, theirs, mine, 10);
    expect(merged.lessons.map((l) => l.id).sort()).toEqual(['a', 'b', 'c']);
    expect(merged.sections.flatMap((s) => s.lessonIds).sort()).toEqual(['a', 'b', 'c']);
  });

  it('without a common base, treats every difference as a conflict and keeps this device’s', () => {
    const merged = mergeDrafts(undefined, edit({ priceAmount: 100 }), edit({ priceAmount: 200 }), 10);
    expect(merged.priceAmount).toBe(200);
    expect(merged.conflicts).toEqual([{ field: 'priceAmount', theirs: '100', at: 10 }]);
  });
});
