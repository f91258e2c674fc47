import { describe, expect, it } from 'vitest';
import type { NoteDoc, ProgressDoc, RatingDoc } from '../../../../common/collections/index.js';
import { useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice, type Device } from './sync-harness.js';

/** Two devices of one learner, each a real core in its own process, against a real server on loopback. */
const newDir = useTempDirs();
const cleanups = useCleanups();

const PASSWORD = 'correct horse battery';

async function setup() {
  const server = await restartableServer(newDir());
  cleanups.push(() => server.stop());
  const [laptop, desktop] = await Promise.all([
    spawnDevice(newDir(), server.url, 'Laptop'),
    spawnDevice(newDir(), server.url, 'Desktop'),
  ]);
  cleanups.push(
    () => laptop.close(),
    () => desktop.close(),
  );
  return { server, laptop, desktop };
}

async function signInBoth(laptop: Device, desktop: Device): Promise<string> {
  await laptop.call('signUp', { email: 'learner@example.com', password: PASSWORD, displayName: '小林' });
  await desktop.call('signIn', { email: 'learner@example.com', password: PASSWORD });
  return laptop.call<string>('userId');
}

describe('two devices of one learner', () => {
  it('pull the public catalog as soon as they start, signed in or not', async () => {
    const { laptop } = await setup();
    await eventually(async () => (await laptop.call<number>('count', 'courses')) === 12);
    await eventually(async () => (await laptop.call<number>('showCatalogue')) > 40);
    expect(await laptop.call<number>('count', 'progress')).toBe(0);
  });

  for (const order of [
    ['laptop', 'desktop'],
    ['desktop', 'laptop'],
  ] as const) {
    it(`converge with nothing lost after both edited offline (${order[0]} syncs first)`, async () => {
      const { server, laptop, desktop } = await setup();
      const userId = await signInBoth(laptop, desktop);
      const progressId = `${userId}:algorithms-intro`;
      // Ratings need a course the learner may rate: a free one.
      const ratingId = `${userId}:ancient-china-history`;
      const note: NoteDoc = {
        id: 'note-1',
        userId,
        courseId: 'algorithms-intro',
        lessonId: 'algo-l1',
        kind: 'note',
        anchor: { type: 'text', start: 10 },
        body: '原始笔记',
        createdAt: 1000,
        updatedAt: 1000,
      };
      await laptop.call('insert', 'notes', note);
      await laptop.call('awaitInSync');
      await eventually(async () => (await desktop.call('findOne', 'notes', 'note-1')) !== null);

      // The server goes away; both devices keep working on their own data.
      await server.stop();
      await laptop.call('insert', 'progress', {
        id: progressId,
        userId,
        courseId: 'algorithms-intro',
        completion: 0.2,
        updatedAt: 2000,
        lessons: [
          { lessonId: 'algo-l1', positionSeconds: 100, furthestSeconds: 100, completed: true, updatedAt: 2000 },
        ],
      } satisfies ProgressDoc);
      await desktop.call('insert', 'progress', {
        id: progressId,
        userId,
        courseId: 'algorithms-intro',
        completion: 0.4,
        updatedAt: 3000,
        lessons: [
          { lessonId: 'algo-l1', positionSeconds: 40, furthestSeconds: 200, completed: false, updatedAt: 3000 },
          { lessonId: 'algo-l2', positionSeconds: 480, furthestSeconds: 480, completed: true, updatedAt: 3000 },
        ],
      } satisfies ProgressDoc);
      await laptop.call('patch', 'notes', 'note-1', { body: '笔记本上的修改', updatedAt: 4000 });
      await desktop.call('patch', 'notes', 'note-1', { body: '台式机上的修改', updatedAt: 5000 });
      await laptop.call('insert', 'ratings', {
        id: ratingId,
        userId,
        courseId: 'ancient-china-history',
        stars: 3,
        createdAt: 6000,
        updatedAt: 6000,
      } satisfies RatingDoc);
      await desktop.call('insert', 'ratings', {
        id: ratingId,
        userId,
        courseId: 'ancient-china-history',
        stars: 5,
        review: '很好',
        createdAt: 7000,
        updatedAt: 7000,
      } satisfies RatingDoc);
      expect(await laptop.call<NoteDoc>('findOne', 'notes', 'note-1')).toMatchObject({ body: '笔记本上的修改' });

      // Back online, one device after the other, then each once more to pick up the other's writes.
      await server.start();
      const devices = { laptop, desktop };
      for (const name of [...order, ...order]) {
        await devices[name].call('resync');
        await devices[name].call('awaitInSync');
      }

      for (const device of [laptop, desktop]) {
        await eventually(async () => (await device.call<NoteDoc[]>('find', 'notes')).length === 2);
        await eventually(
          async () => (await device.call<ProgressDoc | null>('findOne', 'progress', progressId))?.lessons.length === 2,
        );
        await eventually(
          async () => (await device.call<RatingDoc | null>('findOne', 'ratings', ratingId))?.stars === 5,
        );
        const progress = await device.call<ProgressDoc>('findOne', 'progress', progressId);
        expect(progress.lessons.find((l) => l.lessonId === 'algo-l1')).toMatchObject({
          completed: true,
          furthestSeconds: 200,
        });
        expect(progress.lessons.find((l) => l.lessonId === 'algo-l2')).toMatchObject({ completed: true });
        expect(progress.completion).toBe(0.4);
        // Both edits of the note survive: one as the note, the other as a copy pointing at it.
        const notes = await device.call<NoteDoc[]>('find', 'notes');
        expect(notes.map((n) => n.body).sort()).toEqual(['台式机上的修改', '笔记本上的修改'].sort());
        expect(notes.filter((n) => n.conflictOf === 'note-1')).toHaveLength(1);
      }
      // And the server holds the same.
      const onServer = await server.server.context.db.all<{ data: string }>(
        "SELECT data FROM documents WHERE collection = 'notes'",
      );
      expect(onServer).toHaveLength(2);
    }, 90_000);
  }
});
