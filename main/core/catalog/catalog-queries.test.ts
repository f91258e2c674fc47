import { afterEach, describe, expect, it } from 'vitest';
import type { CourseList } from '../../../common/contract/catalog.js';
import { useTempDirs } from '../../../tests/helpers.js';
import { createCore, type Core } from '../create-core.js';
import { sampleCourse, sampleLesson } from '../database/samples.js';

const newDir = useTempDirs();
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

async function core(): Promise<Core> {
  const created = await createCore({
    dataDir: newDir(),
    appVersion: '1',
    runtime: 'node',
    initialSettings: { syncServerUrl: 'http://127.0.0.1:9' },
  });
  cores.push(created);
  return created;
}

/** Collects pushed values and lets a test wait for the next one matching a condition. */
function recorder<T>() {
  const values: T[] = [];
  const waiters: { test: (value: T) => boolean; resolve: (value: T) => void }[] = [];
  return {
    values,
    push: (value: T) => {
      values.push(value);
      for (const waiter of [...waiters])
        if (waiter.test(value)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(value);
        }
    },
    next: (test: (value: T) => boolean): Promise<T> => {
      const index = values.findIndex(test);
      return index >= 0 ? Promise.resolve(values[index]!) : new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

describe('live catalog queries', () => {
  it('push the published courses matching filters and sort, and again when one changes', async () => {
    const zhiku = await core();
    const db = zhiku.database;
    await db.courses.bulkInsert([
      sampleCourse('free-a', { priceAmount: 0, updatedAt: 10 }),
      sampleCourse('cheap', { priceAmount: 1900, updatedAt: 30 }),
      sampleCourse('dear', { priceAmount: 29900, updatedAt: 20 }),
      sampleCourse('draft', { status: 'draft', updatedAt: 40 }),
      sampleCourse('design', { categoryId: 'design', updatedAt: 50 }),
    ]);
    const lists = recorder<CourseList>();
    const stop = zhiku.subscriptions['catalog.watchCourses'](
      { categoryId: 'programming', sort: 'price-desc', skip: 0, limit: 2 },
      lists.push,
    );
    const first = await lists.next((list) => list.total === 3);
    expect(first.courses.map((c) => c.id)).toEqual(['dear', 'cheap']);

    await db.courses.insert(sampleCourse('premium', { priceAmount: 99900, updatedAt: 60 }));
    const second = await lists.next((list) => list.total === 4);
    expect(second.courses.map((c) => c.id)).toEqual(['premium', 'dear']);
    stop();
  });

  it('filter free and paid, by language, newest first', async () => {
    const zhiku = await core();
    await zhiku.database.courses.bulkInsert([
      sampleCourse('zh-free', { priceAmount: 0, updatedAt: 1 }),
      sampleCourse('en-free', { priceAmount: 0, language: 'en', updatedAt: 2 }),
      sampleCourse('en-paid', { language: 'en', updatedAt: 3 }),
    ]);
    const run = (input: Parameters<Core['subscriptions']['catalog.watchCourses']>[0]) =>
      new Promise<string[]>((resolve) => {
        const stop = zhiku.subscriptions['catalog.watchCourses'](input, (list) => {
          stop?.();
          resolve(list.courses.map((c) => c.id));
        });
      });
    expect(await run({ free: true, sort: 'newest', skip: 0, limit: 50 })).toEqual(['en-free', 'zh-free']);
    expect(await run({ free: false, sort: 'newest', skip: 0, limit: 50 })).toEqual(['en-paid']);
    expect(await run({ language: 'en', sort: 'newest', skip: 0, limit: 50 })).toEqual(['en-paid', 'en-free']);
    // A window of the list, as a virtualized list asks for it.
    expect(await run({ sort: 'newest', skip: 1, limit: 1 })).toEqual(['en-free']);
  });

  it('filter by rating and sort by popularity', async () => {
    const zhiku = await core();
    await zhiku.database.courses.bulkInsert([
      sampleCourse('loved', { ratingAverage: 4.8, ratingCount: 20 }),
      sampleCourse('known', { ratingAverage: 4.33, ratingCount: 900 }),
      sampleCourse('meh', { ratingAverage: 2.5, ratingCount: 40 }),
    ]);
    const ids = (input: Parameters<Core['subscriptions']['catalog.watchCourses']>[0]) =>
      new Promise<string[]>((resolve) => {
        const stop = zhiku.subscriptions['catalog.watchCourses'](input, (list) => {
          stop?.();
          resolve(list.courses.map((c) => c.id));
        });
      });
    expect(await ids({ sort: 'popular', skip: 0, limit: 10 })).toEqual(['known', 'meh', 'loved']);
    expect(await ids({ sort: 'rating', minRating: 4, skip: 0, limit: 10 })).toEqual(['loved', 'known']);
  });

  it('list the categories of published courses with their counts, largest first', async () => {
    const zhiku = await core();
    await zhiku.database.courses.bulkInsert([
      sampleCourse('a', { categoryId: 'design', categoryName: { zh: '设计', en: 'Design' } }),
      sampleCourse('b', { categoryId: 'design', categoryName: { zh: '设计', en: 'Design' } }),
      sampleCourse('c', { categoryId: 'music', categoryName: { zh: '音乐', en: 'Music' } }),
      sampleCourse('d', { categoryId: 'drafts', status: 'draft' }),
    ]);
    const categories = await new Promise<unknown>((resolve) => {
      const stop = zhiku.subscriptions['catalog.watchCategories']({}, (value) => {
        stop?.();
        resolve(value);
      });
    });
    expect(categories).toEqual([
      { id: 'design', name: { zh: '设计', en: 'Design' }, courses: 2 },
      { id: 'music', name: { zh: '音乐', en: 'Music' }, courses: 1 },
    ]);
  });

  it('push a course with its lessons in order, and null once it is gone', async () => {
    const zhiku = await core();
    const db = zhiku.database;
    await db.courses.insert(sampleCourse('algo'));
    await db.lessons.bulkInsert([
      sampleLesson('algo', 2),
      sampleLesson('algo', 0),
      sampleLesson('algo', 1),
      sampleLesson('other', 0),
    ]);
    const details = recorder<unknown>();
    const stop = zhiku.subscriptions['catalog.watchCourse']({ courseId: 'algo' }, details.push);
    const detail = (await details.next((d) => d !== null)) as { lessons: { position: number; courseId: string }[] };
    expect(detail.lessons.map((l) => l.position)).toEqual([0, 1, 2]);
    await (await db.courses.findOne('algo').exec())!.remove();
    await details.next((d) => d === null);
    stop();
  });
});
