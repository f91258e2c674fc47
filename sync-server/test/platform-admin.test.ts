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

describe.each(BACKENDS)('the platform admin screen’s API on %s', (backend) => {
  const newDir = useTempDirs();
  const server = backendServers(backend, newDir);
  async function adminOf(api: TestServer): Promise<Session> {
    const boss = await signUpAndIn(api, 'boss@zhiku.example');
    await api.context.auth.setRole(boss.userId, 'admin');
    return boss;
  }

  it('shows the payments mode, finds users by a part of their address or name, and refuses everyone else', async () => {
    const api = await server();
    const admin = await adminOf(api);
    const mei = await signUpAndIn(api, 'mei.wang@example.com');
    await signUpAndIn(api, 'lin_li@example.com');
    await signUpAndIn(api, 'linxli@example.com');

    const overview = await api.call<{ paymentsMode: string; users: number }>('GET', '/v1/admin/overview', {
      token: admin.accessToken,
    });
    expect(overview).toMatchObject({ status: 200, body: { paymentsMode: 'test', users: 4 } });

    const found = await api.call<{ users: { email: string; role: string }[]; total: number }>(
      'GET',
      '/v1/admin/users?query=MEI',
      { token: admin.accessToken },
    );
    expect(found.body.total).toBe(1);
    expect(found.body.users).toMatchObject([{ email: 'mei.wang@example.com', role: 'learner', emailVerified: false }]);
    // An underscore is a character to find, not a wildcard.
    const literal = await api.call<{ users: { email: string }[] }>('GET', '/v1/admin/users?query=lin_', {
      token: admin.accessToken,
    });
    expect(literal.body.users.map((u) => u.email)).toEqual(['lin_li@example.com']);
    const page = await api.call<{ users: unknown[]; total: number }>('GET', '/v1/admin/users?limit=2', {
      token: admin.accessToken,
    });
    expect([page.body.users.length, page.body.total]).toEqual([2, 4]);
    expect((await api.call('GET', '/v1/admin/users?limit=0', { token: admin.accessToken })).status).toBe(400);
    expect((await api.call('GET', '/v1/admin/users?role=admin', { token: admin.accessToken })).status).toBe(400);

    for (const path of [
      '/v1/admin/overview',
      '/v1/admin/users',
      '/v1/admin/organizations',
      '/v1/admin/seat-pools',
      '/v1/admin/orders',
    ]) {
      expect((await api.call('GET', path, { token: mei.accessToken })).status, path).toBe(403);
      expect((await api.call('GET', path)).status, path).toBe(401);
    }
  });

  it('creates an organization whose administrator joins only by accepting, and lists it with its seat pools', async () => {
    const api = await server();
    const admin = await adminOf(api);
    const head = await signUpAndIn(api, 'head@school.example');
    const create = (body: unknown, token = admin.accessToken) =>
      api.call<{ organization: { id: string }; invitationId: string }>('POST', '/v1/admin/organizations', {
        token,
        body,
      });

    expect((await create({ name: '北京第一中学', adminEmail: 'head@school.example' }, head.accessToken)).status).toBe(
      403,
    );
    expect((await create({ name: '', adminEmail: 'head@school.example' })).status).toBe(400);
    expect((await create({ name: '北京第一中学', adminEmail: 'nobody@school.example' })).status).toBe(404);
    const created = await create({ name: '北京第一中学', adminEmail: 'HEAD@school.example' });
    expect(created.status).toBe(201);
    expect((await create({ name: '北京第一中学', adminEmail: 'head@school.example' })).status).toBe(409);

    // Not a member until they accept; then an admin of it.
    const listed = async () =>
      (
        await api.call<{ organizations: { name: string; members: number; invited: number; admins: unknown[] }[] }>(
          'GET',
          '/v1/admin/organizations',
          { token: admin.accessToken },
        )
      ).body.organizations;
    expect(await listed()).toMatchObject([{ name: '北京第一中学', members: 0, invited: 1, admins: [] }]);
    const invitations = await api.call<{ invitations: { id: string; role: string }[] }>(
      'GET',
      '/v1/organizations/invitations',
      { token: head.accessToken },
    );
    expect(invitations.body.invitations).toMatchObject([{ id: created.body.invitationId, role: 'admin' }]);
    await api.call('POST', `/v1/organizations/invitations/${created.body.invitationId}/accept`, {
      token: head.accessToken,
      body: {},
    });
    expect(await listed()).toMatchObject([{ members: 1, invited: 0, admins: [{ email: 'head@school.example' }] }]);

    const pool = await api.call<{ poolId: string }>('POST', '/v1/admin/seat-pools', {
      token: admin.accessToken,
      body: { institution: '北京第一中学', managerId: head.userId, courseId: 'python-data', seats: 30 },
    });
    expect(pool.status).toBe(201);
    const pools = await api.call<{ pools: { courseTitle: { en: string } }[] }>('GET', '/v1/admin/seat-pools', {
      token: admin.accessToken,
    });
    expect(pools.body.pools[0]!.courseTitle.en).not.toBe('python-data');
    expect(pools.body.pools).toMatchObject([
      {
        poolId: pool.body.poolId,
        courseId: 'python-data',
        seatsTotal: 30,
        seatsUsed: 0,
        manager: { email: 'head@school.example' },
      },
    ]);
  });

  it('finds orders by buyer or id, with their courses, and shows a refund once it is made', async () => {
    const api = await server();
    const admin = await adminOf(api);
    const buyer = await signUpAndIn(api, 'buyer@example.com');
    const created = await api.call<{ orderId: string; checkoutUrl: string }>('POST', '/v1/orders', {
      token: buyer.accessToken,
      body: { courseIds: ['python-data', 'algorithms-intro'] },
    });
    await fetch(`${created.body.checkoutUrl}/pay`, { method: 'POST' });
    type Listed = {
      orders: { id: string; status: string; buyer: { email: string }; lines: { refunded: boolean }[] }[];
    };
    const byBuyer = await api.call<Listed>('GET', '/v1/admin/orders?query=buyer@', { token: admin.accessToken });
    expect(byBuyer.body.orders).toMatchObject([
      { id: created.body.orderId, status: 'paid', testMode: true, buyer: { email: 'buyer@example.com' } },
    ]);
    expect(byBuyer.body.orders[0]!.lines).toHaveLength(2);
    const byId = await api.call<Listed>('GET', `/v1/admin/orders?query=${created.body.orderId.slice(-8)}`, {
      token: admin.accessToken,
    });
    expect(byId.body.orders.map((o) => o.id)).toEqual([created.body.orderId]);
    expect(
      (await api.call<Listed>('GET', '/v1/admin/orders?query=nobody', { token: admin.accessToken })).body.orders,
    ).toEqual([]);

    await api.call('POST', `/v1/admin/orders/${created.body.orderId}/refund`, {
      token: admin.accessToken,
      body: { courseIds: ['python-data'] },
    });
    const after = await api.call<Listed>('GET', '/v1/admin/orders', { token: admin.accessToken });
    expect(after.body.orders[0]).toMatchObject({ status: 'partially_refunded' });
    expect(after.body.orders[0]!.lines.map((l) => l.refunded).sort()).toEqual([false, true]);
  });
});
