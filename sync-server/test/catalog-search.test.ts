import { afterAll, describe, expect, it } from 'vitest';
import type { CatalogSearchAnswer } from '../../common/server-api/catalog-search.js';
import { useTempDirs } from '../../tests/helpers.js';
import { catchUpSearchIndex } from '../catalog/catalog-search.js';
import type { Doc } from '../replication/document-types.js';
import { backendServers, BACKENDS, stopSharedPostgres, type TestServer } from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

const text = (zh: string, en: string) => ({ zh, en });

function course(id: string, title: ReturnType<typeof text>, extra: Partial<Doc> = {}): Doc {
  return {
    id,
    creatorId: 'search-creator',
    creatorName: text('检索老师', 'Search Teacher'),
    categoryId: 'programming',
    categoryName: text('编程', 'Programming'),
    title,
    subtitle: text('副标题', 'A subtitle'),
    description: text('一门关于检索的课程', 'A course about retrieval'),
    language: 'zh-CN',
    level: 'beginner',
    priceAmount: 4900,
    currency: 'CNY',
    priceReference: 4900,
    tags: ['searchtag'],
    sections: [],
    lessonCount: 0,
    durationSeconds: 0,
    ratingAverage: 0,
    ratingCount: 0,
    learnerCount: 0,
    status: 'published',
    publishedAt: 1,
    updatedAt: 1,
    _deleted: false,
    ...extra,
  };
}

const lesson = (id: string, courseId: string, title: ReturnType<typeof text>, extra: Partial<Doc> = {}): Doc => ({
  id,
  courseId,
  sectionId: `${courseId}-s1`,
  kind: 'text',
  title,
  position: 0,
  durationSeconds: 60,
  freePreview: false,
  contentBytes: 0,
  contentSha256: '',
  updatedAt: 1,
  _deleted: false,
  ...extra,
});

