import { existsSync, openSync, readdirSync, closeSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NoteDoc, RatingDoc } from '../../../../common/collections/index.js';
import type { RecoveryStatus } from '../../../../common/contract/recovery.js';
import { randomSource } from '../../storage/test/fixtures.js';
import { useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice, until } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
const account = { email: 'broken@example.com', password: 'correct horse battery' };
const note = (i: number, body: string) => ({
  lessonId: 'algo-l1',
  kind: 'note',
  anchor: { type: 'time', start: i },
  body,
});

/** Overwrites pages in the middle of the file with noise, as a failing disk or a half-written sector would. */
function damage(file: string, seed: number): void {
  const random = randomSource(seed).next;
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  for (let page = 2; page < Math.min(40, Math.floor(size / 4096)); page += 3) {
    writeSync(fd, Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256))), 0, 4096, page * 4096);
  }
  closeSync(fd);
}

describe('a corrupted database on the device', () => {
  it('is found at start, moved aside, rebuilt from the server, and the changes that had not synced are kept for the learner to restore', async () => {
    const server = await restartableServer(newDir());
    cleanups.push(() => server.stop());
    const dataDir = newDir();
    let device = await spawnDevice(dataDir, server.url, 'Laptop');
    await device.call('signUp', { ...account, displayName: '坏盘' });
    await eventually(async () => (await device.call<number>('showCatalogue')) > 40);
    for (let i = 0; i < 5; i++) await device.call('invoke', 'notes.save', note(i, `已同步 ${i}`));
    await device.call('awaitInSync');

    // Offline, the learner writes more: three notes and a rating that never reach the server.
    await server.stop();
    for (let i = 5; i < 8; i++) await device.call('invoke', 'notes.save', note(i, `未同步 ${i}`));
    await device.call('invoke', 'ratings.save', { courseId: 'typography-screens', stars: 4, review: '离线写的评价' });
    await device.close();
    damage(join(dataDir, 'db', 'zhiku.sqlite'), 7);

    await server.start();
    device = await spawnDevice(dataDir, server.url, 'Laptop');
    cleanups.push(() => device.close());
    // Still signed in (the session is not in the database); the synced notes come back from the server.
    await eventually(async () => (await device.call<number>('count', 'notes')) === 5, 30_000);
    const recovery = await until(async () => {
      const status = await device.call<RecoveryStatus | null>('watchOnce', 'recovery.watch', {});
      expect(status?.items).toHaveLength(4);
      return status!;
    }, 30_000);
    expect(recovery.items.map((item) => [item.collection, item.text]).sort()).toEqual([
      ['notes', '未同步 5'],
      ['notes', '未同步 6'],
      ['notes', '未同步 7'],
      ['ratings', '离线写的评价'],
    ]);
    const keptRating = recovery.items.find((item) => item.collection === 'ratings');
    expect(keptRating?.stars).toBe(4);
    expect(keptRating?.courseTitle?.zh).toBeTruthy();
    expect(recovery.reason).not.toBe('');
    // The damaged file is kept, not deleted.
    expect(readdirSync(recovery.damagedCopy)).toContain('zhiku.sqlite');

    // The learner restores them: they are written again and sync.
    expect(await device.call('invoke', 'recovery.restore', { id: recovery.id })).toEqual({ restored: 4, failed: 0 });
    await device.call('awaitInSync');
    expect((await device.call<NoteDoc[]>('find', 'notes')).map((n) => n.body).sort()).toEqual([
      '已同步 0',
      '已同步 1',
      '已同步 2',
      '已同步 3',
      '已同步 4',
      '未同步 5',
      '未同步 6',
      '未同步 7',
    ]);
    const onServer = await server.server.context.db.all<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'notes' AND deleted = 0",
    );
    expect(onServer).toHaveLength(8);
    const rating = await server.server.context.db.get<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'ratings'",
    );
    expect((JSON.parse(rating!.data) as RatingDoc).review).toBe('离线写的评价');
    expect(await device.call('watchOnce', 'recovery.watch', {})).toBeNull();
    expect(existsSync(recovery.damagedCopy)).toBe(true);
    console.warn(
      `damaged database (${recovery.reason.slice(0, 60)}…) rebuilt: 5 synced notes back from the server, 4 unsynced changes kept aside and restored, 8/8 notes and the rating on the server`,
    );
  }, 120_000);
});
