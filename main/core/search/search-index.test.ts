import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/helpers.js';
import { openSearchIndex, RANKED_CANDIDATES, type IndexedCourse, type IndexedLesson } from './search-index.js';

const newDir = useTempDirs();

function course(id: string, zh: string, en: string, extra: Partial<IndexedCourse> = {}): IndexedCourse {
  const text = (value: string) => ({ zh: value, en: value });
  return {
    id,
    title: { zh, en },
    subtitle: text(''),
    description: text(''),
    tags: [],
    categoryName: text('编程'),
    creatorName: text('林晓'),
    status: 'published',
    updatedAt: 1,
    ...extra,
  };
}
const lesson = (id: string, courseId: string, zh: string, en: string): IndexedLesson => ({
  id,
  courseId,
  kind: 'text',
  title: { zh, en },
  updatedAt: 1,
});

function seeded() {
  const index = openSearchIndex(newDir());
  index.upsertCourses([
    course('algo', '算法导论：从排序到动态规划', 'Introduction to Algorithms'),
    course('calc', '计算机网络', 'Computer Networks'),
    course('py', 'Python入门', 'Python for beginners', { tags: ['编程语言'] }),
    course('cafe', '咖啡', 'Café culture'),
    course('draft', '算法草稿', 'Algorithm draft', { status: 'draft' }),
  ]);
  index.upsertLessons([
    { lesson: lesson('l1', 'algo', '为什么要学算法', 'Why learn algorithms') },
    { lesson: lesson('l2', 'calc', '网络分层', 'Network layers'), body: '数据包经过路由器转发，TCP 保证可靠传输。' },
    { lesson: lesson('l3', 'draft', '草稿里的算法', 'Algorithms in a draft') },
  ]);
  return index;
}

const ids = (hits: { courseId: string }[]) => hits.map((hit) => hit.courseId);

describe('search index (FTS5)', () => {
  it('finds 算法导论 for the two-character query 算法, and only published courses', () => {
    const index = seeded();
    expect(ids(index.search('算法', 10).courses)).toEqual(['algo']);
    expect(index.search('算法', 10).lessons.map((l) => l.lessonId)).toEqual(['l1']);
  });

  it('matches Chinese characters only adjacent and in order', () => {
    const index = seeded();
    expect(ids(index.search('导论', 10).courses)).toEqual(['algo']);
    expect(ids(index.search('法算', 10).courses)).toEqual([]);
    expect(ids(index.search('排序到动态', 10).courses)).toEqual(['algo']);
    // Punctuation ends a run: a phrase does not run across it.
    expect(ids(index.search('导论从', 10).courses)).toEqual([]);
  });

  it('finds one character at the start, middle or end of a run', () => {
    const index = seeded();
    expect(ids(index.search('算', 10).courses).sort()).toEqual(['algo', 'calc']);
    expect(ids(index.search('络', 10).courses)).toEqual(['calc']);
  });

  it('handles mixed Chinese and English, prefixes, case, full-width and diacritics', () => {
    const index = seeded();
    expect(ids(index.search('python入门', 10).courses)).toEqual(['py']);
    expect(ids(index.search('PYTH', 10).courses)).toEqual(['py']);
    expect(ids(index.search('ｐｙｔｈｏｎ', 10).courses)).toEqual(['py']);
    expect(ids(index.search('cafe', 10).courses)).toEqual(['cafe']);
    expect(ids(index.search('编程语言', 10).courses)).toEqual(['py']);
    expect(ids(index.search('Python 网络', 10).courses)).toEqual([]);
  });

  it('searches the downloaded text of a lesson and forgets it when the download is removed', () => {
    const index = seeded();
    expect(index.search('路由器', 10).lessons).toMatchObject([{ lessonId: 'l2', hasBody: true }]);
    index.setLessonBody('l2', null);
    expect(index.search('路由器', 10).lessons).toEqual([]);
    expect(index.search('分层', 10).lessons.map((l) => l.lessonId)).toEqual(['l2']);
  });

  it('updates, removes, and keeps what it indexed across a restart', () => {
    const dir = newDir();
    const index = openSearchIndex(dir);
    index.upsertCourses([course('c', '旧标题', 'Old title')]);
    index.upsertCourses([course('c', '新标题', 'New title', { updatedAt: 2 })]);
    expect(ids(index.search('旧', 10).courses)).toEqual([]);
    expect(ids(index.search('新标题', 10).courses)).toEqual(['c']);
    index.close();
    const reopened = openSearchIndex(dir);
    expect(reopened.indexedVersions('course')).toEqual(new Map([['c', 2]]));
    reopened.remove('course', ['c']);
    expect(reopened.search('标题', 10).courses).toEqual([]);
    reopened.close();
  });

  it('ranks title matches above description matches', () => {
    const index = openSearchIndex(newDir());
    index.upsertCourses([
      course('desc', '烹饪', 'Cooking', { description: { zh: '偶尔提到算法', en: '' } }),
      course('title', '算法', 'Algorithms'),
    ]);
    expect(ids(index.search('算法', 10).courses)).toEqual(['title', 'desc']);
  });

  it('still answers a query that matches more documents than it ranks, newest first among them', () => {
    const index = openSearchIndex(newDir());
    index.upsertCourses([course('big', '大课', 'Big course')]);
    index.upsertLessons([{ lesson: lesson('first', 'big', '算法的起源', 'Where algorithms began') }]);
    const count = RANKED_CANDIDATES + 500;
    index.upsertLessons(
      Array.from({ length: count }, (_, n) => ({ lesson: lesson(`l${n}`, 'big', `算法第${n}讲`, `Algorithms ${n}`) })),
    );
    const found = index.search('算法', 20).lessons;
    expect(found).toHaveLength(20);
    // Every hit is among the RANKED_CANDIDATES most recently indexed matches.
    for (const hit of found) expect(Number(hit.lessonId.slice(1))).toBeGreaterThanOrEqual(count - RANKED_CANDIDATES);
    // A narrower query reaches the oldest document again.
    expect(index.search('算法的起源', 5).lessons.map((l) => l.lessonId)).toEqual(['first']);
  });
});
