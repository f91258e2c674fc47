import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CourseDoc, RatingDoc, ReviewDoc } from '../../common/collections/index.js';
import { useTempDirs } from '../../tests/helpers.js';
import {
  BACKENDS,
  backendEnv,
  signUpAndIn,
  startTestServer,
  stopSharedPostgres,
  type Session,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

describe.each(BACKENDS)('ratings on %s', (backend) => {
  const newDir = useTempDirs();
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  type Pulled = { documents: (Record<string, unknown> & { _deleted?: boolean })[] };
  const pull = async (api: TestServer, collection: string) =>
    (await api.call<Pulled>('GET', `/v1/sync/${collection}/pull?seq=0&limit=500`)).body.documents;
  const rating = (
    session: Session,
    courseId: string,
    stars: number,
    review?: string,
    updatedAt = 1,
  ): RatingDoc & { _deleted: boolean } => ({
    id: `${session.userId}:${courseId}`,
    userId: session.userId,
    courseId,
    stars: stars as RatingDoc['stars'],
    ...(review === undefined ? {} : { review }),
    createdAt: 1,
    updatedAt,
    _deleted: false,
  });
  const push = (api: TestServer, session: Session, doc: RatingDoc, assumed: RatingDoc | null = null) =>
    api.call('POST', '/v1/sync/ratings/push', {
      token: session.accessToken,
      body: [{ assumedMasterState: assumed, newDocumentState: doc }],
    });

  it('publish reviews without the rater’s id and keep the course’s average and count', async () => {
    const api = await startTestServer(newDir(), await backendEnv(backend));
    servers.push(api);
    const ana = await signUpAndIn(api, 'ana@example.com');
    const ben = await signUpAndIn(api, 'ben@example.com');
    const course = 'ancient-china-history';

    expect((await push(api, ana, rating(ana, course, 5, '讲得非常清楚'))).status).toBe(200);
    expect((await push(api, ben, rating(ben, course, 2))).status).toBe(200);
    const courses = (await pull(api, 'courses')) as unknown as CourseDoc[];
    expect(courses.find((c) => c.id === course)).toMatchObject({ ratingAverage: 3.5, ratingCount: 2 });

    const reviews = (await pull(api, 'reviews')) as unknown as (ReviewDoc & { _deleted: boolean })[];
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ courseId: course, stars: 5, text: '讲得非常清楚', _deleted: false });
    expect(JSON.stringify(reviews)).not.toContain(ana.userId);

    // Changing the text updates the same review; clearing it takes the review down.
    const first = rating(ana, course, 5, '讲得非常清楚');
    const second = rating(ana, course, 4, '后半部分有点快', 2);
    expect((await push(api, ana, second, first)).status).toBe(200);
    const updated = (await pull(api, 'reviews')) as unknown as ReviewDoc[];
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ id: reviews[0]!.id, stars: 4, text: '后半部分有点快' });
    expect(((await pull(api, 'courses')) as unknown as CourseDoc[]).find((c) => c.id === course)).toMatchObject({
      ratingAverage: 3,
      ratingCount: 2,
    });
    expect((await push(api, ana, rating(ana, course, 4, '', 3), second)).status).toBe(200);
    expect((await pull(api, 'reviews'))[0]).toMatchObject({ _deleted: true });
  });

  it('refuse a rating of a paid course the learner does not own, and write nothing', async () => {
    const api = await startTestServer(newDir(), await backendEnv(backend));
    servers.push(api);
    const ana = await signUpAndIn(api, 'ana@example.com');
    const before = (await pull(api, 'courses')).find((c) => c.id === 'algorithms-intro');
    const refused = await push(api, ana, rating(ana, 'algorithms-intro', 1, 'spam'));
    expect(refused.status).toBe(403);
    expect(await pull(api, 'reviews')).toEqual([]);
    expect((await pull(api, 'courses')).find((c) => c.id === 'algorithms-intro')).toEqual(before);
    expect((await push(api, ana, rating(ana, 'no-such-course', 5))).status).toBe(403);
  });

  it('answer one course’s reviews on demand: newest first, counted by stars, nothing of other courses', async () => {
    const api = await startTestServer(newDir(), await backendEnv(backend));
    servers.push(api);
    const course = 'ancient-china-history';
    const raters = await Promise.all(['ana', 'ben', 'cai', 'dai'].map((n) => signUpAndIn(api, `${n}@example.com`)));
    const stars = [5, 4, 5, 1];
    for (const [i, session] of raters.entries())
      expect((await push(api, session, rating(session, course, stars[i]!, `评价 ${i}`, 10 + i))).status).toBe(200);
    // A rating without text is in the course's average but is no review.
    const eve = await signUpAndIn(api, 'eve@example.com');
    expect((await push(api, eve, rating(eve, course, 2))).status).toBe(200);
    const other = (await pull(api, 'courses')).find(
      (c) => c.id !== course && c.priceAmount === 0,
    ) as unknown as CourseDoc;
    expect((await push(api, raters[0]!, rating(raters[0]!, other.id, 3, 'other course'))).status).toBe(200);

    type Answer = { reviews: ReviewDoc[]; distribution: number[] };
    const all = await api.call<Answer>('GET', `/v1/courses/${course}/reviews`);
    expect(all.status).toBe(200);
    expect(all.body.distribution).toEqual([1, 0, 0, 1, 2]);
    expect(all.body.reviews.map((r) => r.stars)).toHaveLength(4);
    expect(all.body.reviews.every((r) => r.courseId === course)).toBe(true);
    expect(JSON.stringify(all.body)).not.toContain(raters[0]!.userId);
    const newest = await api.call<Answer>('GET', `/v1/courses/${course}/reviews?limit=2`);
    // The page is the newest two, but the distribution still counts every review.
    expect(newest.body.reviews).toHaveLength(2);
    expect(newest.body.distribution).toEqual([1, 0, 0, 1, 2]);
    expect(newest.body.reviews[0]!.createdAt).toBeGreaterThanOrEqual(newest.body.reviews[1]!.createdAt);

    expect((await api.call<Answer>('GET', '/v1/courses/no-such-course/reviews')).body).toEqual({
      reviews: [],
      distribution: [0, 0, 0, 0, 0],
    });
    expect((await api.call('GET', `/v1/courses/${course}/reviews?limit=1000`)).status).toBe(400);
    expect((await api.call('GET', `/v1/courses/${course}/reviews?limit=2&sort=old`)).status).toBe(400);
    expect((await api.call('GET', '/v1/courses/bad%20id/reviews')).status).toBe(400);
  });
});
