import { afterAll, describe, expect, it } from 'vitest';
import type { LessonDoc } from '../../common/collections/index.js';
import { pullQueryString, type PullCheckpoint } from '../../common/server-api/replication.js';
import { useTempDirs } from '../../tests/helpers.js';
import { entitlementId } from '../payments/entitlements.js';
import {
  backendServers,
  BACKENDS,
  publishCourse,
  signUpAndIn,
  stopSharedPostgres,
  type Session,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

type Page = { documents: (LessonDoc & { _deleted: boolean })[]; checkpoint: PullCheckpoint };

describe.each(BACKENDS)('held lessons on %s', (backend) => {
  const newDir = useTempDirs();
  const server = backendServers(backend, newDir);

  const pullHeld = async (
    api: TestServer,
    session: Session | null,
    checkpoint?: PullCheckpoint,
    limit = 1000,
    collection: 'lessons' | 'courses' = 'lessons',
  ) => {
    const path = `/v1/sync/${collection}/pull?${pullQueryString(checkpoint, limit, true)}`;
    const answer = await api.call<Page>('GET', path, {
      ...(session ? { token: session.accessToken } : {}),
    });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  /** Pulls page after page until one comes back empty, as a device does. */
  const pullAll = async (
    api: TestServer,
    session: Session,
    from?: PullCheckpoint,
    limit = 1000,
    collection: 'lessons' | 'courses' = 'lessons',
  ) => {
    const documents: Page['documents'] = [];
    let checkpoint = from;
    for (let pages = 0; pages < 100; pages++) {
      const page = await pullHeld(api, session, checkpoint, limit, collection);
      documents.push(...page.documents);
      checkpoint = page.checkpoint;
      if (page.documents.length === 0) return { documents, checkpoint };
    }
    throw new Error('the pull never ended');
  };
  const ids = (documents: Page['documents']) => documents.map((doc) => doc.id).sort();
  const grant = (api: TestServer, learner: Session, courseId: string) =>
    api.context.documents.writeAsServer(
      'entitlements',
      {
        id: entitlementId(learner.userId, courseId),
        userId: learner.userId,
        courseId,
        source: 'grant',
        grantedAt: 1,
        signature: 'test-signature',
        updatedAt: 1,
        _deleted: false,
      },
      { ownerId: learner.userId, isPublic: false },
    );

  async function platform() {
    const api = await server();
    const creator = await signUpAndIn(api, 'creator@example.com', { role: 'creator' });
    const learner = await signUpAndIn(api, 'learner@example.com');
    await publishCourse(api, creator, 'held-b', { lessonIds: ['b1', 'b2', 'b3'] });
    await publishCourse(api, creator, 'held-c', { lessonIds: ['c1', 'c2'], priceAmount: 0 });
    // Published last: a learner holding it has a checkpoint past every lesson of the others.
    await publishCourse(api, creator, 'held-a', { lessonIds: ['a1', 'a2'] });
    return { api, creator, learner };
  }

  it('sends a learner only the lessons of courses they hold, a creator those of their own, a signed-out device none', async () => {
    const { api, creator, learner } = await platform();
    await grant(api, learner, 'held-a');

    const mine = await pullAll(api, learner);
    expect(ids(mine.documents)).toEqual(['a1', 'a2']);
    expect(mine.checkpoint.scope).toBeGreaterThan(0);
    expect(ids((await pullAll(api, creator)).documents)).toEqual(['a1', 'a2', 'b1', 'b2', 'b3', 'c1', 'c2']);
    const anonymous = await pullHeld(api, null);
    expect(anonymous.documents).toEqual([]);
    // Without held=1 the old pull still serves the whole public catalogue (earlier app versions).
    const everything = await api.call<Page>('GET', '/v1/sync/lessons/pull?seq=0&limit=1000');
    expect(ids(everything.body.documents)).toEqual(expect.arrayContaining(['a1', 'b1', 'c1', 'algo-l1']));
  });

  it('fills in the older lessons of a course bought after the device passed them, then follows its changes', async () => {
    const { api, creator, learner } = await platform();
    await grant(api, learner, 'held-a');
    const first = await pullAll(api, learner);

    // Bought later: its lessons are older than the device's checkpoint, and are sent all the same.
    await grant(api, learner, 'held-b');
    const older = await api.context.db.get<{ seq: number }>(
      "SELECT MAX(seq) AS seq FROM documents WHERE collection = 'lessons' AND parent_id = 'held-b'",
    );
    expect(Number(older!.seq)).toBeLessThan(first.checkpoint.seq);
    const filled = await pullAll(api, learner, first.checkpoint);
    expect(ids(filled.documents)).toEqual(['b1', 'b2', 'b3']);
    expect(filled.checkpoint.scope).toBeGreaterThan(first.checkpoint.scope!);
    expect(filled.checkpoint.fill).toBeUndefined();
    expect((await pullHeld(api, learner, filled.checkpoint)).documents).toEqual([]);

    // A held course's republished lessons come in the stream; a course not held stays away.
    await publishCourse(api, creator, 'held-b', { lessonIds: ['b1', 'b2', 'b3', 'b4'] });
    await publishCourse(api, creator, 'held-c', { lessonIds: ['c1', 'c2', 'c3'], priceAmount: 0 });
    const changed = await pullAll(api, learner, filled.checkpoint);
    expect(new Set(changed.documents.map((doc) => doc.courseId))).toEqual(new Set(['held-b']));
    expect(ids(changed.documents)).toContain('b4');
  });

  it('pages a fill one lesson at a time without losing or repeating one', async () => {
    const { api, learner } = await platform();
    await grant(api, learner, 'held-a');
    const first = await pullAll(api, learner);
    await grant(api, learner, 'held-b');

    const pages: Page[] = [];
    let checkpoint = first.checkpoint;
    for (let i = 0; i < 10; i++) {
      const page = await pullHeld(api, learner, checkpoint, 1);
      pages.push(page);
      checkpoint = page.checkpoint;
      if (page.documents.length === 0) break;
    }
    expect(pages.flatMap((page) => page.documents.map((doc) => doc.id))).toEqual(['b1', 'b2', 'b3']);
    expect(pages[0]!.checkpoint.fill).toBeDefined();
    expect(pages.at(-1)!.checkpoint.fill).toBeUndefined();
  });

  it('adds a free course the learner starts (their progress names it)', async () => {
    const { api, learner } = await platform();
    const first = await pullAll(api, learner);
    expect(first.documents).toEqual([]);
    const pushed = await api.call('POST', '/v1/sync/progress/push', {
      token: learner.accessToken,
      body: [
        {
          assumedMasterState: null,
          newDocumentState: {
            id: `${learner.userId}:held-c`,
            userId: learner.userId,
            courseId: 'held-c',
            lessons: [],
            completion: 0,
            updatedAt: 1,
            _deleted: false,
          },
        },
      ],
    });
    expect(pushed.status).toBe(200);
    expect(ids((await pullAll(api, learner, first.checkpoint)).documents)).toEqual(['c1', 'c2']);
  });

  it('sends the summaries of the courses a caller holds (what a new laptop needs first), filling in one bought later', async () => {
    const { api, creator, learner } = await platform();
    await grant(api, learner, 'held-a');
    const first = await pullAll(api, learner, undefined, 1000, 'courses');
    expect(ids(first.documents)).toEqual(['held-a']);
    expect(ids((await pullAll(api, creator, undefined, 1000, 'courses')).documents)).toEqual([
      'held-a',
      'held-b',
      'held-c',
    ]);
    expect((await pullHeld(api, null, undefined, 1000, 'courses')).documents).toEqual([]);

    // Bought after the device passed it: its summary is sent all the same, and only it.
    await grant(api, learner, 'held-b');
    const filled = await pullAll(api, learner, first.checkpoint, 1000, 'courses');
    expect(ids(filled.documents)).toEqual(['held-b']);
    // Another creator's draft is never sent, not even to a learner who names it in their progress.
    await api.context.documents.writeAsServer(
      'courses',
      { ...filled.documents[0]!, id: 'secret-draft', status: 'draft' },
      { ownerId: creator.userId, isPublic: false },
    );
    const named = await api.call('POST', '/v1/sync/progress/push', {
      token: learner.accessToken,
      body: [
        {
          assumedMasterState: null,
          newDocumentState: {
            id: `${learner.userId}:secret-draft`,
            userId: learner.userId,
            courseId: 'secret-draft',
            lessons: [],
            completion: 0,
            updatedAt: 1,
            _deleted: false,
          },
        },
      ],
    });
    expect(named.status).toBe(200);
    expect((await pullAll(api, learner, filled.checkpoint, 1000, 'courses')).documents).toEqual([]);
    // It is in the learner's held set all the same: the pull's visibility is what keeps it away.
    expect(
      await api.context.db.get('SELECT course_id FROM lesson_scopes WHERE course_id = ?', ['secret-draft']),
    ).toEqual({ course_id: 'secret-draft' });
  });

  it('refuses a malformed held pull with a clear error', async () => {
    const { api, learner } = await platform();
    const ask = (query: string) =>
      api.call<{ error: { message: string } }>('GET', `/v1/sync/${query}`, { token: learner.accessToken });
    expect((await ask('reviews/pull?seq=0&held=1')).status).toBe(400);
    expect((await ask('notes/pull?seq=0&held=1')).status).toBe(400);
    expect((await ask('lessons/pull?seq=5&held=1&scope=1&fillTo=3')).status).toBe(400);
    expect((await ask('lessons/pull?seq=5&held=1&scope=3&fillTo=3&fillAfter=0')).status).toBe(400);
    expect((await ask('lessons/pull?seq=5&held=1&scope=1&fillTo=3&fillAfter=9')).status).toBe(400);
    expect((await ask('lessons/pull?seq=5&scope=1')).status).toBe(400);
    expect((await ask('lessons/pull?seq=0&held=yes')).status).toBe(400);
  });

  it('serves a public course’s lessons in order to anyone, and nothing of a course that is not public', async () => {
    const { api } = await platform();
    const answer = await api.call<{ lessons: LessonDoc[] }>('GET', '/v1/courses/held-b/lessons');
    expect(answer.status).toBe(200);
    expect(answer.body.lessons.map((lesson) => lesson.id)).toEqual(['b1', 'b2', 'b3']);
    expect(JSON.stringify(answer.body)).not.toContain('_deleted');

    expect((await api.call('GET', '/v1/courses/no-such-course/lessons')).body).toEqual({ lessons: [] });
    expect((await api.call('GET', '/v1/courses/bad%20id!/lessons')).status).toBe(400);
    // A course the platform no longer shows (not public): neither its lessons nor its reviews are served.
    await api.context.db.run("UPDATE documents SET is_public = 0 WHERE collection = 'courses' AND id = 'held-b'");
    expect((await api.call('GET', '/v1/courses/held-b/lessons')).body).toEqual({ lessons: [] });
    expect((await api.call('GET', '/v1/courses/held-b/reviews')).body).toEqual({
      reviews: [],
      distribution: [0, 0, 0, 0, 0],
    });
  });
});
