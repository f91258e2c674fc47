import { afterAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import {
  BACKENDS,
  backendServers,
  signUpAndIn,
  stopSharedPostgres,
  type Session,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

describe.each(BACKENDS)('exercise attempts on %s', (backend) => {
  const newDir = useTempDirs();
  const server = backendServers(backend, newDir);
  const attempt = (who: Session, patch: Record<string, unknown> = {}) => ({
    id: `attempt-${who.userId}-1`,
    userId: who.userId,
    courseId: 'algorithms-intro',
    lessonId: 'algo-l1',
    questionId: 'q1',
    round: 'round-1',
    answer: { type: 'single', optionId: 'a' },
    correct: true,
    at: 1_000,
    updatedAt: 1_000,
    _deleted: false,
    ...patch,
  });
  const push = (api: TestServer, token: string, doc: Record<string, unknown>, assumed: unknown = null) =>
    api.call<{ error?: { code: string; message: string } }>('POST', '/v1/sync/attempts/push', {
      token,
      body: [{ assumedMasterState: assumed, newDocumentState: doc }],
    });
  const stored = async (api: TestServer) =>
    (await api.context.db.all<{ data: string }>("SELECT data FROM documents WHERE collection = 'attempts'")).map(
      (row) => JSON.parse(row.data) as Record<string, unknown>,
    );

  it('keeps every answer as written: never changed, never deleted, only in lessons the learner may open', async () => {
    const api = await server();
    const mei = await signUpAndIn(api, 'mei@example.com');
    const first = attempt(mei);
    expect((await push(api, mei.accessToken, first)).status).toBe(200);
    // A retry of the same answer (a flaky connection) is harmless.
    expect((await push(api, mei.accessToken, { ...first, updatedAt: 2_000 }, first)).status).toBe(200);

    // Changing or deleting an answer is refused, and stores nothing.
    for (const change of [{ correct: false }, { answer: { type: 'single', optionId: 'b' } }, { _deleted: true }]) {
      const refused = await push(api, mei.accessToken, { ...first, ...change, updatedAt: 3_000 }, first);
      expect(refused.status, JSON.stringify(change)).toBe(403);
    }
    expect(await stored(api)).toMatchObject([{ id: first.id, correct: true, answer: { optionId: 'a' } }]);

    // A paid lesson that is not a free preview: only once the course is held.
    const paid = attempt(mei, { id: `attempt-${mei.userId}-2`, lessonId: 'algo-l3' });
    expect((await push(api, mei.accessToken, paid)).status).toBe(403);
    const order = await api.call<{ checkoutUrl: string }>('POST', '/v1/orders', {
      token: mei.accessToken,
      body: { courseIds: ['algorithms-intro'] },
    });
    await fetch(`${order.body.checkoutUrl}/pay`, { method: 'POST' });
    expect((await push(api, mei.accessToken, paid)).status).toBe(200);

    // A lesson of another course, or someone else's answer, is refused.
    const other = await signUpAndIn(api, 'other@example.com');
    expect((await push(api, mei.accessToken, attempt(mei, { id: 'x-3', lessonId: 'py-l1' }))).status).toBe(403);
    expect((await push(api, other.accessToken, attempt(mei, { id: 'x-4' }))).status).toBe(403);
    expect((await push(api, other.accessToken, { ...first, userId: other.userId }, first)).status).toBe(403);
    expect((await stored(api)).map((doc) => doc.id).sort()).toEqual([first.id, paid.id].sort());

    // Each learner pulls only their own answers.
    const pulled = await api.call<{ documents: { id: string }[] }>('GET', '/v1/sync/attempts/pull?seq=0&limit=50', {
      token: other.accessToken,
    });
    expect(pulled.body.documents).toEqual([]);
  });
});
