import { describe, expect, it } from 'vitest';
import type { EntitlementDoc } from '../../../common/collections/index.js';
import type { MyMemberships } from '../../../common/contract/memberships.js';
import { useCleanups, useTempDirs } from '../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice } from '../sync/test/sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
const DAY = 86_400_000;

async function http<T>(url: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as T;
}

describe('a membership on a learner’s laptop', () => {
  it('cancelled at period end, keeps its courses offline until the end, then closes them without going online', async () => {
    const server = await restartableServer(newDir(), {
      ZHIKU_PAYMENTS: 'test',
      ZHIKU_ADMIN_EMAILS: 'boss@zhiku.example',
    });
    cleanups.push(() => server.stop());
    // The platform sells a monthly membership to every course.
    const account = {
      email: 'boss@zhiku.example',
      password: 'correct horse battery',
      displayName: 'Boss',
      role: 'learner',
    };
    await http(server.url, '/v1/auth/register', account);
    const boss = await http<{ accessToken: string }>(server.url, '/v1/auth/login', {
      email: account.email,
      password: account.password,
      device: { installId: 'install-boss-test', name: 'Desk', platform: 'linux' },
    });
    const { plan } = await http<{ plan: { id: string } }>(
      server.url,
      '/v1/creator/plans',
      {
        title: { zh: '全站会员', en: 'All of Zhiku' },
        scope: 'all',
        interval: 'month',
        priceAmount: 3_000,
        currency: 'CNY',
      },
      boss.accessToken,
    );

    const laptop = await spawnDevice(newDir(), server.url, 'Laptop');
    cleanups.push(() => laptop.close());
    await laptop.call('signUp', { email: 'mei@example.com', password: 'correct horse battery', displayName: 'Mei' });
    await eventually(async () => (await laptop.call<number>('showCatalogue')) > 40);
    // A long offline grace, so what closes the course below is the membership's end, nothing else.
    await laptop.call('invoke', 'settings.update', { offlineGraceDays: 90 });
    await laptop.call('download', 'algo-l1');
    // Not hers yet: the paid lesson does not download.
    await expect(laptop.call('download', 'algo-l3')).rejects.toThrow();

    const started = await laptop.call<{ checkoutUrl: string }>('invoke', 'memberships.subscribe', { planId: plan.id });
    expect(await (await fetch(`${started.checkoutUrl}/subscribe`, { method: 'POST' })).text()).toContain('processed');
    const membershipDoc = async () =>
      (await laptop.call<EntitlementDoc[]>('find', 'entitlements', { selector: { source: 'membership' } }))[0];
    await eventually(async () => {
      await laptop.call('resync');
      return (await membershipDoc())?.renews === true;
    });
    await laptop.call('download', 'algo-l3');
    expect((await laptop.call<string>('read', 'algo-l3', 0, 15)).length).toBeGreaterThan(0);

    // Cancelled at period end while online; then the laptop goes offline for good.
    const mine = await laptop.call<MyMemberships>('invoke', 'memberships.mine', {});
    const membership = mine.memberships[0]!;
    await laptop.call('invoke', 'memberships.cancel', { membershipId: membership.id });
    await eventually(async () => {
      await laptop.call('resync');
      return (await membershipDoc())?.renews === false;
    });
    const { validUntil } = (await membershipDoc())!;
    expect(validUntil).toBe(membership.paidThrough);
    await server.stop();

    // Offline, still inside the paid month: the course reads.
    const daysLeft = Math.floor((validUntil! - Date.now()) / DAY);
    await laptop.call('advanceClock', daysLeft - 1);
    expect((await laptop.call<string>('read', 'algo-l3', 0, 15)).length).toBeGreaterThan(0);
    // The end passes while it is offline: the course closes (its offline grace has weeks left); free previews stay.
    await laptop.call('advanceClock', 2);
    await expect(laptop.call('read', 'algo-l3', 0, 15)).rejects.toThrow(/do not own/);
    expect(await laptop.call<{ state: string }>('offlineAccess')).toMatchObject({ state: 'ok' });
    expect((await laptop.call<string>('read', 'algo-l1', 0, 15)).length).toBeGreaterThan(0);
  });
});
