import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import { BACKENDS, backendEnv, signUpAndIn, startTestServer, stopSharedPostgres, type TestServer } from './server-harness.js';

const newDir = useTempDirs();
afterAll(stopSharedPostgres, 60_000);

describe.each(BACKENDS)('redeem codes on %s', (backend) => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  async function setup(seats: number) {
    const api = await startTestServer(newDir(), { ...(await backendEnv(backend)), ZHIKU_MAX_DEVICES: '50' });
    servers.push(api);
    const admin = await signUpAndIn(api, 'admin@example.com');
    await api.context.auth.setRole(admin.userId, 'admin');
    const manager = await signUpAndIn(api, 'it@school.example');
    const pool = await api.call<{ poolId: string }>('POST', '/v1/admin/seat-pools', { token: admin.accessToken, body: { institution: '北京实验学校', managerId: manager.userId, courseId: 'algorithms-intro', seats } });
    expect(pool.status).toBe(201);
    const codes = (maxUses: number, extra: object = {}) =>
      api.call<{ codes: string[] }>('POST', `/v1/seat-pools/${pool.body.poolId}/codes`, { token: manager.accessToken, body: { count: 1, maxUses, ...extra } }).then((r) => r.body.codes[0]!);
    return { api, admin, manager, pool: pool.body.poolId, codes };
  }

  it('give the course, never beyond the code’s uses, even when many learners redeem at once', async () => {
    const { api, codes } = await setup(100);
    const code = await codes(3);
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const learners = await Promise.all(Array.from({ length: 10 }, (_, i) => signUpAndIn(api, `student${i}@school.example`)));
    const results = await Promise.all(learners.map((learner) => api.call('POST', '/v1/redeem', { token: learner.accessToken, body: { code: code.toLowerCase() } })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect(await api.context.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM documents WHERE collection = 'entitlements'")).toEqual({ n: 3 });
    const winner = learners[results.findIndex((r) => r.status === 200)]!;
    const pulled = await api.call<{ documents: { courseId: string; source: string }[] }>('GET', '/v1/sync/entitlements/pull', { token: winner.accessToken });
    expect(pulled.body.documents).toMatchObject([{ courseId: 'algorithms-intro', source: 'redeem' }]);
  });

  it('stop at the pool’s seats, refuse a second redemption by the same learner, and expired codes', async () => {
    const { api, manager, codes } = await setup(2);
    const code = await codes(10);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => signUpAndIn(api, `${n}@school.example`)));
    expect((await api.call('POST', '/v1/redeem', { token: a!.accessToken, body: { code } })).status).toBe(200);
    expect((await api.call('POST', '/v1/redeem', { token: a!.accessToken, body: { code } })).status).toBe(409);
    expect((await api.call('POST', '/v1/redeem', { token: b!.accessToken, body: { code } })).status).toBe(200);
    expect((await api.call<{ error: { message: string } }>('POST', '/v1/redeem', { token: c!.accessToken, body: { code } })).body.error.message).toMatch(/no seats left/);

    const expired = await codes(5, { expiresAt: Date.now() - 1000 });
    expect((await api.call('POST', '/v1/redeem', { token: c!.accessToken, body: { code: expired } })).status).toBe(400);
    expect((await api.call('POST', '/v1/redeem', { token: c!.accessToken, body: { code: 'NOPE-NOPE-NOPE' } })).status).toBe(404);
    // Only the pool's manager makes codes.
    expect((await api.call('POST', `/v1/seat-pools/pool_unknown/codes`, { token: manager.accessToken, body: { count: 1, maxUses: 1 } })).status).toBe(404);
    expect(await api.context.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM documents WHERE collection = 'entitlements'")).toEqual({ n: 2 });
  });
});
