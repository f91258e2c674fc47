import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import type { AccessClaims } from '../accounts/tokens.js';
import type { ReplicatedCollection } from '../replication/collection-rules.js';
import { sampleDocument } from './sample-documents.js';
import {
  BACKENDS,
  backendEnv,
  signUpAndIn,
  startTestServer,
  stopSharedPostgres,
  type Session,
  type TestServer,
} from './server-harness.js';

const newDir = useTempDirs();
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
afterAll(() => stopSharedPostgres(), 60_000);

type Who = 'anonymous' | 'learner' | 'creatorA' | 'creatorB';
type Command =
  | { kind: 'course'; creator: 'creatorA' | 'creatorB'; n: number; status: 'draft' | 'published' }
  | { kind: 'lesson'; creator: 'creatorA' | 'creatorB'; n: number; lesson: number }
  | { kind: 'pull'; who: Who; collection: 'courses' | 'lessons' | 'reviews'; fromMiddle: boolean; limit: number }
  | { kind: 'race'; creator: 'creatorA' | 'creatorB'; n: number; pulls: number };

const creator = fc.constantFrom('creatorA' as const, 'creatorB' as const);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('course' as const),
    creator,
    n: fc.integer({ min: 0, max: 3 }),
    status: fc.constantFrom('draft' as const, 'published' as const),
  }),
  fc.record({
    kind: fc.constant('lesson' as const),
    creator,
    n: fc.integer({ min: 0, max: 3 }),
    lesson: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('pull' as const),
    who: fc.constantFrom<Who>('anonymous', 'learner', 'creatorA', 'creatorB'),
    collection: fc.constantFrom('courses' as const, 'lessons' as const, 'reviews' as const),
    fromMiddle: fc.boolean(),
    limit: fc.integer({ min: 1, max: 60 }),
  }),
  fc.record({
    kind: fc.constant('race' as const),
    creator,
    n: fc.integer({ min: 0, max: 3 }),
    pulls: fc.integer({ min: 2, max: 6 }),
  }),
);

