import { join } from 'node:path';
import { firstValueFrom, filter, type Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { LessonDoc } from '../../../common/collections/index.js';
import { courseLessonsAnswerSchema } from '../../../common/server-api/course-lessons.js';
import { useTempDirs } from '../../../tests/helpers.js';
import { openClientDatabase, type ClientDatabase } from '../database/open-client-database.js';
import { restartableServer } from '../sync/test/sync-harness.js';
import { clearReplicatedLessons, createLessonCache, findLesson } from './lesson-cache.js';

const newDir = useTempDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(maxCourses = 10) {
  const dir = newDir();
  const server = await restartableServer(join(dir, 'server'));
  cleanups.push(() => server.stop());
  const db: ClientDatabase = await openClientDatabase({ dataDir: join(dir, 'device') });
  cleanups.push(async () => void (await db.close()));
  let clock = 1_000;
  const asked: string[] = [];
  const options = {
    db,
    now: () => clock++,
    maxCourses,
    fetchLessons: async (courseId: string) => {
      asked.push(courseId);
      const response = await fetch(`${server.url}/v1/courses/${courseId}/lessons`);
      if (!response.ok) throw new Error(`lessons: ${response.status}`);
      return courseLessonsAnswerSchema.parse(await response.json());
    },
  };
  return { server, db, asked, cache: createLessonCache(options), options };
}

const lessonsWhere = (source: Observable<LessonDoc[]>, check: (value: LessonDoc[]) => boolean) =>
  firstValueFrom(source.pipe(filter(check)));
const shownFor = async (db: ClientDatabase, courseId: string) =>
  (await db.shownlessons.find({ selector: { courseId } }).exec()).length;

describe('lessons of courses not held, fetched when their page is shown', () => {
  it('come from the server in outline order and are kept apart from replicated lessons', async () => {
    const { server, db, cache } = await setUp();
    const expected = (
      await server.server.context.db.all<{ id: string }>(
        "SELECT id FROM documents WHERE collection = 'lessons' AND parent_id = 'algorithms-intro' AND deleted = 0",
      )
    ).length;
    expect(expected).toBeGreaterThan(2);
    const shown = await lessonsWhere(cache.lessons$('algorithms-intro'), (value) => value.length > 0);
    expect(shown).toHaveLength(expected);
    expect(shown.map((lesson) => lesson.position)).toEqual(
      [...shown.map((lesson) => lesson.position)].sort((a, b) => a - b),
    );
    expect(await db.lessons.count().exec()).toBe(0);
    expect(await shownFor(db, 'algorithms-intro')).toBe(expected);
    // A free preview opens from what the page kept.
    expect((await findLesson(db, shown[0]!.id))?.courseId).toBe('algorithms-intro');
  });

  it('stay on the device for offline', async () => {
    const { server, db, cache, options } = await setUp();
    expect(await cache.refresh('python-data')).toBe(true);
    const kept = await shownFor(db, 'python-data');
    await server.stop();
    const offline = createLessonCache(options);
    expect(await offline.refresh('python-data')).toBe(false);
    const shown = await lessonsWhere(offline.lessons$('python-data'), (value) => value.length > 0);
    expect(shown).toHaveLength(kept);
  });

  it('keep the most recently shown courses only, never one on screen', async () => {
    const { db, cache } = await setUp(2);
    const onScreen = cache.lessons$('algorithms-intro').subscribe();
    await lessonsWhere(cache.lessons$('algorithms-intro'), (value) => value.length > 0);
    expect(await cache.refresh('python-data')).toBe(true);
    expect(await cache.refresh('typescript-practice')).toBe(true);
    expect(await cache.refresh('ml-foundations')).toBe(true);
    expect(await shownFor(db, 'algorithms-intro')).toBeGreaterThan(0);
    expect(await shownFor(db, 'python-data')).toBe(0);
    expect(await shownFor(db, 'typescript-practice')).toBe(0);
    expect(await shownFor(db, 'ml-foundations')).toBeGreaterThan(0);
    onScreen.unsubscribe();
  });

  it('are not fetched for a course held: its replicated lessons are shown', async () => {
    const { db, cache, asked, server } = await setUp();
    const rows = await server.server.context.db.all<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'lessons' AND parent_id = 'python-data' AND deleted = 0",
    );
    const lessons = rows.map((row) => {
      const { _deleted: _ignored, ...lesson } = JSON.parse(row.data) as LessonDoc & { _deleted?: boolean };
      return lesson;
    });
    await db.lessons.bulkInsert(lessons);
    const shown = await lessonsWhere(cache.lessons$('python-data'), (value) => value.length === lessons.length);
    expect(shown.map((lesson) => lesson.id).sort()).toEqual(lessons.map((lesson) => lesson.id).sort());
    const onScreen = cache.lessons$('python-data').subscribe();
    cache.refreshShown();
    await new Promise((resolve) => setTimeout(resolve, 200));
    onScreen.unsubscribe();
    expect(asked).toEqual([]);
    expect(await shownFor(db, 'python-data')).toBe(0);
  });
});

describe('lessons an earlier version replicated for every course', () => {
  it('are cleared once, keeping the courses an account on the device holds, started or wrote, and purged', async () => {
    const { db, server } = await setUp();
    const rows = await server.server.context.db.all<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'lessons' AND deleted = 0 AND parent_id IN ('algorithms-intro', 'python-data', 'ml-foundations')",
    );
    const lessons = rows.map((row) => {
      const { _deleted: _ignored, ...lesson } = JSON.parse(row.data) as LessonDoc & { _deleted?: boolean };
      return lesson;
    });
    await db.lessons.bulkInsert(lessons);
    await db.entitlements.insert({
      id: 'ent-1',
      userId: 'u1',
      courseId: 'algorithms-intro',
      source: 'grant',
      grantedAt: 1,
      signature: 'sig',
      updatedAt: 1,
    });
    await db.progress.insert({
      id: 'u1:ml-foundations',
      userId: 'u1',
      courseId: 'ml-foundations',
      lessons: [],
      completion: 0,
      updatedAt: 1,
    });

    await clearReplicatedLessons(db, () => 5);
    const left = new Set((await db.lessons.find().exec()).map((doc) => doc.courseId));
    expect(left).toEqual(new Set(['algorithms-intro', 'ml-foundations']));
    const gone = lessons.filter((lesson) => lesson.courseId === 'python-data').map((lesson) => lesson.id);
    expect(gone.length).toBeGreaterThan(0);
    // Purged: not even a tombstone is left for replication to mistake for the device's own change.
    expect(await db.lessons.storageInstance.findDocumentsById(gone, true)).toEqual([]);

    // Once: lessons replicated after it stay.
    await db.lessons.bulkInsert(lessons.filter((lesson) => lesson.courseId === 'python-data'));
    await clearReplicatedLessons(db, () => 6);
    expect(await db.lessons.count({ selector: { courseId: 'python-data' } }).exec()).toBe(gone.length);
  });
});
