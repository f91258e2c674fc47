import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../../tests/helpers.js';
import { createCore, type Core } from '../create-core.js';
import { openClientDatabase } from '../database/open-client-database.js';
import { sampleCourse, sampleLesson } from '../database/samples.js';
import { RxStorageInstanceBetterSqlite3 } from '../storage/rx-storage-instance-better-sqlite3.js';

const newDir = useTempDirs();
const cores: Core[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const core of cores.splice(0)) await core.close();
});

async function startCore(dataDir: string): Promise<Core> {
  const core = await createCore({
    dataDir,
    appVersion: '1',
    runtime: 'node',
    initialSettings: { syncServerUrl: 'http://127.0.0.1:9' },
  });
  cores.push(core);
  return core;
}

/** Documents the catalogue collections' storage handed out as changes, from the moment this is called. */
function changesRead(): () => number {
  type Instance = RxStorageInstanceBetterSqlite3<unknown>;
  type ChangesSince = (this: Instance, limit: number, checkpoint?: never) => Promise<{ documents: unknown[] }>;
  let read = 0;
  const real = Object.getOwnPropertyDescriptor(RxStorageInstanceBetterSqlite3.prototype, 'getChangedDocumentsSince')!
    .value as ChangesSince;
  vi.spyOn(RxStorageInstanceBetterSqlite3.prototype, 'getChangedDocumentsSince').mockImplementation(async function (
    this: Instance,
    limit,
    checkpoint,
  ) {
    const answer = await real.call(this, limit, checkpoint as never);
    if (this.collectionName === 'courses' || this.collectionName === 'lessons') read += answer.documents.length;
    return answer as never;
  });
  return () => read;
}

const titles = async (core: Core, query: string) => {
  const found = await core.search.search(query, 1000);
  return { courses: found.courses.map((c) => c.courseId), lessons: found.lessons.map((l) => l.lessonId) };
};

describe('the search index across restarts', () => {
  it('reads only what changed while the app was closed, deletions included, and nothing when nothing did', async () => {
    const dataDir = newDir();
    const first = await startCore(dataDir);
    await first.database.courses.bulkInsert(Array.from({ length: 300 }, (_, i) => sampleCourse(`c${i}`)));
    await first.database.lessons.bulkInsert(
      Array.from({ length: 300 }, (_, i) => [sampleLesson(`c${i}`, 0), sampleLesson(`c${i}`, 1)]).flat(),
    );
    await first.search.ready;
    expect((await titles(first, 'Course c17')).courses).toContain('c17');
    await first.close();
    cores.length = 0;

    // Nothing changed: the start reads no document.
    let read = changesRead();
    const second = await startCore(dataDir);
    await second.search.ready;
    expect(read()).toBe(0);
    expect((await titles(second, 'Course c17')).courses).toContain('c17');
    await second.close();
    cores.length = 0;
    vi.restoreAllMocks();

    // Changed while the index was not running: one course renamed, one lesson deleted.
    const db = await openClientDatabase({ dataDir });
    await db.courses.upsert(sampleCourse('c17', { title: { zh: '量子力学', en: 'Quantum mechanics' }, updatedAt: 2 }));
    await (await db.lessons.findOne('c42-l1').exec())!.remove();
    await db.close();
    read = changesRead();
    const third = await startCore(dataDir);
    await third.search.ready;
    expect(read()).toBe(2);
    expect((await titles(third, 'Quantum')).courses).toEqual(['c17']);
    expect((await titles(third, 'Course c17')).courses).not.toContain('c17');
    expect((await titles(third, 'Lesson 2')).lessons).not.toContain('c42-l1');
    expect((await titles(third, 'Lesson 2')).lessons).toContain('c41-l1');
  }, 60_000);

  it('starts over when the database was replaced, so nothing of the old one stays findable', async () => {
    const dataDir = newDir();
    const first = await startCore(dataDir);
    await first.database.courses.insert(sampleCourse('old', { title: { zh: '旧课程', en: 'Alchemy' } }));
    await first.search.ready;
    await expect.poll(async () => (await titles(first, 'Alchemy')).courses).toEqual(['old']);
    await first.close();
    cores.length = 0;
    rmSync(join(dataDir, 'db'), { recursive: true, force: true });

    const second = await startCore(dataDir);
    await second.search.ready;
    expect((await titles(second, 'Alchemy')).courses).toEqual([]);
    await second.database.courses.insert(sampleCourse('new', { title: { zh: '新课程', en: 'Astronomy' } }));
    await expect.poll(async () => (await titles(second, 'Astronomy')).courses).toEqual(['new']);
  }, 60_000);

  it('indexes the lessons of courses shown but not held, drops them when evicted, and keeps one either collection has', async () => {
    const dataDir = newDir();
    const core = await startCore(dataDir);
    await core.database.courses.insert(sampleCourse('seen', { title: { zh: '看过的课', en: 'Seen course' } }));
    const lesson = (n: number) => sampleLesson('seen', n, { title: { zh: `天文第${n}讲`, en: `Orbit ${n}` } });
    await core.database.shownlessons.bulkInsert([lesson(0), lesson(1)]);
    await core.search.ready;
    await expect.poll(async () => (await titles(core, '天文')).lessons.sort()).toEqual(['seen-l0', 'seen-l1']);

    // The course becomes held: its lessons replicate too, then the page's copies go.
    await core.database.lessons.insert(lesson(0));
    await core.database.shownlessons.bulkRemove(['seen-l0', 'seen-l1']);
    await expect.poll(async () => (await titles(core, 'orbit')).lessons).toEqual(['seen-l0']);

    // Caught up from the changes at the next start, as live.
    await core.close();
    cores.length = 0;
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `search.sqlite${suffix}`), { force: true });
    const again = await startCore(dataDir);
    await again.search.ready;
    expect((await titles(again, '天文')).lessons).toEqual(['seen-l0']);
  }, 60_000);
});
