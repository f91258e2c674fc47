import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CourseDoc, CourseDraftDoc } from '../../../common/collections/index.js';
import type { DraftView } from '../../../common/contract/authoring.js';
import { demoCatalogPath, useCleanups, useTempDirs } from '../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice } from '../sync/test/sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

describe('writing and publishing a course on a device', () => {
  it('drafts offline-first with undo, publishes exactly what was written, and later edits stay drafts', async () => {
    const server = await restartableServer(newDir(), { ZHIKU_DEMO_CATALOG: 'off' });
    cleanups.push(() => server.stop());
    const studio = await spawnDevice(newDir(), server.url, 'Studio');
    const reader = await spawnDevice(newDir(), server.url, 'Reader');
    cleanups.push(
      () => studio.close(),
      () => reader.close(),
    );
    const invoke = <T>(name: string, input: unknown) => studio.call<T>('invoke', name, input);
    await studio.call('signUp', {
      email: 'maker@example.com',
      password: 'correct horse battery',
      displayName: '林老师',
    });
    await expect(invoke('drafts.create', {})).rejects.toThrow(/Become a creator/);
    expect(await invoke('creator.become', {})).toMatchObject({ user: { role: 'creator' } });

    const created = await invoke<CourseDraftDoc>('drafts.create', { title: { zh: '写作课', en: 'Writing' } });
    const courseId = created.id;
    const sectionId = created.sections[0]!.id;
    await invoke('drafts.update', {
      courseId,
      description: { zh: '学会写清楚', en: 'Write clearly' },
      categoryId: 'writing',
      categoryName: { zh: '写作', en: 'Writing' },
    });
    let draft = await invoke<CourseDraftDoc>('drafts.addLesson', {
      courseId,
      sectionId,
      kind: 'text',
      title: { zh: '第一课', en: 'Lesson 1' },
    });
    const first = draft.lessons[0]!.id;
    draft = await invoke<CourseDraftDoc>('drafts.addLesson', {
      courseId,
      sectionId,
      kind: 'text',
      title: { zh: '第二课', en: 'Lesson 2' },
    });
    const second = draft.lessons[1]!.id;
    await invoke('drafts.updateLesson', {
      courseId,
      lessonId: first,
      text: '# 第一课\n\n先想清楚再写。',
      freePreview: true,
    });
    await invoke('drafts.updateLesson', { courseId, lessonId: second, text: '第二课正文' });
    draft = await invoke<CourseDraftDoc>('drafts.moveLesson', {
      courseId,
      lessonId: second,
      toSectionId: sectionId,
      index: 0,
    });
    expect(draft.sections[0]!.lessonIds).toEqual([second, first]);

    // Undo takes back the last edits, one at a time.
    await invoke('drafts.update', { courseId, priceAmount: 50 });
    const view = await studio.call<DraftView>('watchOnce', 'drafts.watch', { courseId });
    expect(view.problems).toEqual([{ code: 'price-too-low', minimum: 100 }]);
    // Never published: publishing puts it on sale (the first lesson is free to try: no advice).
    expect(view.changes).toEqual([{ kind: 'first-publish', lessons: 2 }]);
    expect(view.advice).toEqual([]);
    await expect(invoke('drafts.publish', { courseId })).rejects.toThrow(/not ready/);
    draft = await invoke<CourseDraftDoc>('drafts.undo', { courseId });
    expect(draft.priceAmount).toBe(0);
    draft = await invoke<CourseDraftDoc>('drafts.undo', { courseId });
    expect(draft.sections[0]!.lessonIds).toEqual([first, second]);
    await expect(invoke('drafts.update', { courseId, priceAmount: -1 })).rejects.toThrow(/cannot be negative/);

    // A PDF lesson: the file goes to the core in pieces, is checked, counted and uploaded on publish.
    draft = await invoke<CourseDraftDoc>('drafts.addLesson', {
      courseId,
      sectionId,
      kind: 'pdf',
      title: { zh: '讲义', en: 'Handout' },
    });
    const handout = draft.lessons.at(-1)!.id;
    const pdf = readFileSync(join(demoCatalogPath, '..', 'media/algo-l3.pdf'));
    const piece = 300_000;
    await expect(
      invoke('drafts.uploadMedia', {
        courseId,
        lessonId: handout,
        fileName: 'x.pdf',
        totalBytes: 20,
        offset: 0,
        data: Buffer.from('not a pdf at all....').toString('base64'),
      }),
    ).rejects.toThrow(/takes application\/pdf/);
    for (let offset = 0; offset < pdf.length; offset += piece) {
      await invoke('drafts.uploadMedia', {
        courseId,
        lessonId: handout,
        fileName: 'handout.pdf',
        totalBytes: pdf.length,
        offset,
        data: pdf.subarray(offset, offset + piece).toString('base64'),
      });
    }
    const withMedia = (await studio.call<DraftView>('watchOnce', 'drafts.watch', { courseId })).draft.lessons.find(
      (l) => l.id === handout,
    )!;
    expect(withMedia.media).toMatchObject({
      bytes: pdf.length,
      mime: 'application/pdf',
      fileName: 'handout.pdf',
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    expect(withMedia.media!.pageCount).toBeGreaterThanOrEqual(1);

    const published = await invoke<{ draftRevision: number }>('drafts.publish', { courseId });
    expect(published.draftRevision).toBeGreaterThan(draft.draftRevision);
    const after = await studio.call<DraftView>('watchOnce', 'drafts.watch', { courseId });
    expect(after).toMatchObject({ unpublishedChanges: false, draft: { state: 'published' } });

    // A learner's device gets exactly the published course.
    // (The reader is signed out: no live stream, so it pulls when asked.)
    await eventually(async () => {
      await reader.call('resync');
      return (await reader.call<CourseDoc | null>('findOne', 'courses', courseId)) !== null;
    });
    expect(await reader.call<CourseDoc>('findOne', 'courses', courseId)).toMatchObject({
      title: { zh: '写作课' },
      lessonCount: 3,
      status: 'published',
      creatorName: { zh: '林老师' },
    });
    expect(await reader.call('count', 'coursedrafts')).toBe(0);

    // A later edit stays a draft: the learner still sees the published title.
    // Once the live version is on this device too, the draft differs from it in nothing…
    await eventually(async () => {
      await studio.call('resync');
      return (await studio.call<DraftView>('watchOnce', 'drafts.watch', { courseId })).changes.length === 0;
    });
    await invoke('drafts.update', { courseId, title: { zh: '写作课（第二版）', en: 'Writing, 2nd edition' } });
    await invoke('drafts.updateLesson', { courseId, lessonId: second, text: '第二课正文，改过' });
    const edited = await studio.call<DraftView>('watchOnce', 'drafts.watch', { courseId });
    expect(edited.unpublishedChanges).toBe(true);
    // …and then in exactly what was edited: the title (before and after) and the text the server will hash anew.
    expect(edited.changes).toEqual([
      {
        kind: 'field',
        field: 'title',
        before: { zh: '写作课', en: 'Writing' },
        after: { zh: '写作课（第二版）', en: 'Writing, 2nd edition' },
      },
      { kind: 'lesson', change: 'content', lessonId: second, title: { zh: '第二课', en: 'Lesson 2' } },
    ]);
    await studio.call('awaitInSync');
    await reader.call('resync');
    await reader.call('awaitInSync');
    expect((await reader.call<CourseDoc>('findOne', 'courses', courseId)).title.zh).toBe('写作课');

    // The dashboard's figures come from the server and stay available offline.
    const learners = await invoke<unknown[]>('creator.learners', {});
    expect(learners).toEqual([{ courseId, learners: 0, averageCompletion: 0 }]);
    expect(await invoke('creator.sales', {})).toEqual([]);
    await server.stop();
    expect(await invoke('creator.learners', {})).toEqual(learners);
    expect(await invoke('creator.sales', {})).toEqual([]);
  }, 60_000);

  it('never loses text a creator wrote on two devices offline: both versions are kept until they choose', async () => {
    const server = await restartableServer(newDir(), { ZHIKU_DEMO_CATALOG: 'off' });
    cleanups.push(() => server.stop());
    const laptop = await spawnDevice(newDir(), server.url, 'Laptop');
    const desktop = await spawnDevice(newDir(), server.url, 'Desktop');
    cleanups.push(
      () => laptop.close(),
      () => desktop.close(),
    );
    await laptop.call('signUp', { email: 'maker@example.com', password: 'correct horse battery', displayName: '林' });
    await laptop.call('invoke', 'creator.become', {});
    await desktop.call('signIn', { email: 'maker@example.com', password: 'correct horse battery' });
    let draft = await laptop.call<CourseDraftDoc>('invoke', 'drafts.create', {
      title: { zh: '原标题', en: 'Original' },
    });
    const courseId = draft.id;
    draft = await laptop.call<CourseDraftDoc>('invoke', 'drafts.addLesson', {
      courseId,
      sectionId: draft.sections[0]!.id,
      kind: 'text',
      title: { zh: '一', en: 'One' },
    });
    const lessonId = draft.lessons[0]!.id;
    await laptop.call('awaitInSync');
    // The desktop must hold the revision with the lesson (not an earlier one) before both go offline.
    await eventually(
      async () =>
        (await desktop.call<CourseDraftDoc | null>('findOne', 'coursedrafts', courseId))?.lessons.length === 1,
    );

    await server.stop();
    await laptop.call('invoke', 'drafts.update', { courseId, title: { zh: '笔记本上的标题', en: 'Original' } });
    await laptop.call('invoke', 'drafts.updateLesson', { courseId, lessonId, text: '在飞机上写的正文' });
    await desktop.call('invoke', 'drafts.update', {
      courseId,
      title: { zh: '台式机上的标题', en: 'Original' },
      description: { zh: '只在台式机上写的简介', en: '' },
    });
    await desktop.call('invoke', 'drafts.updateLesson', { courseId, lessonId, text: '在家里写的正文' });

    await server.start();
    for (const device of [laptop, desktop, laptop, desktop]) {
      await device.call('resync');
      await device.call('awaitInSync');
    }
    for (const device of [laptop, desktop]) {
      await eventually(
        async () =>
          ((await device.call<CourseDraftDoc>('findOne', 'coursedrafts', courseId)).conflicts?.length ?? 0) === 2,
      );
    }
    const settled = await laptop.call<CourseDraftDoc>('findOne', 'coursedrafts', courseId);
    // Each field changed on one side only arrived; each changed on both kept both versions.
    expect(settled.description.zh).toBe('只在台式机上写的简介');
    const kept = [
      settled.title.zh,
      ...settled.conflicts!.filter((c) => c.field === 'title.zh').map((c) => JSON.parse(c.theirs) as string),
    ];
    expect(kept.sort()).toEqual(['台式机上的标题', '笔记本上的标题']);
    const texts = [
      settled.lessons[0]!.text,
      ...settled
        .conflicts!.filter((c) => c.field === `lessons.${lessonId}.text`)
        .map((c) => JSON.parse(c.theirs) as string),
    ];
    expect(texts.sort()).toEqual(['在家里写的正文', '在飞机上写的正文'].sort());

    // The creator picks: the other version of the text, and keeps this title.
    const other = JSON.parse(settled.conflicts!.find((c) => c.field === `lessons.${lessonId}.text`)!.theirs) as string;
    await laptop.call('invoke', 'drafts.resolveConflict', {
      courseId,
      field: `lessons.${lessonId}.text`,
      use: 'theirs',
    });
    const resolved = await laptop.call<CourseDraftDoc>('invoke', 'drafts.resolveConflict', {
      courseId,
      field: 'title.zh',
      use: 'mine',
    });
    expect(resolved.lessons[0]!.text).toBe(other);
    expect(resolved.conflicts).toBeUndefined();
    await laptop.call('awaitInSync');
    await eventually(
      async () => (await desktop.call<CourseDraftDoc>('findOne', 'coursedrafts', courseId)).conflicts === undefined,
    );
  }, 90_000);
});