describe.each(BACKENDS)('the shared catalogue cache (%s)', (backend) => {
  it('answers every caller exactly what an uncached pull would, never a row that is not theirs, including pulls racing a publish', async () => {
    const api = await startTestServer(newDir(), await backendEnv(backend));
    servers.push(api);
    const sessions: Record<Exclude<Who, 'anonymous'>, Session> = {
      learner: await signUpAndIn(api, 'learner@example.com'),
      creatorA: await signUpAndIn(api, 'a@example.com', { role: 'creator' }),
      creatorB: await signUpAndIn(api, 'b@example.com', { role: 'creator' }),
    };
    const claims = (who: Who): AccessClaims | null =>
      who === 'anonymous'
        ? null
        : {
            userId: sessions[who].userId,
            role: who === 'learner' ? 'learner' : 'creator',
            deviceId: sessions[who].deviceId,
            issuedAtMs: Date.now(),
          };
    // Catalogue rows as the server writes them: a course private while a draft (public once published),
    // its lessons as public as their course. Devices never push these (publish-service.ts writes them).
    const push = async (
      who: 'creatorA' | 'creatorB',
      collection: ReplicatedCollection,
      doc: Record<string, unknown>,
    ) => {
      const ownerId = sessions[who].userId;
      const parentId = collection === 'courses' ? String(doc.id) : String(doc.courseId);
      const parent = await api.context.db.get<{ owner_id: string | null; is_public: number | boolean }>(
        "SELECT owner_id, is_public FROM documents WHERE collection = 'courses' AND id = ?",
        [parentId],
      );
      if (parent && parent.owner_id !== ownerId) return;
      if (collection === 'lessons' && !parent) return;
      const isPublic =
        collection === 'courses' ? Boolean(parent?.is_public) || doc.status !== 'draft' : Boolean(parent!.is_public);
      await api.context.documents.writeAsServer(collection, doc, { ownerId, isPublic });
    };
    const course = (who: 'creatorA' | 'creatorB', n: number, status: 'draft' | 'published') => ({
      ...sampleDocument('courses', sessions[who].userId, `${who}-${n}`),
      status,
    });
    const pull = async (who: Who, collection: string, seq: number, limit: number) =>
      api.call<{ documents: { id: string }[] }>(
        'GET',
        `/v1/sync/${collection}/pull?seq=${seq}&limit=${limit}`,
        who === 'anonymous' ? {} : { token: sessions[who].accessToken },
      );

    /** The property: the served page equals the uncached answer, and every row in it is public or the caller's own. */
    const checkPull = async (who: Who, collection: 'courses' | 'lessons' | 'reviews', seq: number, limit: number) => {
      const served = await pull(who, collection, seq, limit);
      expect(served.status).toBe(200);
      const reference = JSON.parse(
        (await api.context.documents.pullJson(collection, claims(who), seq, limit)).toString('utf8'),
      ) as unknown;
      expect(served.body).toEqual(reference);
      for (const doc of served.body.documents) {
        const row = await api.context.db.get<{ owner_id: string | null; is_public: number | boolean }>(
          'SELECT owner_id, is_public FROM documents WHERE collection = ? AND id = ?',
          [collection, doc.id],
        );
        expect(Boolean(row?.is_public) || row?.owner_id === claims(who)?.userId).toBe(true);
      }
    };
    const middleSeq = async () =>
      Number((await api.context.db.get<{ seq: number | string }>('SELECT MAX(seq) AS seq FROM documents'))?.seq ?? 0) >>
      1;

    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
        for (const step of commands) {
          if (step.kind === 'course') await push(step.creator, 'courses', course(step.creator, step.n, step.status));
          else if (step.kind === 'lesson') {
            const courseId = `course-${step.creator}-${step.n}`;
            await push(step.creator, 'lessons', {
              ...sampleDocument('lessons', sessions[step.creator].userId, `${courseId}-${step.lesson}`),
              courseId,
            });
          } else if (step.kind === 'pull')
            await checkPull(step.who, step.collection, step.fromMiddle ? await middleSeq() : 0, step.limit);
          else {
            // Pulls in flight while a course goes public: whatever they saw, the next pull is current.
            await Promise.all([
              push(step.creator, 'courses', course(step.creator, step.n, 'published')),
              ...Array.from({ length: step.pulls }, () => pull('learner', 'courses', 0, 50)),
            ]);
            await checkPull('anonymous', 'courses', 0, 50);
            await checkPull('learner', 'courses', 0, 50);
          }
        }
      }),
      { numRuns: 25, seed: 20261125 },
    );
    // The property held with the cache doing real work, not bypassed.
    const stats = api.context.catalogCache!.stats();
    expect(stats.hits).toBeGreaterThan(20);
    console.warn(
      `catalogue cache (${backend}): ${stats.hits} hits, ${stats.misses} misses, ${stats.entries} pages, ${stats.bytes} bytes`,
    );
  }, 120_000);

  it('serves a creator their drafts and other callers the shared page, marking which came from the cache', async () => {
    const api = await startTestServer(newDir(), await backendEnv(backend));
    servers.push(api);
    const creatorSession = await signUpAndIn(api, 'maker@example.com', { role: 'creator' });
    const learner = await signUpAndIn(api, 'reader@example.com');
    // A row only its creator may read (the server's own write: devices push no courses).
    await api.context.documents.writeAsServer(
      'courses',
      { ...sampleDocument('courses', creatorSession.userId, 'secret'), status: 'draft' },
      { ownerId: creatorSession.userId, isPublic: false },
    );
    const page = async (token?: string) => {
      const response = await fetch(
        `${api.url}/v1/sync/courses/pull?seq=0&limit=500`,
        token ? { headers: { authorization: `Bearer ${token}` } } : {},
      );
      const body = (await response.json()) as { documents: { id: string }[] };
      return {
        cache: response.headers.get('x-zhiku-cache'),
        control: response.headers.get('cache-control'),
        ids: body.documents.map((d) => d.id),
      };
    };
    const first = await page(learner.accessToken);
    const second = await page();
    expect(first.cache).toBe('miss');
    expect(second.cache).toBe('hit');
    expect(second.ids).toEqual(first.ids);
    expect(first.ids).not.toContain('course-secret');
    const own = await page(creatorSession.accessToken);
    expect(own.cache).toBeNull();
    expect(own.ids).toContain('course-secret');
    // No proxy may keep any of these.
    expect([first.control, second.control, own.control]).toEqual(['no-store', 'no-store', 'no-store']);
  });
});
