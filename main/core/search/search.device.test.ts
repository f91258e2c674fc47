import { describe, expect, it } from 'vitest';
import type { SearchResults } from '../../../common/contract/search.js';
import { useCleanups, useTempDirs } from '../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice } from '../sync/test/sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

describe('search on a device', () => {
  it('finds synced courses in Chinese and English and the text of downloaded lessons', async () => {
    const server = await restartableServer(newDir());
    cleanups.push(() => server.stop());
    const device = await spawnDevice(newDir(), server.url, 'Laptop');
    cleanups.push(() => device.close());
    const search = (text: string) => device.call<SearchResults>('invoke', 'search.query', { text });

    await eventually(async () => (await search('算法')).courses.length > 0);
    const results = await search('算法');
    expect(results.courses[0]).toMatchObject({ courseId: 'algorithms-intro', titleHighlights: { zh: [[0, 2]] } });
    expect(results.lessons.map((hit) => hit.lessonId)).toContain('algo-l1');
    expect((await search('dynamic prog')).courses.map((hit) => hit.courseId)).toContain('algorithms-intro');

    // 二分查找 appears only in the body of the free lesson algo-l1: found once it is downloaded
    // (from its course's page, as a learner who holds nothing downloads a free preview).
    await device.call('showCatalogue');
    expect((await search('二分查找')).lessons).toEqual([]);
    await device.call('download', 'algo-l1');
    await eventually(async () => (await search('二分查找')).lessons.length > 0);
    const [hit] = (await search('二分查找')).lessons;
    expect(hit).toMatchObject({ lessonId: 'algo-l1', courseId: 'algorithms-intro' });
    const [start, end] = hit!.snippet!.highlights[0]!;
    expect(hit!.snippet!.text.slice(start, end)).toBe('二分查找');

    await device.call('removeDownload', 'algo-l1');
    await eventually(async () => (await search('二分查找')).lessons.length === 0);
    await expect(device.call('invoke', 'search.query', { text: 'x'.repeat(201) })).rejects.toThrow(/200 characters/);
  });

  it('finds lessons of courses the device does not hold through the server, and its own alone offline', async () => {
    const server = await restartableServer(newDir());
    cleanups.push(() => server.stop());
    const device = await spawnDevice(newDir(), server.url, 'Laptop');
    cleanups.push(() => device.close());
    const search = (text: string) => device.call<SearchResults>('invoke', 'search.query', { text });
    await eventually(async () => (await search('算法')).courses.length > 0);
    // Signed out, the device holds no lessons: algo-l1's title comes from the server's index.
    expect(await device.call('findLesson', 'algo-l1')).toBeNull();
    const online = await search('算法');
    const remoteHit = online.lessons.find((hit) => hit.lessonId === 'algo-l1');
    expect(remoteHit).toMatchObject({ courseId: 'algorithms-intro', snippet: null });
    // Highlights are computed on the device for the server's hits too.
    expect(remoteHit!.titleHighlights.zh.length + remoteHit!.titleHighlights.en.length).toBeGreaterThan(0);

    await server.stop();
    const started = Date.now();
    const offline = await search('算法');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(offline.courses.map((hit) => hit.courseId)).toContain('algorithms-intro');
    expect(offline.lessons).toEqual([]);

    // Courses shown while online keep their lessons findable offline (indexed from the page's cache).
    await server.start();
    await eventually(async () => (await device.call<number>('showCatalogue')) > 40);
    await server.stop();
    await eventually(async () =>
      (await search('算法')).lessons.some((hit) => hit.lessonId === 'algo-l1' && hit.courseId === 'algorithms-intro'),
    );
  });
});
