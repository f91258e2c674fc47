import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DownloadItem, DownloadsView } from '../../../../common/contract/downloads.js';
import { demoCatalogPath, useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
const catalogFile = (file: string) => readFileSync(join(demoCatalogPath, '..', file));

async function setup(env: Record<string, string> = {}) {
  const server = await restartableServer(newDir());
  cleanups.push(() => server.stop());
  const dataDir = newDir();
  const device = await spawnDevice(dataDir, server.url, 'Laptop', env);
  cleanups.push(() => device.close());
  await eventually(async () => (await device.call<number>('showCatalogue')) > 40);
  return { server, device, dataDir };
}

describe('downloads', () => {
  it('of a free preview are encrypted at rest and readable by range', async () => {
    const { device, dataDir } = await setup();
    const video = catalogFile('media/algo-l2.webm');
    const item = await device.call<DownloadItem>('download', 'algo-l2');
    expect(item).toMatchObject({ status: 'complete', bytes: video.length, received: video.length });

    const stored = readdirSync(join(dataDir, 'content')).map((f) => readFileSync(join(dataDir, 'content', f)));
    expect(stored).toHaveLength(1);
    // The file on disk is not the video: no run of its bytes appears in it.
    expect(stored[0]!.includes(video.subarray(1000, 1064))).toBe(false);

    const slice = Buffer.from(await device.call<string>('read', 'algo-l2', 70_000, 140_000), 'base64');
    expect(slice.equals(video.subarray(70_000, 140_001))).toBe(true);
    const whole = Buffer.from(await device.call<string>('read', 'algo-l2', 0, video.length - 1), 'base64');
    expect(whole.equals(video)).toBe(true);
    expect(await device.call<DownloadsView>('downloads')).toMatchObject({ totalBytes: video.length });

    await device.call('removeDownload', 'algo-l2');
    expect(readdirSync(join(dataDir, 'content'))).toEqual([]);
    expect(await device.call<DownloadsView>('downloads')).toMatchObject({ items: [], totalBytes: 0 });
  });

  it('interrupted at random points resume to a byte-identical file', async () => {
    const { device } = await setup({ ZHIKU_TEST_CUT_CONTENT: '424242' });
    const video = catalogFile('media/hist-l3.webm');
    let attempts = 0;
    let done: DownloadItem | undefined;
    while (!done && attempts < 40) {
      attempts++;
      done = await device.call<DownloadItem>('download', 'hist-l3').catch(() => undefined);
    }
    expect(attempts).toBeGreaterThan(1);
    expect(done).toMatchObject({ status: 'complete' });
    const whole = Buffer.from(await device.call<string>('read', 'hist-l3', 0, video.length - 1), 'base64');
    expect(whole.equals(video)).toBe(true);
  });
});
