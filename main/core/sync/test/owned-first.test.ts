import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Library } from '../../../../common/contract/learning.js';
import {
  countingProxy,
  grantCourses,
  registerLearner,
  eventually,
  restartableServer,
  seedPublicCatalogue,
  spawnDevice,
} from './sync-harness.js';

const SIZE = { courses: 3_000, lessons: 6_000, reviews: 0 };
/** The learner owns the platform's oldest courses: a newest-first catalogue brings them last. */
const OWNED = ['course-0', 'course-1', 'course-2'];
/** seedPublicCatalogue spreads lessons over the courses in turn: two per course. */
const OWNED_LESSONS = OWNED.length * (SIZE.lessons / SIZE.courses);
const LEARNER = { email: 'owner@example.com', password: 'correct horse battery', displayName: 'Owner' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a new laptop', () => {
  it('has what its learner owns without waiting for the catalogue, however old those courses are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiku-owned-first-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await restartableServer(join(dir, 'server'), { ZHIKU_DEMO_CATALOG: 'off' });
    cleanups.push(() => server.stop());
    await seedPublicCatalogue(server.server.context.db, SIZE);
    const userId = await registerLearner(server, LEARNER);
    await grantCourses(server, userId, OWNED);
    // The whole catalogue's pull is stalled (a slow link, a platform's worth of courses to come).
    const proxy = await countingProxy(server.url, {
      holdBack: (url) => url.pathname === '/v1/sync/courses/pull' && url.searchParams.get('held') !== '1',
    });
    cleanups.push(() => proxy.close());

    const device = await spawnDevice(join(dir, 'device'), proxy.url, 'Laptop');
    cleanups.push(() => device.close());
    await device.call('signIn', { email: LEARNER.email, password: LEARNER.password });
    const library = () => device.call<Library>('watchOnce', 'library.watch', {});
    await eventually(async () => (await library()).courses.length === OWNED.length, 30_000);
    expect((await library()).courses.map((entry) => entry.course.id).sort()).toEqual(OWNED);
    expect(await device.call<number>('count', 'lessons')).toBe(OWNED_LESSONS);
    // Only the owned courses' summaries came: the catalogue's pulls are still waiting.
    expect(await device.call<number>('count', 'courses')).toBe(OWNED.length);
    expect(proxy.holding()).toBeGreaterThan(0);

    proxy.release();
    await device.call('awaitInSync');
    expect(await device.call<number>('count', 'courses')).toBe(SIZE.courses);
    expect((await library()).courses).toHaveLength(OWNED.length);
  }, 120_000);
});
