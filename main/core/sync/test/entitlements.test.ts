import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntitlementDoc } from '../../../../common/collections/index.js';
import type { DownloadItem, DownloadsView } from '../../../../common/contract/downloads.js';
import { useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { eventually, grantCourses, restartableServer, seedPublicCatalogue, spawnDevice } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

describe('an entitlement granted on the server', () => {
  it('reaches a running device, unlocks downloads without a restart, and its revocation removes them', async () => {
    const server = await restartableServer(newDir());
    cleanups.push(() => server.stop());
    const dataDir = newDir();
    const device = await spawnDevice(dataDir, server.url, 'Laptop');
    cleanups.push(() => device.close());
    await device.call('signUp', {
      email: 'owner@example.com',
      password: 'correct horse battery',
      displayName: 'Owner',
    });
    const userId = await device.call<string>('userId');
    await eventually(async () => (await device.call<number>('showCatalogue')) > 40);

    // Not owned yet: the paid lesson cannot be downloaded; a free preview of the same course can.
    await expect(device.call('download', 'algo-l3')).rejects.toThrow(/do not own/);
    expect(await device.call<DownloadItem>('download', 'algo-l2')).toMatchObject({ status: 'complete' });

    // An administrator grants the course; the device hears of it through the event stream.
    const api = server.server;
    await fetch(`${server.url}/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'correct horse battery', displayName: 'Admin' }),
    });
    const signIn = () =>
      fetch(`${server.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'admin@example.com',
          password: 'correct horse battery',
          device: { installId: 'admin-install-0000001', name: 'Admin', platform: 'linux' },
        }),
      }).then((r) => r.json() as Promise<{ accessToken: string; user: { id: string } }>);
    await api.context.auth.setRole((await signIn()).user.id, 'admin');
    const login = await signIn();
    const grant = (path: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
        body: JSON.stringify({ userId, courseId: 'algorithms-intro' }),
      });
    expect((await grant('/v1/admin/entitlements')).status).toBe(201);
    await eventually(async () => (await device.call<EntitlementDoc[]>('find', 'entitlements')).length === 1);

    expect(await device.call<DownloadItem>('download', 'algo-l3')).toMatchObject({ status: 'complete' });
    expect(await device.call<DownloadItem>('download', 'algo-l4')).toMatchObject({ status: 'complete' });
    expect((await device.call<DownloadsView>('downloads')).items).toHaveLength(3);
    const audio = Buffer.from(await device.call<string>('read', 'algo-l4', 0, 99), 'base64');
    expect(audio.length).toBe(100);

    // Offline for a long time: owned content stays readable through the grace period, with a warning near its end…
    await server.stop();
    await device.call('advanceClock', 28);
    expect(await device.call('offlineAccess')).toMatchObject({ state: 'expires-soon', daysLeft: 2, graceDays: 30 });
    expect(Buffer.from(await device.call<string>('read', 'algo-l4', 0, 99), 'base64').equals(audio)).toBe(true);
    // …then asks to go online once; free previews stay open.
    await device.call('advanceClock', 3);
    expect(await device.call('offlineAccess')).toMatchObject({ state: 'go-online', daysLeft: 0 });
    await expect(device.call('read', 'algo-l4', 0, 99)).rejects.toThrow(/Connect to the internet/);
    expect(Buffer.from(await device.call<string>('read', 'algo-l2', 0, 9), 'base64')).toHaveLength(10);
    // Back online once: readable again.
    await server.start();
    await device.call('resync');
    await eventually(async () => (await device.call<{ state: string }>('offlineAccess')).state === 'ok');
    expect(Buffer.from(await device.call<string>('read', 'algo-l4', 0, 99), 'base64').equals(audio)).toBe(true);

    // Revoked (a refund): the paid downloads go; the free preview stays.
    expect((await grant('/v1/admin/entitlements/revoke')).status).toBe(200);
    await eventually(async () => (await device.call<DownloadsView>('downloads')).items.length === 1);
    expect((await device.call<DownloadsView>('downloads')).items.map((i) => i.lessonId)).toEqual(['algo-l2']);
    expect(readdirSync(join(dataDir, 'content'))).toHaveLength(1);
  }, 60_000);

  it('bought with the test checkout from the app, unlocks by itself when the payment syncs', async () => {
    const server = await restartableServer(newDir());
    cleanups.push(() => server.stop());
    const device = await spawnDevice(newDir(), server.url, 'Laptop');
    cleanups.push(() => device.close());
    await device.call('signUp', {
      email: 'shopper@example.com',
      password: 'correct horse battery',
      displayName: 'Shopper',
    });
    await eventually(async () => (await device.call<number>('showCatalogue')) > 40);

    const started = await device.call<{ orderId: string; checkoutUrl: string; testMode: boolean }>('checkout', {
      courseIds: ['python-data'],
    });
    expect(started.testMode).toBe(true);
    await eventually(async () =>
      (await device.call<{ status: string }[]>('find', 'orders')).some((o) => o.status === 'pending'),
    );
    await expect(device.call('download', 'py-l3')).rejects.toThrow(/do not own/);

    // The learner pays in the browser; the device hears of it by itself.
    expect((await fetch(`${started.checkoutUrl}/pay`, { method: 'POST' })).status).toBe(200);
    await eventually(async () =>
      (await device.call<{ courseId: string }[]>('find', 'entitlements')).some((e) => e.courseId === 'python-data'),
    );
    expect(await device.call<{ status: string }[]>('find', 'orders')).toMatchObject([{ status: 'paid' }]);
    expect(await device.call<DownloadItem>('download', 'py-l3')).toMatchObject({ status: 'complete' });
    await expect(device.call('checkout', { courseIds: ['python-data'] })).rejects.toThrow(/CONFLICT|already own/);
  }, 60_000);

  it('bought after the device passed their lessons, many courses at once: every older lesson arrives over several pages, and sync goes on', async () => {
    const server = await restartableServer(newDir(), { ZHIKU_DEMO_CATALOG: 'off' });
    cleanups.push(() => server.stop());
    // 15 lessons per course; every lesson is newer than every course.
    await seedPublicCatalogue(server.server.context.db, { courses: 200, lessons: 3000, reviews: 0 });
    const device = await spawnDevice(newDir(), server.url, 'Laptop');
    cleanups.push(() => device.close());
    await device.call('signUp', { email: 'buyer@example.com', password: 'correct horse battery', displayName: 'B' });
    const userId = await device.call<string>('userId');
    const grant = (courseIds: string[]) => grantCourses(server, userId, courseIds);
    const lessons = () => device.call<number>('count', 'lessons');

    // The course whose lessons are the newest first: the device's lesson checkpoint passes all others'.
    await grant(['course-199']);
    await eventually(async () => (await lessons()) === 15);
    // Then 100 older courses at once (1,500 lessons: a fill of two pages), then one more.
    await grant(Array.from({ length: 100 }, (_, n) => `course-${n}`));
    await eventually(async () => (await lessons()) === 15 * 101, 30_000);
    await grant(['course-150']);
    await eventually(async () => (await lessons()) === 15 * 102, 30_000);
    await device.call('awaitInSync');
    expect((await device.call<{ error?: string }>('syncStatus')).error).toBeUndefined();
  }, 90_000);
});
