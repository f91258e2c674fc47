import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CourseDraftDoc } from '../../../common/collections/index.js';
import type { ExamState } from '../../../common/contract/exams.js';
import type { HeldCertificate } from '../../../common/contract/certificates.js';
import { useCleanups, useTempDirs } from '../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice, until } from '../sync/test/sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

/** Every part of the key carries a marker, so finding any of them on the learner's device means it leaked. */
const SECRET = '5ec2e75ec2e75ec2e75ec2e75ec2e75e';
const EXAM = {
  format: 'zhiku-exam',
  version: 1,
  questions: [
    {
      id: 'q1',
      type: 'single',
      prompt: '哪种排序是原地的？',
      options: [
        { id: 'keyopt-merge', text: '归并排序' },
        { id: 'keyopt-heap', text: '堆排序' },
      ],
      correct: 'keyopt-heap',
      explanation: 'KEYMARK-EXPLANATION 堆排序只需 O(1) 额外空间。',
    },
    { id: 'q2', type: 'fill', prompt: '栈的特点（四个字）', accepted: ['KEYMARK-后进先出'] },
    { id: 'q3', type: 'truefalse', prompt: '二分查找要求有序。', correct: true },
    {
      id: 'q4',
      type: 'ordering',
      prompt: '按增长从慢到快排列',
      items: [
        { id: 'keyitem-a', text: 'log n' },
        { id: 'keyitem-b', text: 'n' },
        { id: 'keyitem-c', text: 'n²' },
      ],
    },
  ],
  passPercent: 75,
  attempts: 2,
  timeLimitMinutes: 20,
  shuffleOptions: true,
  secret: SECRET,
};
const MARKERS = [SECRET, 'KEYMARK', 'keyopt-', 'keyitem-'];

