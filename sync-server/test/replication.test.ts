import type { ReadableStreamReadResult } from 'node:stream/web';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import { COLLECTION_RULES, type ReplicatedCollection } from '../replication/collection-rules.js';
import { SAMPLE_EXAM, SAMPLE_EXAM_COURSE, SAMPLE_EXAM_LESSON, sampleDocument } from './sample-documents.js';
import {
  BACKENDS,
  backendEnv,
  publishCourse,
  signUpAndIn,
  startTestServer,
  stopSharedPostgres,
  type Session,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

describe.each(BACKENDS)('on %s', (backend) => {
  const newDir = useTempDirs();
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  async function server(env: Record<string, string> = {}) {
    const started = await startTestServer(newDir(), { ...(await backendEnv(backend)), ...env });
    servers.push(started);
    return started;
  }

  type Docs = { documents: Record<string, unknown>[]; checkpoint: { seq: number } };
  const pullAll = async (api: TestServer, collection: string, token?: string, limit = 5) => {
    const seen: Record<string, unknown>[] = [];
    let seq = 0;
    for (;;) {
      const page = await api.call<Docs>('GET', `/v1/sync/${collection}/pull?seq=${seq}&limit=${limit}`, { token });
      if (page.status !== 200) throw new Error(`pull ${collection}: ${page.status} ${JSON.stringify(page.body)}`);
      if (page.body.documents.length === 0) return seen;
      seen.push(...page.body.documents);
      seq = page.body.checkpoint.seq;
    }
  };
  const push = (
    api: TestServer,
    collection: string,
    token: string | undefined,
    docs: Record<string, unknown>[],
    assumed: (Record<string, unknown> | null)[] = [],
  ) =>
    api.call<Record<string, unknown>[] & { error?: { code: string } }>('POST', `/v1/sync/${collection}/push`, {
      token,
      body: docs.map((newDocumentState, i) => ({ assumedMasterState: assumed[i] ?? null, newDocumentState })),
    });
  const storedCount = async (api: TestServer, collection: string) =>
    Number(
      (await api.context.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM documents WHERE collection = ?', [
        collection,
      ]))!.n,
    );

  describe('pull', () => {
    it('gives anyone the published demo catalog, page by page, each document once', async () => {
      const api = await server();
      const courses = await pullAll(api, 'courses');
      expect(courses).toHaveLength(12);
      expect(new Set(courses.map((c) => c.id)).size).toBe(12);
      const lessons = await pullAll(api, 'lessons', undefined, 7);
      expect(lessons.length).toBeGreaterThan(40);
      expect(lessons.every((l) => typeof l.contentSha256 === 'string' && l.contentSha256.length === 64)).toBe(true);
    });

    it('refuses unknown collections, the device-only one, and bad checkpoints', async () => {
      const api = await server();
      expect((await api.call('GET', '/v1/sync/users/pull')).status).toBe(404);
      expect((await api.call('GET', '/v1/sync/localstate/pull')).status).toBe(404);
      // The test-only collection does not exist unless the server is started with it.
      expect((await api.call('GET', '/v1/sync/humans/pull')).status).toBe(404);
      expect((await api.call('GET', '/v1/sync/__proto__/pull')).status).toBe(404);
      for (const query of ['seq=-1', 'seq=abc', 'limit=0', 'limit=100000', 'seq=1&extra=1']) {
        expect((await api.call('GET', `/v1/sync/courses/pull?${query}`)).status, query).toBe(400);
      }
    });
  });

  describe('the authorization matrix', () => {
    const collections = (Object.keys(COLLECTION_RULES) as ReplicatedCollection[]).filter(
      (name) => !COLLECTION_RULES[name].testOnly,
    );

    it('lets each role pull and push exactly what ARCHITECTURE.md says, and a refused push writes nothing', async () => {
      const api = await server();
      const learner = await signUpAndIn(api, 'learner@example.com');
      const other = await signUpAndIn(api, 'other@example.com');
      const creator = await signUpAndIn(api, 'creator@example.com', { role: 'creator' });
      // Exam sittings are of a published exam paper: one free exam to sit.
      await publishCourse(api, creator, SAMPLE_EXAM_COURSE, {
        priceAmount: 0,
        lessonIds: [SAMPLE_EXAM_LESSON],
        exams: { [SAMPLE_EXAM_LESSON]: SAMPLE_EXAM },
      });
      const expectations: Record<
        Exclude<ReplicatedCollection, 'humans'>,
        { writer: Session | null; anonymousPull: number }
      > = {
        // Published courses and lessons are derived by the server from drafts; no device writes them.
        courses: { writer: null, anonymousPull: 200 },
        lessons: { writer: null, anonymousPull: 200 },
        entitlements: { writer: null, anonymousPull: 401 },
        orders: { writer: null, anonymousPull: 401 },
        ratings: { writer: learner, anonymousPull: 401 },
        progress: { writer: learner, anonymousPull: 401 },
        notes: { writer: learner, anonymousPull: 401 },
        attempts: { writer: learner, anonymousPull: 401 },
        examsittings: { writer: learner, anonymousPull: 401 },
        reviews: { writer: null, anonymousPull: 200 },
        coursedrafts: { writer: creator, anonymousPull: 401 },
      };
      for (const collection of collections) {
        const { writer, anonymousPull } = expectations[collection as Exclude<ReplicatedCollection, 'humans'>];
        expect((await api.call('GET', `/v1/sync/${collection}/pull`)).status, `${collection} anonymous pull`).toBe(
          anonymousPull,
        );
        expect(
          (await push(api, collection, undefined, [sampleDocument(collection, learner.userId, 'anon')])).status,
          `${collection} anonymous push`,
        ).toBe(401);
        const before = await storedCount(api, collection);

        // Everyone who is not the rightful writer is refused…
        for (const session of [learner, other, creator]) {
          if (session === writer) continue;
          const attempt = await push(api, collection, session.accessToken, [
            sampleDocument(collection, (writer ?? learner).userId, 'x'),
          ]);
          expect(attempt.status, `${collection} push by someone else`).toBe(403);
        }
        // …including the rightful writer claiming someone else's identity.
        if (writer) {
          const forged = await push(api, collection, writer.accessToken, [
            sampleDocument(collection, other.userId, 'forged'),
          ]);
          expect(forged.status, `${collection} forged owner`).toBe(403);
        }
        expect(await storedCount(api, collection), `${collection} unchanged`).toBe(before);

        if (writer) {
          expect(
            (await push(api, collection, writer.accessToken, [sampleDocument(collection, writer.userId, 'own')]))
              .status,
            `${collection} own push`,
          ).toBe(200);
        }
      }
    });

    it('never shows a learner another learner’s private documents', async () => {
      const api = await server();
      const alice = await signUpAndIn(api, 'alice@example.com');
      const bob = await signUpAndIn(api, 'bob@example.com');
      for (const collection of ['ratings', 'progress', 'notes'] as const) {
        expect(
          (await push(api, collection, alice.accessToken, [sampleDocument(collection, alice.userId, 'a')])).status,
        ).toBe(200);
        expect(
          (await push(api, collection, bob.accessToken, [sampleDocument(collection, bob.userId, 'b')])).status,
        ).toBe(200);
        expect((await pullAll(api, collection, alice.accessToken)).map((d) => d.userId)).toEqual([alice.userId]);
        expect((await pullAll(api, collection, bob.accessToken)).map((d) => d.userId)).toEqual([bob.userId]);
      }
      const server_ = api.context.documents;
      await server_.writeAsServer('entitlements', sampleDocument('entitlements', alice.userId, 'e'), {
        ownerId: alice.userId,
        isPublic: false,
      });
      expect(await pullAll(api, 'entitlements', bob.accessToken)).toEqual([]);
      expect(await pullAll(api, 'entitlements', alice.accessToken)).toHaveLength(1);
    });

    it('shows a draft only to its creator, and the course and its lessons to everyone once published', async () => {
      const api = await server({ ZHIKU_DEMO_CATALOG: 'off' });
      const creator = await signUpAndIn(api, 'maker@example.com', { role: 'creator' });
      const learner = await signUpAndIn(api, 'reader@example.com');
      const draft = sampleDocument('coursedrafts', creator.userId, 'd');
      expect((await push(api, 'coursedrafts', creator.accessToken, [draft])).status).toBe(200);
      expect(await pullAll(api, 'coursedrafts', learner.accessToken)).toEqual([]);
      expect(await pullAll(api, 'courses', learner.accessToken)).toEqual([]);
      expect(await pullAll(api, 'lessons')).toEqual([]);

      // The learner has synced up to here; then the creator publishes.
      const learnerCheckpoint = (
        await api.call<Docs>('GET', '/v1/sync/lessons/pull?seq=0', { token: learner.accessToken })
      ).body.checkpoint.seq;
      const { lessonIds } = await publishCourse(api, creator, 'course-p');
      const afterPublish = await api.call<Docs>('GET', `/v1/sync/lessons/pull?seq=${learnerCheckpoint}`, {
        token: learner.accessToken,
      });
      expect(afterPublish.body.documents.map((d) => d.id)).toEqual(lessonIds);
      expect((await pullAll(api, 'courses', learner.accessToken)).map((c) => [c.id, c.status])).toEqual([
        ['course-p', 'published'],
      ]);
    });
  });

  describe('push', () => {
    it('writes when the assumed master state matches and answers a conflict with the master state otherwise', async () => {
      const api = await server();
      const me = await signUpAndIn(api, 'cas@example.com');
      const v1 = sampleDocument('progress', me.userId, 'c');
      expect((await push(api, 'progress', me.accessToken, [v1])).body).toEqual([]);
      const v2 = { ...v1, completion: 0.5, updatedAt: 2 };
      expect((await push(api, 'progress', me.accessToken, [v2], [v1])).body).toEqual([]);
      // Another device still assumes v1.
      const stale = { ...v1, completion: 0.1, updatedAt: 3 };
      const conflict = await push(api, 'progress', me.accessToken, [stale], [v1]);
      expect(conflict).toMatchObject({ status: 200, body: [v2] });
      expect((await pullAll(api, 'progress', me.accessToken)).map((d) => d.completion)).toEqual([0.5]);
    });

    it('answers hostile input with 4xx and writes nothing', async () => {
      const api = await server();
      const me = await signUpAndIn(api, 'hostile@example.com');
      const good = sampleDocument('notes', me.userId, 'ok');
      const cases: [string, unknown, number][] = [
        ['not an array', { newDocumentState: good }, 400],
        ['empty', [], 400],
        ['too many rows', Array.from({ length: 501 }, (_, i) => ({ newDocumentState: { ...good, id: `n${i}` } })), 400],
        ['wrong types', [{ newDocumentState: { ...good, body: 42 } }], 400],
        ['missing fields', [{ newDocumentState: { id: 'x', _deleted: false } }], 400],
        ['unknown field', [{ newDocumentState: { ...good, isAdmin: true } }], 400],
        ['unknown row key', [{ newDocumentState: good, sql: 'DROP TABLE users' }], 400],
        [
          'one bad row among good ones',
          [{ newDocumentState: good }, { newDocumentState: { ...good, id: 'n2', kind: 'virus' } }],
          400,
        ],
        ['the same document twice', [{ newDocumentState: good }, { newDocumentState: good }], 400],
        [
          'someone else’s note among mine',
          [{ newDocumentState: good }, { newDocumentState: { ...good, id: 'n3', userId: 'usr_someone' } }],
          403,
        ],
      ];
      for (const [label, body, status] of cases) {
        const result = await api.call<{ error: { code: string } }>('POST', '/v1/sync/notes/push', {
          token: me.accessToken,
          body,
        });
        expect(result.status, label).toBe(status);
        expect(result.body.error.code, label).toMatch(/INVALID_INPUT|FORBIDDEN/);
      }
      expect(
        (await api.call('POST', '/v1/sync/notes/push', { token: me.accessToken, rawBody: '[{"newDocumentState":' }))
          .status,
      ).toBe(400);
      expect(await storedCount(api, 'notes')).toBe(0);
    });
  });

  describe('the event stream', () => {
    async function openStream(api: TestServer, token: string) {
      const controller = new AbortController();
      const response = await fetch(`${api.url}/v1/sync/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const events: { event: string; data: unknown }[] = [];
      const next = async (): Promise<{ event: string; data: unknown }> => {
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith(':')) continue;
            const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
            const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as unknown;
            events.push({ event, data });
            return { event, data };
          }
          const chunk: ReadableStreamReadResult<Uint8Array> = await reader.read();
          if (chunk.done) throw new Error('stream ended');
          buffer += decoder.decode(chunk.value, { stream: true });
        }
      };
      return { status: response.status, next, close: () => controller.abort() };
    }

    it('says RESYNC on connect, then announces only changes the device may see', async () => {
      const api = await server();
      const me = await signUpAndIn(api, 'stream@example.com');
      const someone = await signUpAndIn(api, 'someone@example.com');
      const stream = await openStream(api, me.accessToken);
      expect(stream.status).toBe(200);
      expect(await stream.next()).toEqual({ event: 'RESYNC', data: {} });

      await push(api, 'notes', someone.accessToken, [sampleDocument('notes', someone.userId, 's')]);
      await push(api, 'progress', me.accessToken, [sampleDocument('progress', me.userId, 'm')]);
      expect(await stream.next()).toEqual({ event: 'change', data: { collections: ['progress'] } });

      await api.context.documents.writeAsServer('reviews', sampleDocument('reviews', me.userId, 'r'), {
        ownerId: null,
        isPublic: true,
      });
      expect(await stream.next()).toEqual({ event: 'change', data: { collections: ['reviews'] } });
      stream.close();
    });

    it('requires a signed-in device', async () => {
      const api = await server();
      expect((await api.call('GET', '/v1/sync/stream')).status).toBe(401);
    });
  });
});
