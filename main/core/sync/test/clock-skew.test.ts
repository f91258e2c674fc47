import { describe, expect, it } from 'vitest';
import type { NoteDoc, RatingDoc } from '../../../../common/collections/index.js';
import { useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
const HOUR_MINUTES = 60;

describe('devices whose clocks are hours off', () => {
  it('stamp their changes in server time, so the change made last wins a conflict, not the fastest clock', async () => {
    const server = await restartableServer(newDir());
    cleanups.push(() => server.stop());
    // One laptop runs five hours fast, the other three hours slow.
    const fast = await spawnDevice(newDir(), server.url, 'Fast', {
      ZHIKU_TEST_CLOCK_SKEW_MINUTES: String(5 * HOUR_MINUTES),
    });
    cleanups.push(() => fast.close());
    const slow = await spawnDevice(newDir(), server.url, 'Slow', {
      ZHIKU_TEST_CLOCK_SKEW_MINUTES: String(-3 * HOUR_MINUTES),
    });
    cleanups.push(() => slow.close());
    await fast.call('signUp', { email: 'clock@example.com', password: 'correct horse battery', displayName: '钟' });
    await slow.call('signIn', { email: 'clock@example.com', password: 'correct horse battery' });
    await eventually(
      async () => (await slow.call<number>('showCatalogue')) > 40 && (await fast.call<number>('showCatalogue')) > 40,
    );

    // A note written on the fast laptop carries the server's time, not five hours ahead.
    await fast.call('invoke', 'notes.save', {
      lessonId: 'type-l1',
      kind: 'note',
      anchor: { type: 'time', start: 1 },
      body: '准时',
    });
    await fast.call('awaitInSync');
    const note = JSON.parse(
      (await server.server.context.db.get<{ data: string }>("SELECT data FROM documents WHERE collection = 'notes'"))!
        .data,
    ) as NoteDoc;
    const stampError = Math.abs(note.updatedAt - Date.now());
    expect(stampError).toBeLessThan(60_000);

    // Both go offline and rate the same course; the slow laptop rates last (in real time).
    await server.stop();
    await fast.call('invoke', 'ratings.save', { courseId: 'typography-screens', stars: 2, review: '先写的' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await slow.call('invoke', 'ratings.save', { courseId: 'typography-screens', stars: 5, review: '后写的' });
    // Offline, each keeps using the offset it measured.
    const fastRating = (await fast.call<RatingDoc[]>('find', 'ratings'))[0]!;
    const slowRating = (await slow.call<RatingDoc[]>('find', 'ratings'))[0]!;
    expect(slowRating.updatedAt).toBeGreaterThan(fastRating.updatedAt);

    // Back online: the fast laptop pushes first; the slow one meets a conflict, and the later rating wins everywhere.
    await server.start();
    await fast.call('resync');
    await fast.call('awaitInSync');
    await slow.call('resync');
    await slow.call('awaitInSync');
    await fast.call('resync');
    await eventually(async () => (await fast.call<RatingDoc[]>('find', 'ratings'))[0]?.stars === 5, 30_000);
    expect((await slow.call<RatingDoc[]>('find', 'ratings'))[0]?.stars).toBe(5);
    const stored = JSON.parse(
      (await server.server.context.db.get<{ data: string }>("SELECT data FROM documents WHERE collection = 'ratings'"))!
        .data,
    ) as RatingDoc;
    expect([stored.stars, stored.review]).toEqual([5, '后写的']);
    console.warn(
      `clocks +5 h and −3 h: stamps within ${stampError} ms of server time; the later rating (★5) won the conflict`,
    );
  }, 120_000);
});