/** Every file under a folder, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('an exam on a learner’s device', () => {
  it('is sat offline, survives a crash, is graded by the server once back, and its key never reaches the device', async () => {
    const server = await restartableServer(newDir(), { ZHIKU_DEMO_CATALOG: 'off' });
    cleanups.push(() => server.stop());
    const studio = await spawnDevice(newDir(), server.url, 'Studio');
    cleanups.push(() => studio.close());

    await studio.call('signUp', {
      email: 'maker@example.com',
      password: 'correct horse battery',
      displayName: '林老师',
    });
    await studio.call('invoke', 'creator.become', {});
    const draft = await studio.call<CourseDraftDoc>('invoke', 'drafts.create', {
      title: { zh: '算法', en: 'Algorithms' },
    });
    await studio.call('invoke', 'drafts.update', {
      courseId: draft.id,
      description: { zh: '考一考', en: 'Test yourself' },
      categoryId: 'programming',
      categoryName: { zh: '编程', en: 'Programming' },
      completion: { lessons: false, exercises: true, exams: true },
    });
    const withLesson = await studio.call<CourseDraftDoc>('invoke', 'drafts.addLesson', {
      courseId: draft.id,
      sectionId: draft.sections[0]!.id,
      kind: 'exam',
      title: { zh: '期末考试', en: 'Final exam' },
    });
    const lessonId = withLesson.lessons[0]!.id;
    // A new exam has its own secret and no questions: publishing waits for them.
    expect((JSON.parse(withLesson.lessons[0]!.text!) as { secret: string }).secret).toMatch(/^[0-9a-f]{32}$/);
    await expect(studio.call('invoke', 'drafts.publish', { courseId: draft.id })).rejects.toThrow(/not ready/);
    await studio.call('invoke', 'drafts.updateLesson', {
      courseId: draft.id,
      lessonId,
      text: JSON.stringify(EXAM),
      freePreview: true,
    });
    await studio.call('awaitInSync');
    await studio.call('invoke', 'drafts.publish', { courseId: draft.id });

    const learnerDir = newDir();
    let laptop = await spawnDevice(learnerDir, server.url, 'Laptop');
    cleanups.push(() => laptop.close());
    await laptop.call('signUp', { email: 'mei@example.com', password: 'correct horse battery', displayName: 'Mei' });
    await eventually(async () => {
      await laptop.call('resync');
      // The learner opens the course's page: its lessons come on demand (the course is not held).
      await laptop.call('showCatalogue');
      return (await laptop.call('findLesson', lessonId)) !== null;
    });
    const state = () => laptop.call<ExamState>('watchOnce', 'exams.watch', { lessonId });
    const paper = (
      await until(async () => {
        const s = await state();
        if (!s.paper) throw new Error('the paper is not on the device yet');
        return s;
      })
    ).paper!;
    expect(paper).toMatchObject({ timeLimitMinutes: 20, attempts: 2, passPercent: 75 });

    // Offline: the sitting starts, answers are saved as they are given…
    await server.stop();
    const { sittingId } = await laptop.call<{ sittingId: string }>('invoke', 'exams.start', { lessonId });
    await expect(laptop.call('invoke', 'exams.start', { lessonId })).rejects.toThrow(/in-progress/);
    const q1 = paper.questions[0]!;
    const q4 = paper.questions[3]!;
    if (q1.type !== 'single' || q4.type !== 'ordering') throw new Error('unexpected paper');
    const answer = (questionId: string, value: unknown) =>
      laptop.call('invoke', 'exams.answer', { sittingId, questionId, answer: value });
    await answer('q1', { type: 'single', optionId: q1.options.find((o) => o.text === '堆排序')!.id });
    await answer('q2', { type: 'fill', text: 'ｋｅｙｍａｒｋ-后进先出' });

    // …so a crash mid-exam loses none of them: reopened, the sitting resumes where it was.
    await laptop.kill();
    laptop = await spawnDevice(learnerDir, server.url, 'Laptop');
    cleanups.push(() => laptop.close());
    const resumed = await until(async () => {
      const s = await state();
      if (!s.paper) throw new Error('not read yet');
      return s;
    });
    expect(resumed.sittings).toHaveLength(1);
    expect(resumed.sittings[0]).toMatchObject({ id: sittingId, status: 'open' });
    expect(Object.keys(resumed.sittings[0]!.answers).sort()).toEqual(['q1', 'q2']);
    expect(resumed.sittings[0]!.deadline! - resumed.sittings[0]!.startedAt).toBe(20 * 60_000);

    await answer('q3', { type: 'truefalse', value: true });
    await answer('q4', {
      type: 'ordering',
      itemIds: ['log n', 'n', 'n²'].map((t) => q4.items.find((i) => i.text === t)!.id),
    });
    await laptop.call('invoke', 'exams.submit', { sittingId });
    await expect(answer('q3', { type: 'truefalse', value: false })).rejects.toThrow(/sealed/);
    // Sealed but not graded: the device has no key, so no result yet.
    expect((await state()).results).toEqual([]);

    // Back online: the sitting syncs, the server grades it, the device learns the result by itself.
    await server.start();
    await laptop.call('resync');
    const graded = await until(async () => {
      const s = await state();
      if (s.results.length === 0) throw new Error('not graded yet');
      return s;
    }, 30_000);
    expect(graded.results[0]).toMatchObject({
      sittingId,
      status: 'graded',
      attempt: 1,
      right: 4,
      total: 4,
      passed: true,
    });
    expect(graded.refusal).toBeNull(); // a second attempt remains

    // Passing completed the course under its rules; the certificate is issued and verifiable.
    const certificate = await laptop.call<HeldCertificate>('invoke', 'certificates.request', { courseId: draft.id });
    const check = (await (await fetch(`${server.url}/v1/certificates/${certificate.id}`)).json()) as { status: string };
    expect(check.status).toBe('genuine');

    // A second sitting left open while the device's clock runs past its time limit is sealed by the
    // clock with the answers given by then. Offline, the laptop's clock is set a day ahead: it has no
    // server to correct it by (online, the next answer would), so the sitting is sealed. The server
    // believes the device's times only within its own clock, so the sitting is kept but not graded.
    const second = await laptop.call<{ sittingId: string }>('invoke', 'exams.start', { lessonId });
    await laptop.call('invoke', 'exams.answer', {
      sittingId: second.sittingId,
      questionId: 'q3',
      answer: { type: 'truefalse', value: true },
    });
    await server.stop();
    await laptop.call('advanceClock', 1);
    const timedOut = await until(async () => {
      const s = await state();
      const sealed = s.sittings.find((x) => x.id === second.sittingId);
      if (sealed?.status !== 'submitted') throw new Error('not sealed yet');
      return sealed;
    });
    expect(timedOut).toMatchObject({ sealedBy: 'time', submittedAt: timedOut.startedAt + 20 * 60_000 });
    await server.start();
    await laptop.call('resync');
    const verdict = await until(async () => {
      await laptop.call('invoke', 'exams.refreshResults', {});
      const found = (await state()).results.find((r) => r.sittingId === second.sittingId);
      if (!found) throw new Error('not judged yet');
      return found;
    }, 30_000);
    expect(verdict).toMatchObject({ status: 'void', voidReason: 'clock-ahead' });

    // Nowhere on the learner's device — database, its journal, downloads, logs — is any part of the key:
    // neither in the files as they lie on disk, nor in the downloaded paper once decrypted.
    const lesson = await laptop.call<{ contentBytes: number }>('findLesson', lessonId);
    const downloaded = Buffer.from(await laptop.call<string>('read', lessonId, 0, lesson.contentBytes - 1), 'base64');
    expect(downloaded.includes(Buffer.from('堆排序'))).toBe(true);
    await laptop.close();
    const files = await filesUnder(learnerDir);
    const contents = [
      { name: 'the downloaded paper, decrypted', bytes: downloaded },
      ...(await Promise.all(files.map(async (file) => ({ name: file, bytes: await readFile(file) })))),
    ];
    const leaks: string[] = [];
    for (const { name, bytes } of contents)
      for (const marker of MARKERS)
        for (const encoding of ['utf8', 'utf16le'] as const)
          if (bytes.includes(Buffer.from(marker, encoding))) leaks.push(`${name}: ${marker} (${encoding})`);
    expect(leaks).toEqual([]);
    // The scan can find what it looks for: the exam's title and the learner's own answer lie in the database.
    const raw = Buffer.concat(contents.map((c) => c.bytes));
    expect(raw.includes(Buffer.from('期末考试'))).toBe(true);
    expect(raw.includes(Buffer.from('ｋｅｙｍａｒｋ-后进先出'))).toBe(true);
  }, 120_000);
});
