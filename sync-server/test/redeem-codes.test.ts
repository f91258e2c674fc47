import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import {
  BACKENDS,
  backendEnv,
  signUpAndIn,
  startTestServer,
  stopSharedPostgres,
  type TestServer,
} from './server-harness.js';

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
    const pool = await api.call<{ poolId: string }>('POST', '/v1/admin/seat-pools', {
      token: admin.accessToken,
      body: { institution: '北京实验学校', managerId: manager.userId, courseId: 'algorithms-intro', seats },
    });
    expect(pool.status).toBe(201);
    const codes = (maxUses: number, extra: object = {}) =>
      api
        .call<{ codes: string[] }>('POST', `/v1/seat-pools/${pool.body.poolId}/codes`, {
          token: manager.accessToken,
          body: { count: 1, maxUses, ...extra },
        })
        .then((r) => r.body.codes[0]!);
    return { api, admin, manager, pool: pool.body.poolId, codes };
  }

  it('give the course, never beyond the code’s uses, even when many learners redeem at once', async () => {
    const { api, codes } = await setup(100);
    const code = await codes(3);
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const learners = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signUpAndIn(api, `student${i}@school.example`)),
    );
    const results = await Promise.all(
      learners.map((learner) =>
        api.call('POST', '/v1/redeem', { token: learner.accessToken, body: { code: code.toLowerCase() } }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect(
      await api.context.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM documents WHERE collection = 'entitlements'"),
    ).toEqual({ n: 3 });
    const winner = learners[results.findIndex((r) => r.status === 200)]!;
    const pulled = await api.call<{ documents: { courseId: string; source: string }[] }>(
      'GET',
      '/v1/sync/entitlements/pull',
      { token: winner.accessToken },
    );
    expect(pulled.body.documents).toMatchObject([{ courseId: 'algorithms-intro', source: 'redeem' }]);
  });

  it('stop at the pool’s seats, refuse a second redemption by the same learner, and expired codes', async () => {
    const { api, manager, codes } = await setup(2);
    const code = await codes(10);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => signUpAndIn(api, `${n}@school.example`)));
    expect((await api.call('POST', '/v1/redeem', { token: a!.accessToken, body: { code } })).status).toBe(200);
    expect((await api.call('POST', '/v1/redeem', { token: a!.accessToken, body: { code } })).status).toBe(409);
    expect((await api.call('POST', '/v1/redeem', { token: b!.accessToken, body: { code } })).status).toBe(200);
    expect(
      (await api.call<{ error: { message: string } }>('POST', '/v1/redeem', { token: c!.accessToken, body: { code } }))
        .body.error.message,
    ).toMatch(/no seats left/);

    const expired = await codes(5, { expiresAt: Date.now() - 1000 });
    expect((await api.call('POST', '/v1/redeem', { token: c!.accessToken, body: { code: expired } })).status).toBe(400);
    expect(
      (await api.call('POST', '/v1/redeem', { token: c!.accessToken, body: { code: 'NOPE-NOPE-NOPE' } })).status,
    ).toBe(404);
    // Only the pool's manager makes codes.
    expect(
      (
        await api.call('POST', `/v1/seat-pools/pool_unknown/codes`, {
          token: manager.accessToken,
          body: { count: 1, maxUses: 1 },
        })
      ).status,
    ).toBe(404);
    expect(
      await api.context.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM documents WHERE collection = 'entitlements'"),
    ).toEqual({ n: 2 });
  });

  it('move a seat from a learner who left to another, once even when two moves race, the pool count unchanged', async () => {
    const { api, manager, pool, codes } = await setup(1);
    const code = await codes(1);
    const [leaver, b, c] = await Promise.all(
      ['leaver', 'b', 'c'].map((name) => signUpAndIn(api, `${name}@school.example`)),
    );
    expect((await api.call('POST', '/v1/redeem', { token: leaver!.accessToken, body: { code } })).status).toBe(200);
    const move = (to: string, token = manager.accessToken) =>
      api.call('POST', `/v1/seat-pools/${pool}/reassign`, {
        token,
        body: { fromUserId: leaver!.userId, toUserId: to },
      });
    const [first, second] = await Promise.all([move(b!.userId), move(c!.userId)]);
    // The loser finds the seat gone: before it looked (404) or under its feet (409).
    expect([first.status, second.status].filter((status) => status === 200)).toHaveLength(1);
    expect([404, 409]).toContain(first.status === 200 ? second.status : first.status);
    const winner = first.status === 200 ? b! : c!;
    const entitlement = async (session: typeof b) =>
      (
        await api.call<{ documents: { courseId: string; revokedAt?: number }[] }>('GET', '/v1/sync/entitlements/pull', {
          token: session!.accessToken,
        })
      ).body.documents[0];
    expect(await entitlement(winner)).toMatchObject({ courseId: 'algorithms-intro' });
    expect((await entitlement(winner))!.revokedAt).toBeUndefined();
    expect((await entitlement(leaver))!.revokedAt).toBeGreaterThan(0);
    expect(
      await api.context.db.get<{ n: number }>('SELECT seats_used AS n FROM seat_pools WHERE id = ?', [pool]),
    ).toEqual({ n: 1 });
    // The manager sees who holds the seat now.
    const mine = await api.call<{
      pools: { poolId: string; seatsUsed: number; seatsTotal: number; holders: { userId: string }[] }[];
    }>('GET', '/v1/seat-pools/mine', { token: manager.accessToken });
    expect(mine.body.pools).toMatchObject([
      { poolId: pool, seatsUsed: 1, seatsTotal: 1, holders: [{ userId: winner.userId }] },
    ]);
    // The seat is gone from the leaver; a learner cannot move seats; nor can the seat land on its holder.
    expect((await move(b!.userId)).status).toBe(404);
    expect(
      (
        await api.call('POST', `/v1/seat-pools/${pool}/reassign`, {
          token: winner.accessToken,
          body: { fromUserId: winner.userId, toUserId: leaver!.userId },
        })
      ).status,
    ).toBe(404);
  });
});