describe.each(BACKENDS)('catalogue search on %s', (backend) => {
  const newDir = useTempDirs();
  const server = backendServers(backend, newDir);

  const search = async (api: TestServer, q: string, limit?: number) => {
    const query = new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) });
    const answer = await api.call<CatalogSearchAnswer>('GET', `/v1/search?${query.toString()}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const write = (api: TestServer, collection: 'courses' | 'lessons', doc: Doc, isPublic = true) =>
    api.context.documents.writeAsServer(collection, doc, { ownerId: isPublic ? null : 'search-creator', isPublic });

  it('finds public courses and any of their lessons by Chinese fragments and English word prefixes', async () => {
    const api = await server();
    await write(api, 'courses', course('srch-a', text('分布式系统原理', 'Distributed Systems')));
    await write(api, 'lessons', lesson('srch-a1', 'srch-a', text('一致性哈希与分片', 'Consistent hashing')));
    await write(api, 'lessons', lesson('srch-a2', 'srch-a', text('时钟与顺序', 'Clocks and ordering')));

    const byTitle = await search(api, '布式系');
    expect(byTitle.courses.map((hit) => hit.courseId)).toEqual(['srch-a']);
    expect(byTitle.courses[0]!.title).toEqual(text('分布式系统原理', 'Distributed Systems'));
    expect((await search(api, 'distrib')).courses.map((hit) => hit.courseId)).toContain('srch-a');
    // Tags, the creator and the description count for courses too.
    expect((await search(api, 'searchtag')).courses.map((hit) => hit.courseId)).toEqual(['srch-a']);

    const lessons = (await search(api, '哈希')).lessons;
    expect(lessons).toEqual([
      {
        lessonId: 'srch-a1',
        courseId: 'srch-a',
        kind: 'text',
        title: text('一致性哈希与分片', 'Consistent hashing'),
        courseTitle: text('分布式系统原理', 'Distributed Systems'),
      },
    ]);
    expect((await search(api, 'clocks ord')).lessons.map((hit) => hit.lessonId)).toEqual(['srch-a2']);
    // Characters that are not adjacent in that order do not match a phrase.
    expect((await search(api, '哈一')).lessons).toEqual([]);
    // The demo catalogue, published at start, is searchable as well.
    expect((await search(api, '算法')).courses.length).toBeGreaterThan(0);
  });

  it('never finds what anyone may not read: private, draft, archived or deleted courses and their lessons', async () => {
    const api = await server();
    await write(api, 'courses', course('srch-private', text('私密秘籍课程', 'Private zebra')), false);
    await write(api, 'courses', course('srch-draft', text('草稿秘籍课程', 'Draft zebra'), { status: 'draft' }));
    await write(api, 'courses', course('srch-live', text('公开秘籍课程', 'Live zebra')));
    await write(api, 'lessons', lesson('srch-live-1', 'srch-live', text('秘籍第一课', 'Zebra one')));
    await write(api, 'lessons', lesson('srch-draft-1', 'srch-draft', text('秘籍草稿课', 'Zebra draft')));
    await write(api, 'lessons', lesson('srch-private-1', 'srch-private', text('秘籍私密课', 'Zebra secret')), false);

    const found = await search(api, '秘籍');
    expect(found.courses.map((hit) => hit.courseId)).toEqual(['srch-live']);
    expect(found.lessons.map((hit) => hit.lessonId)).toEqual(['srch-live-1']);

    // Archived, then deleted: gone from search, with its lessons.
    await write(api, 'courses', course('srch-live', text('公开秘籍课程', 'Live zebra'), { status: 'archived' }));
    expect(await search(api, 'zebra')).toEqual({ courses: [], lessons: [] });
    await write(api, 'courses', course('srch-live', text('公开秘籍课程', 'Live zebra')));
    expect((await search(api, 'zebra')).lessons.map((hit) => hit.lessonId)).toEqual(['srch-live-1']);
    await write(
      api,
      'lessons',
      lesson('srch-live-1', 'srch-live', text('秘籍第一课', 'Zebra one'), { _deleted: true }),
    );
    expect((await search(api, 'zebra')).lessons).toEqual([]);
    await write(api, 'courses', course('srch-live', text('公开秘籍课程', 'Live zebra'), { _deleted: true }));
    expect((await search(api, 'zebra')).courses).toEqual([]);
  });

  it('follows a renamed course: its new title is found, its old one is not, its lessons show the new one', async () => {
    const api = await server();
    await write(api, 'courses', course('srch-r', text('旧名字课程', 'Oldname course')));
    await write(api, 'lessons', lesson('srch-r1', 'srch-r', text('唯一的课', 'Onlylesson')));
    await write(api, 'courses', course('srch-r', text('新名字课程', 'Newname course'), { updatedAt: 2 }));
    expect((await search(api, 'oldname')).courses).toEqual([]);
    expect((await search(api, '新名字')).courses.map((hit) => hit.courseId)).toEqual(['srch-r']);
    expect((await search(api, 'onlylesson')).lessons[0]!.courseTitle).toEqual(text('新名字课程', 'Newname course'));
  });

  it('ranks title matches first and honours the limit', async () => {
    const api = await server();
    await write(api, 'courses', course('srch-t1', text('量子', 'Other'), { description: text('量子计算入门', 'x') }));
    await write(api, 'courses', course('srch-t2', text('量子计算', 'Quantum computing')));
    for (let i = 0; i < 5; i++)
      await write(api, 'lessons', lesson(`srch-t2-${i}`, 'srch-t2', text(`量子比特 ${i}`, `Qubit ${i}`)));
    const found = await search(api, '量子计算');
    expect(found.courses.map((hit) => hit.courseId)).toEqual(['srch-t2', 'srch-t1']);
    expect((await search(api, 'qubit', 3)).lessons).toHaveLength(3);
  });

  it('indexes what was stored before the search tables existed, once, resuming where it stopped', async () => {
    const api = await server();
    // Rows written around the projection, as an older server stored them.
    for (const [collection, doc] of [
      ['courses', course('srch-old', text('考古学导论', 'Archaeology'))],
      ['lessons', lesson('srch-old-1', 'srch-old', text('地层学', 'Stratigraphy'))],
    ] as const)
      await api.context.db.run(
        `INSERT INTO documents (collection, id, seq, owner_id, is_public, deleted, data, updated_at, parent_id)
         VALUES (?, ?, ?, NULL, 1, 0, ?, 1, ?)`,
        [
          collection,
          doc.id,
          900_000_000 + (collection === 'courses' ? 1 : 2),
          JSON.stringify(doc),
          doc.courseId ?? null,
        ],
      );
    expect((await search(api, '考古')).courses).toEqual([]);
    await api.context.db.run("UPDATE server_meta SET value = '' WHERE key = 'search_catch_up'");
    // Stopped at once: nothing indexed, and the position is kept for the next start.
    expect(await catchUpSearchIndex(api.context.db, () => true)).toBe(0);
    expect(await catchUpSearchIndex(api.context.db)).toBeGreaterThanOrEqual(2);
    expect((await search(api, '考古')).courses.map((hit) => hit.courseId)).toEqual(['srch-old']);
    expect((await search(api, 'stratig')).lessons.map((hit) => hit.lessonId)).toEqual(['srch-old-1']);
    // Done: a later start reads one row and indexes nothing.
    expect(await catchUpSearchIndex(api.context.db)).toBe(0);
  });

  it('refuses bad queries with 400 and treats search syntax as text', async () => {
    const api = await server();
    for (const query of [`q=${'x'.repeat(201)}`, 'q=a&limit=0', 'q=a&limit=51', 'q=a&other=1', ''])
      expect((await api.call('GET', `/v1/search?${query}`)).status).toBe(400);
    for (const q of [`'; DROP TABLE documents; --`, 'a & | ! <-> :*', '"unbalanced', 'NEAR(a b)', '，。！'])
      expect(Array.isArray((await search(api, q)).courses)).toBe(true);
    expect((await search(api, '算法')).courses.length).toBeGreaterThan(0);
  });
});
