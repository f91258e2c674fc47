import { join } from 'node:path';
import { firstValueFrom, filter, type Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewDoc } from '../../../common/collections/index.js';
import type { CourseReviews } from '../../../common/contract/index.js';
import { courseReviewsAnswerSchema } from '../../../common/server-api/reviews.js';
import { useTempDirs } from '../../../tests/helpers.js';
import { openClientDatabase, type ClientDatabase } from '../database/open-client-database.js';
import { restartableServer } from '../sync/test/sync-harness.js';
import { createReviewCache } from './review-cache.js';

const newDir = useTempDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const review = (id: string, courseId: string, stars: number, createdAt: number, extra: Partial<ReviewDoc> = {}) => ({
  id,
  courseId,
  authorName: `作者 ${id}`,
  stars: stars as ReviewDoc['stars'],
  text: `评价 ${id}`,
  createdAt,
  updatedAt: createdAt,
  _deleted: false,
  ...extra,
});

/** `beforeAnswer` runs after the server answered and before the cache gets the answer (a slow link). */
async function setUp(maxCourses: number, beforeAnswer: () => Promise<void> = async () => undefined) {
  const dir = newDir();
  const server = await restartableServer(join(dir, 'server'));
  cleanups.push(() => server.stop());
  const { documents } = server.server.context;
  const write = (doc: ReturnType<typeof review>) =>
    documents.writeAsServer('reviews', doc, { ownerId: null, isPublic: true });
  await write(review('a1', 'algorithms-intro', 5, 100));
  await write(review('a2', 'algorithms-intro', 4, 300));
  await write(review('a3', 'algorithms-intro', 5, 200));
  await write(review('a4', 'algorithms-intro', 1, 400, { hiddenAt: 500 }));
  await write(review('p1', 'python-data', 3, 100));
  await write(review('t1', 'typescript-practice', 2, 100));
  const db: ClientDatabase = await openClientDatabase({ dataDir: join(dir, 'device') });
  cleanups.push(async () => void (await db.close()));
  let clock = 1_000;
  const cache = createReviewCache({
    db,
    now: () => clock++,
    maxCourses,
    fetchReviews: async (courseId, limit) => {
      const response = await fetch(`${server.url}/v1/courses/${courseId}/reviews?limit=${limit}`);
      if (!response.ok) throw new Error(`reviews: ${response.status}`);
      const answer = courseReviewsAnswerSchema.parse(await response.json());
      await beforeAnswer();
      return answer;
    },
  });
  return { server, write, db, cache };
}

/** The first value of a course's reviews that satisfies `check`. */
const reviewsWhere = (source: Observable<CourseReviews>, check: (value: CourseReviews) => boolean) =>
  firstValueFrom(source.pipe(filter(check)));
const storedFor = async (db: ClientDatabase, courseId: string) =>
  (await db.reviews.find({ selector: { courseId } }).exec()).map((doc) => doc.id).sort();

describe('reviews fetched when a course is shown', () => {
  it('come from the server newest first, counted by stars, hidden ones left out; nothing is stored before', async () => {
    const { db, cache } = await setUp(10);
    expect(await db.reviews.count().exec()).toBe(0);
    const shown = await reviewsWhere(cache.reviews$('algorithms-intro'), (value) => value.reviews.length > 0);
    expect(shown.reviews.map((r) => r.id)).toEqual(['a2', 'a3', 'a1']);
    expect(shown.distribution).toEqual([0, 0, 0, 1, 2]);
    // Only the course shown is on the device.
    expect(await db.reviews.count().exec()).toBe(3);
  });

  it('stay on the device for offline, and follow the server when it removes one', async () => {
    const { server, write, db, cache } = await setUp(10);
    expect(await cache.refresh('algorithms-intro')).toBe(true);
    await write(review('a3', 'algorithms-intro', 5, 200, { _deleted: true } as Partial<ReviewDoc>));
    expect(await cache.refresh('algorithms-intro')).toBe(true);
    expect(await storedFor(db, 'algorithms-intro')).toEqual(['a1', 'a2']);

    await server.stop();
    expect(await cache.refresh('algorithms-intro')).toBe(false);
    const offline = await reviewsWhere(cache.reviews$('algorithms-intro'), () => true);
    expect(offline.reviews.map((r) => r.id)).toEqual(['a2', 'a1']);
    expect(offline.distribution).toEqual([0, 0, 0, 1, 1]);
  });

  it('asked for again while a fetch is on its way, fetch once more after it: its answer may predate the change', async () => {
    // The first fetch's answer is held on its way; a review arrives on the server meanwhile.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered!: () => void;
    const firstAnswered = new Promise<void>((resolve) => (answered = resolve));
    let answers = 0;
    const { write, db, cache } = await setUp(10, () => {
      if (++answers > 1) return Promise.resolve();
      answered();
      return held;
    });
    const first = cache.refresh('python-data');
    await firstAnswered;
    await write(review('p2', 'python-data', 5, 200));
    // The server's change notice asks again (twice: every ask meanwhile shares one more fetch).
    const again = [cache.refresh('python-data'), cache.refresh('python-data')];
    release();
    expect(await first).toBe(true);
    expect(await Promise.all(again)).toEqual([true, true]);
    expect(await storedFor(db, 'python-data')).toEqual(['p1', 'p2']);
    expect(answers).toBe(2);
  });

  it('keep at most the courses shown last, never dropping one on screen', async () => {
    const { db, cache } = await setUp(2);
    const onScreen = cache.reviews$('algorithms-intro').subscribe();
    await cache.refresh('algorithms-intro');
    await cache.refresh('python-data');
    await cache.refresh('typescript-practice');
    // Three courses kept for a limit of two: the one on screen stays, the oldest of the others goes.
    expect(await storedFor(db, 'algorithms-intro')).toEqual(['a1', 'a2', 'a3']);
    expect(await storedFor(db, 'python-data')).toEqual([]);
    expect(await storedFor(db, 'typescript-practice')).toEqual(['t1']);
    onScreen.unsubscribe();
    await cache.refresh('python-data');
    expect(await storedFor(db, 'algorithms-intro')).toEqual([]);
    expect(await db.reviews.count().exec()).toBe(2);
  });

  it('clear, once, the reviews an earlier version replicated, keeping those of courses fetched', async () => {
    const { db, cache } = await setUp(10);
    await cache.refresh('python-data');
    const { _deleted: _a, ...old1 } = review('old-1', 'startup-finance', 4, 1);
    const { _deleted: _b, ...old2 } = review('old-2', 'business-english', 3, 1);
    await db.reviews.bulkInsert([old1, old2]);
    await cache.clearReplicated();
    expect((await db.reviews.find().exec()).map((doc) => doc.id)).toEqual(['p1']);
    // Once: a review stored later (by the cache's own course, or otherwise) is not touched again.
    await db.reviews.insert(old1);
    await cache.clearReplicated();
    expect(await db.reviews.count().exec()).toBe(2);
  });
});
