import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NoteDoc, ProgressDoc, RatingDoc, ReviewDoc } from '../../../common/collections/index.js';
import type { CourseReviews, Library, OpenedLesson } from '../../../common/contract/learning.js';
import { demoCatalogPath, useCleanups, useTempDirs } from '../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice } from '../sync/test/sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
const catalogFile = (file: string) => readFileSync(join(demoCatalogPath, '..', file));

async function signedInDevice() {
  const server = await restartableServer(newDir());
  cleanups.push(() => server.stop());
  const device = await spawnDevice(newDir(), server.url, 'Laptop');
  cleanups.push(() => device.close());
  await device.call('signUp', { email: 'mei@example.com', password: 'correct horse battery', displayName: '梅' });
  await eventually(async () => (await device.call<number>('showCatalogue')) > 40);
  const invoke = <T>(name: string, input: unknown) => device.call<T>('invoke', name, input);
  return { server, device, invoke };
}

describe('studying on a device', () => {
  it('opens a free text lesson (downloading it), saves progress, and keeps notes that export as Markdown', async () => {
    const { device, invoke } = await signedInDevice();
    const opened = await invoke<OpenedLesson>('lessons.open', { lessonId: 'algo-l1' });
    expect(opened.text).toBe(catalogFile('lessons/algo-l1.md').toString('utf8'));
    expect(opened).toMatchObject({ mediaPath: null, watermark: null, resumeAt: 0 });

    await invoke('progress.save', { lessonId: 'algo-l1', position: 0.4 });
    const saved = await invoke<ProgressDoc>('progress.save', { lessonId: 'algo-l1', position: 1, length: 1 });
    expect(saved.lessons).toMatchObject([{ lessonId: 'algo-l1', completed: true, furthestSeconds: 1 }]);
    expect(saved.completion).toBeGreaterThan(0);
    // Scrolling back up moves the position, never the furthest point or completion.
    await invoke('progress.save', { lessonId: 'algo-l1', position: 0.2 });
    expect((await invoke<OpenedLesson>('lessons.open', { lessonId: 'algo-l1' })).resumeAt).toBe(0.2);
    const library = await device.call<Library>('watchOnce', 'library.watch', {});
    expect(library.courses).toEqual([]); // a free preview read is progress, not ownership

    const highlight = await invoke<NoteDoc>('notes.save', {
      lessonId: 'algo-l1',
      kind: 'highlight',
      anchor: { type: 'text', start: 10, end: 14, quote: '二分查找' },
      body: '最多约 10 次',
    });
    await invoke('notes.save', {
      lessonId: 'algo-l2',
      kind: 'bookmark',
      anchor: { type: 'time', start: 75 },
      body: '',
    });
    await invoke('notes.save', {
      id: highlight.id,
      lessonId: 'algo-l1',
      kind: 'highlight',
      anchor: highlight.anchor,
      body: '对数级 *log n*',
    });
    const notes = await device.call<NoteDoc[]>('watchOnce', 'notes.watch', { courseId: 'algorithms-intro' });
    expect(notes.map((n) => n.body)).toEqual(['对数级 *log n*', '']);
    const exported = await invoke<{ fileName: string; markdown: string }>('notes.export', {
      courseId: 'algorithms-intro',
      language: 'zh-CN',
    });
    expect(exported.fileName).toBe('算法导论：从排序到动态规划.md');
    expect(exported.markdown).toContain('## 为什么要学算法');
    expect(exported.markdown).toContain('> 二分查找');
    expect(exported.markdown).toContain('**书签 · 1:15**');
    await invoke('notes.delete', { id: highlight.id });
    expect(await device.call<NoteDoc[]>('watchOnce', 'notes.watch', { courseId: 'algorithms-intro' })).toHaveLength(1);

    // Bad input changes nothing.
    await expect(
      invoke('notes.save', {
        lessonId: 'algo-l1',
        kind: 'note',
        anchor: { type: 'text', start: 5, end: 2 },
        body: 'x',
      }),
    ).rejects.toThrow(/ends after it starts/);
    await expect(invoke('notes.delete', { id: 'note-nope' })).rejects.toThrow(/no longer exists/);
    expect(await device.call<NoteDoc[]>('watchOnce', 'notes.watch', { courseId: 'algorithms-intro' })).toHaveLength(1);
  });

  it('counts a lesson done only when enough of it was seen for its kind, or when the learner marks it complete', async () => {
    const { invoke } = await signedInDevice();
    const lessonState = (doc: ProgressDoc, lessonId: string) => doc.lessons.find((l) => l.lessonId === lessonId);
    // A video played to 10 % and then skipped to its end: not watched.
    let saved = await invoke<ProgressDoc>('progress.save', {
      lessonId: 'algo-l2',
      position: 60,
      length: 60,
      seen: [
        [0, 0.1],
        [0.95, 1],
      ],
    });
    expect(lessonState(saved, 'algo-l2')).toMatchObject({
      completed: false,
      seen: [
        [0, 0.1],
        [0.95, 1],
      ],
    });
    // Watched on to 86 % (with what was seen before: 91 %): done.
    saved = await invoke<ProgressDoc>('progress.save', { lessonId: 'algo-l2', position: 52, seen: [[0.1, 0.86]] });
    expect(lessonState(saved, 'algo-l2')?.completed).toBe(true);
    // A PDF's pages seen out of order, one short of all: not done; the last one: done.
    saved = await invoke<ProgressDoc>('progress.save', {
      lessonId: 'algo-l3',
      position: 3,
      length: 4,
      seen: [
        [0.5, 0.75],
        [0, 0.25],
        [0.75, 1],
      ],
    });
    expect(lessonState(saved, 'algo-l3')?.completed).toBe(false);
    saved = await invoke<ProgressDoc>('progress.save', {
      lessonId: 'algo-l3',
      position: 2,
      length: 4,
      seen: [[0.25, 0.5]],
    });
    expect(lessonState(saved, 'algo-l3')?.completed).toBe(true);
    // "Mark complete" on a text barely read, then taken back.
    saved = await invoke<ProgressDoc>('progress.save', {
      lessonId: 'algo-l1',
      position: 0.1,
      seen: [[0, 0.2]],
      completed: true,
    });
    expect(lessonState(saved, 'algo-l1')).toMatchObject({ completed: true, markedComplete: true });
    saved = await invoke<ProgressDoc>('progress.save', { lessonId: 'algo-l1', position: 0.1, completed: false });
    expect(lessonState(saved, 'algo-l1')?.completed).toBe(false);
    expect(saved.completion).toBe(Math.round((2 / 5) * 10_000) / 10_000);
  });

  it('serves opened media by range, and refuses paid lessons of a course not owned', async () => {
    const { device, invoke } = await signedInDevice();
    const video = catalogFile('media/algo-l2.webm');
    const opened = await invoke<OpenedLesson>('lessons.open', { lessonId: 'algo-l2' });
    expect(opened).toMatchObject({ mimeType: 'video/webm', text: null, watermark: null });
    const part = await device.call<{ status: number; headers: Record<string, string>; body: string }>(
      'media',
      opened.mediaPath,
      'bytes=1000-1999',
    );
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1000-1999/${video.length}`);
    expect(Buffer.from(part.body, 'base64').equals(video.subarray(1000, 2000))).toBe(true);
    expect((await device.call<{ status: number }>('media', opened.mediaPath, `bytes=${video.length}-`)).status).toBe(
      416,
    );
    expect((await device.call<{ status: number }>('media', 'media/forged-token')).status).toBe(404);

    await expect(invoke('lessons.open', { lessonId: 'algo-l3' })).rejects.toThrow(/do not own/);
  });

  it('rates a free course; the review and the new average come back from the server', async () => {
    const { device, invoke } = await signedInDevice();
    await expect(invoke('ratings.save', { courseId: 'algorithms-intro', stars: 5 })).rejects.toThrow(/own it/);
    await expect(invoke('ratings.save', { courseId: 'ancient-china-history', stars: 6 })).rejects.toThrow(
      /1 to 5 stars/,
    );
    const rating = await invoke<RatingDoc>('ratings.save', {
      courseId: 'ancient-china-history',
      stars: 4,
      review: '  故事讲得好  ',
    });
    expect(rating).toMatchObject({ stars: 4, review: '故事讲得好' });
    await eventually(
      async () =>
        (await device.call<CourseReviews>('watchOnce', 'catalog.watchReviews', { courseId: 'ancient-china-history' }))
          .reviews.length === 1,
    );
    const { reviews, distribution } = await device.call<CourseReviews>('watchOnce', 'catalog.watchReviews', {
      courseId: 'ancient-china-history',
    });
    expect(reviews[0]).toMatchObject<Partial<ReviewDoc>>({ authorName: '梅', stars: 4, text: '故事讲得好' });
    expect(distribution).toEqual([0, 0, 0, 1, 0]);
    await eventually(
      async () =>
        (await device.call<{ ratingCount: number }>('findOne', 'courses', 'ancient-china-history')).ratingCount >= 1,
    );
  });
});
