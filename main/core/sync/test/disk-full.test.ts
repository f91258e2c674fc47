import { readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { NoteDoc } from '../../../../common/collections/index.js';
import type { DownloadItem, DownloadsView } from '../../../../common/contract/downloads.js';
import { demoCatalogPath, useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { mountTmpfs, tmpfsSupport } from '../../../../tests/tmpfs.js';
import { eventually, restartableServer, spawnDevice } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
const support = tmpfsSupport();
const freeBytes = (dir: string) => {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
};

describe('the device’s disk filling up during a download', () => {
  it.skipIf(!support.ok)(
    `stops with a clear error, corrupts nothing, and resumes where it stopped once space is freed${support.ok ? '' : ` — skipped: ${support.reason}`}`,
    async () => {
      const server = await restartableServer(newDir());
      cleanups.push(() => server.stop());
      const dataDir = newDir();
      const disk = mountTmpfs(dataDir, 64 * 1024 * 1024);
      cleanups.push(async () => disk.unmount());
      const device = await spawnDevice(dataDir, server.url, 'Laptop');
      cleanups.push(() => device.close());
      await device.call('signUp', { email: 'full@example.com', password: 'correct horse battery', displayName: '满' });
      await eventually(async () => (await device.call<number>('showCatalogue')) > 40);
      for (let i = 0; i < 3; i++)
        await device.call('invoke', 'notes.save', {
          lessonId: 'algo-l1',
          kind: 'note',
          anchor: { type: 'time', start: i },
          body: `满盘之前 ${i}`,
        });
      await device.call('awaitInSync');

      // Something else on the machine takes nearly all the room: 48 KiB stay free.
      const filler = join(dataDir, 'someone-elses-files.bin');
      writeFileSync(filler, Buffer.alloc(Math.max(0, freeBytes(dataDir) - 48 * 1024)));
      cleanups.push(async () => rmSync(filler, { force: true }));
      const video = readFileSync(join(demoCatalogPath, '..', 'media', 'algo-l2.webm'));
      await expect(device.call('download', 'algo-l2')).rejects.toThrow(/^STORAGE_FULL: The disk is full/);
      const stopped = (await device.call<DownloadsView>('downloads')).items.find((item) => item.lessonId === 'algo-l2');
      expect(stopped).toMatchObject({ status: 'paused', problem: 'STORAGE_FULL' });
      const keptBeforeFull = stopped!.received;

      // Space comes back: the download resumes from what is already on disk.
      rmSync(filler);
      const done = await device.call<DownloadItem>('download', 'algo-l2');
      expect(done).toMatchObject({ status: 'complete', received: video.length });
      expect(done.problem).toBeUndefined();
      const whole = Buffer.from(await device.call<string>('read', 'algo-l2', 0, video.length - 1), 'base64');
      expect(whole.equals(video)).toBe(true);

      // Nothing else was harmed: the notes are there, new ones save and sync, the database file is sound.
      expect((await device.call<NoteDoc[]>('find', 'notes')).map((n) => n.body).sort()).toEqual([
        '满盘之前 0',
        '满盘之前 1',
        '满盘之前 2',
      ]);
      await device.call('invoke', 'notes.save', {
        lessonId: 'algo-l1',
        kind: 'note',
        anchor: { type: 'time', start: 9 },
        body: '满盘之后',
      });
      await device.call('awaitInSync');
      await device.close();
      const file = new Database(join(dataDir, 'db', 'zhiku.sqlite'), { readonly: true });
      expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
      file.close();
      console.warn(
        `disk full after ${keptBeforeFull} of ${video.length} bytes received; resumed where it stopped to a byte-identical file; integrity_check ok`,
      );
    },
    120_000,
  );
});
