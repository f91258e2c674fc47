import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PULL_PAGE_LIMIT } from '../../../../common/server-api/replication.js';
import type { CourseList } from '../../../../common/contract/catalog.js';
import {
  countingProxy,
  eventually,
  restartableServer,
  seedPublicCatalogue,
  spawnDevice,
  type Device,
  grantCourses,
  registerLearner,
} from './sync-harness.js';

const SIZE = { courses: 3_000, lessons: 30_000, reviews: 10_000 };
/** What a device replicates: course summaries and the held courses' lessons; reviews stay on the server until a course is shown. */
const COLLECTIONS = ['courses', 'lessons'] as const;
/** The learner holds every third course: 10,000 of the lessons are theirs. */
const HELD = Array.from({ length: SIZE.courses / 3 }, (_, i) => `course-${i * 3}`);
const HELD_LESSONS = SIZE.lessons / 3;
const TOTAL = SIZE.courses + HELD_LESSONS;
const LEARNER = { email: 'resume@example.com', password: 'correct horse battery', displayName: 'Resume' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stored(device: Device): Promise<number[]> {
  return Promise.all(COLLECTIONS.map((name) => device.call<number>('count', name)));
}

describe('a first sync killed halfway', () => {
  it('continues where it stopped: at most two pages per collection are downloaded again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiku-resume-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await restartableServer(join(dir, 'server'), { ZHIKU_DEMO_CATALOG: 'off' });
    cleanups.push(() => server.stop());
    await seedPublicCatalogue(server.server.context.db, SIZE);
    const userId = await registerLearner(server, LEARNER);
    await grantCourses(server, userId, HELD);
    const proxy = await countingProxy(server.url);
    cleanups.push(() => proxy.close());

    const first = await spawnDevice(join(dir, 'device'), proxy.url, 'Laptop');
    cleanups.push(() => first.kill());
    await first.call('signIn', { email: LEARNER.email, password: LEARNER.password });
    // Killed (SIGKILL: nothing flushed) once about a third of the catalogue is stored.
    await eventually(async () => (await stored(first)).reduce((a, b) => a + b, 0) >= TOTAL / 3, 60_000);
    await first.kill();
    const pulledBeforeKill = proxy.pulled();
    expect(pulledBeforeKill).toBeLessThan(TOTAL);

    const again = await spawnDevice(join(dir, 'device'), proxy.url, 'Laptop');
    cleanups.push(() => again.close());
    await again.call('awaitInSync');
    expect(await stored(again)).toEqual([SIZE.courses, HELD_LESSONS]);
    expect(await again.call<number>('count', 'reviews')).toBe(0);
    // Downloaded twice: what was pulled but not yet stored when the process died. The entitlements
    // came with it (the learner's own), and the held courses' summaries, first and with the catalogue.
    const downloadedAgain = proxy.pulled() - TOTAL - 2 * HELD.length;
    expect(downloadedAgain).toBeGreaterThanOrEqual(0);
    // Two pages at most per replication: courses (whole, and held), lessons, entitlements.
    expect(downloadedAgain).toBeLessThanOrEqual(2 * PULL_PAGE_LIMIT * (COLLECTIONS.length + 2));
  }, 120_000);

  it('shows the newest courses on the storefront from the first page stored, before the rest has come', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiku-newest-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await restartableServer(join(dir, 'server'), { ZHIKU_DEMO_CATALOG: 'off' });
    cleanups.push(() => server.stop());
    const courses = 20_000;
    await seedPublicCatalogue(server.server.context.db, { courses, lessons: 0, reviews: 0 });

    const device = await spawnDevice(join(dir, 'device'), server.url, 'Laptop');
    cleanups.push(() => device.close());
    await eventually(async () => (await device.call<number>('count', 'courses')) > 0, 60_000);
    const page = await device.call<CourseList>('watchOnce', 'catalog.watchCourses', { sort: 'newest', limit: 24 });
    // Newest first (seeded with growing updatedAt): the last 24 courses, while most are still to come.
    expect(page.total).toBeLessThan(courses);
    expect(page.courses.map((course) => course.id)).toEqual(
      Array.from({ length: 24 }, (_, n) => `course-${courses - 1 - n}`),
    );
    await device.call('awaitInSync');
    expect(await device.call<number>('count', 'courses')).toBe(courses);
  }, 120_000);
});
