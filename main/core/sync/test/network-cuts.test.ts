import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NoteDoc, ProgressDoc } from '../../../../common/collections/index.js';
import type { DownloadItem, DownloadsView } from '../../../../common/contract/downloads.js';
import { startCuttingProxy } from '../../../../tests/cutting-proxy.js';
import { demoCatalogPath, useCleanups, useTempDirs } from '../../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice, until } from './sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

async function setup() {
  const server = await restartableServer(newDir());
  cleanups.push(() => server.stop());
  const proxy = await startCuttingProxy(server.url);
  cleanups.push(() => proxy.close());
  const device = await spawnDevice(newDir(), proxy.url, 'Laptop');
  cleanups.push(() => device.close());
  await device.call('signUp', { email: 'tunnel@example.com', password: 'correct horse battery', displayName: '隧道' });
  await eventually(async () => (await device.call<number>('showCatalogue')) > 40);
  return { server, proxy, device };
}

describe('a device cut off mid-exchange', () => {
  it('mid-push: pushes that took effect but were never answered are retried without loss, duplicates or conflict copies', async () => {
    const { server, proxy, device } = await setup();
    // The next three pushes of notes and two of progress reach the server, which stores them; the answers never arrive.
    proxy.dropAnswers(/^POST \/v1\/sync\/notes\/push/, 3);
    proxy.dropAnswers(/^POST \/v1\/sync\/progress\/push/, 2);
    for (let i = 0; i < 20; i++) {
      await device.call('invoke', 'notes.save', {
        lessonId: 'algo-l1',
        kind: 'note',
        anchor: { type: 'time', start: i },
        body: `隧道里写的 ${i}`,
      });
      await device.call('invoke', 'progress.save', { lessonId: 'algo-l1', position: 10 * i, completed: i === 19 });
    }
    await eventually(
      async () =>
        (
          await server.server.context.db.get<{ n: number }>(
            "SELECT COUNT(*) AS n FROM documents WHERE collection = 'notes'",
          )
        )?.n === 20,
      60_000,
    );
    await device.call('awaitInSync');

    expect(proxy.cuts()).toBe(5);
    const onServer = await server.server.context.db.all<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'notes' AND deleted = 0",
    );
    expect(new Set(onServer.map((row) => (JSON.parse(row.data) as NoteDoc).body)).size).toBe(20);
    // No conflict copies on the device either: the retried push met its own earlier write.
    expect(await device.call<number>('count', 'notes')).toBe(20);
    const progress = await server.server.context.db.get<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'progress'",
    );
    expect((JSON.parse(progress!.data) as ProgressDoc).lessons).toEqual([
      expect.objectContaining({ lessonId: 'algo-l1', completed: true }),
    ]);
    console.warn(
      `mid-push: ${proxy.cuts()} answers lost after the server stored the push; 20/20 notes on the server once, 0 conflict copies`,
    );
  }, 90_000);

  it('mid-download: each cut keeps what was received, and the download starts again by itself, fetching only the rest', async () => {
    const { proxy, device } = await setup();
    const video = readFileSync(join(demoCatalogPath, '..', 'media', 'algo-l2.webm'));
    const content = /^GET \/v1\/content\/lessons\/algo-l2 /;
    proxy.cutAnswersAfter(content, 70_000, 2);
    // The learner starts it once; the line drops twice; the download starts again by itself.
    await expect(device.call<DownloadItem>('download', 'algo-l2')).rejects.toThrow(/^SERVER_UNREACHABLE/);
    expect((await device.call<DownloadsView>('downloads')).items[0]).toMatchObject({
      status: 'paused',
      problem: 'SERVER_UNREACHABLE',
    });
    const done = await until(async () => {
      const item = (await device.call<DownloadsView>('downloads')).items[0];
      expect(item).toMatchObject({ status: 'complete', received: video.length });
      return item!;
    }, 30_000);
    expect(done.problem).toBeUndefined();
    expect(proxy.cuts()).toBe(2);
    const whole = Buffer.from(await device.call<string>('read', 'algo-l2', 0, video.length - 1), 'base64');
    expect(whole.equals(video)).toBe(true);
    // Headers included, what crossed the line stays close to the file's size: nothing started over.
    const ratio = proxy.answerBytes(content) / video.length;
    expect(ratio).toBeLessThan(1.3);
    console.warn(
      `mid-download: 2 cuts; ${proxy.answerBytes(content)} bytes relayed for a ${video.length}-byte file (${ratio.toFixed(2)}×), byte-identical`,
    );
  }, 60_000);

  it('mid-download on a line that drops every 30,000 bytes: the partial chunk is kept each time, so every start gets further', async () => {
    const { proxy, device } = await setup();
    const video = readFileSync(join(demoCatalogPath, '..', 'media', 'algo-l2.webm'));
    const content = /^GET \/v1\/content\/lessons\/algo-l2 /;
    proxy.cutAnswersAfter(content, 30_000, 20);
    const received: number[] = [];
    let done: DownloadItem | undefined;
    while (!done && received.length < 12) {
      done = await device
        .call<DownloadItem>('download', 'algo-l2')
        .catch(async () => void received.push((await device.call<DownloadsView>('downloads')).items[0]!.received));
    }
    expect(done).toMatchObject({ status: 'complete', received: video.length });
    // Each attempt started where the last one stopped, partial chunk included.
    expect(received.every((bytes, i) => i === 0 || bytes > received[i - 1]!)).toBe(true);
    const whole = Buffer.from(await device.call<string>('read', 'algo-l2', 0, video.length - 1), 'base64');
    expect(whole.equals(video)).toBe(true);
    const ratio = proxy.answerBytes(content) / video.length;
    expect(ratio).toBeLessThan(1.2);
    console.warn(
      `mid-download every 30,000 bytes: ${received.length} cuts, ${ratio.toFixed(2)}× the file's bytes, byte-identical`,
    );
  }, 60_000);
});
