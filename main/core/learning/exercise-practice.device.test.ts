import { describe, expect, it } from 'vitest';
import type { AttemptDoc, CourseDraftDoc } from '../../../common/collections/index.js';
import type { ExerciseAnswered, ExerciseState } from '../../../common/contract/exercises.js';
import { useCleanups, useTempDirs } from '../../../tests/helpers.js';
import { eventually, restartableServer, spawnDevice, until } from '../sync/test/sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

const EXERCISE = {
  format: 'zhiku-exercise',
  version: 1,
  questions: [
    {
      id: 'q1',
      type: 'truefalse',
      prompt: '快速排序是稳定的。',
      correct: false,
      explanation: '相等元素可能交换位置。',
    },
    {
      id: 'q2',
      type: 'single',
      prompt: '后进先出的是？',
      options: [
        { id: 'a', text: '栈' },
        { id: 'b', text: '队列' },
      ],
      correct: 'a',
    },
    { id: 'q3', type: 'fill', prompt: '2¹⁰ = ?', accepted: [], numeric: { value: 1024, tolerance: 0 } },
  ],
  shuffleOptions: true,
  mastery: { kind: 'm-of-n', m: 2, n: 3 },
};

describe('practising an exercise on a device', () => {
  it('grades at once, offline too, keeps every attempt, and masters the lesson on every device alike', async () => {
    const server = await restartableServer(newDir(), { ZHIKU_DEMO_CATALOG: 'off' });
    cleanups.push(() => server.stop());
    const studio = await spawnDevice(newDir(), server.url, 'Studio');
    const laptop = await spawnDevice(newDir(), server.url, 'Laptop');
    cleanups.push(
      () => studio.close(),
      () => laptop.close(),
    );

    // A creator publishes a free course with one exercise lesson.
    await studio.call('signUp', {
      email: 'maker@example.com',
      password: 'correct horse battery',
      displayName: '林老师',
    });
    await studio.call('invoke', 'creator.become', {});
    const draft = await studio.call<CourseDraftDoc>('invoke', 'drafts.create', {
      title: { zh: '练习课', en: 'Practice' },
    });
    await studio.call('invoke', 'drafts.update', {
      courseId: draft.id,
      description: { zh: '练一练', en: 'Practise' },
      categoryId: 'programming',
      categoryName: { zh: '编程', en: 'Programming' },
    });
    const withLesson = await studio.call<CourseDraftDoc>('invoke', 'drafts.addLesson', {
      courseId: draft.id,
      sectionId: draft.sections[0]!.id,
      kind: 'exercise',
      title: { zh: '排序小测', en: 'Sorting quiz' },
    });
    const lessonId = withLesson.lessons[0]!.id;
    // A new exercise has no questions: publishing waits for them.
    await expect(studio.call('invoke', 'drafts.publish', { courseId: draft.id })).rejects.toThrow(/not ready/);
    await studio.call('invoke', 'drafts.updateLesson', {
      courseId: draft.id,
      lessonId,
      text: JSON.stringify(EXERCISE),
      // A free course's lessons are open to everyone.
      freePreview: true,
    });
    await studio.call('awaitInSync');
    await studio.call('invoke', 'drafts.publish', { courseId: draft.id });

    // A learner practises: graded at once, with the explanation.
    await laptop.call('signUp', { email: 'mei@example.com', password: 'correct horse battery', displayName: 'Mei' });
    await eventually(async () => {
      await laptop.call('resync');
      // The learner opens the course's page: its lessons come on demand (the course is not held).
      await laptop.call('showCatalogue');
      return (await laptop.call('findLesson', lessonId)) !== null;
    });
    const answer = (questionId: string, value: unknown, round = `${lessonId}:r1`) =>
      laptop.call<ExerciseAnswered>('invoke', 'exercises.answer', { lessonId, round, questionId, answer: value });
    const wrong = await answer('q1', { type: 'truefalse', value: true });
    expect(wrong).toMatchObject({
      correct: false,
      explanation: '相等元素可能交换位置。',
      progress: { mastered: false },
    });
    await expect(answer('q9', { type: 'truefalse', value: true })).rejects.toThrow(/no longer in the exercise/);

    // Offline: still graded, kept, and mastered (2 of the last 3 right).
    await server.stop();
    expect((await answer('q2', { type: 'single', optionId: 'a' })).progress).toMatchObject({ mastered: false });
    const mastered = await answer('q3', { type: 'fill', text: '1,024' });
    expect(mastered).toMatchObject({ correct: true, progress: { mastered: true, answered: 3, correct: 2 } });
    const progress = await laptop.call<{ lessons: { lessonId: string; completed: boolean }[] } | null>(
      'findOne',
      'progress',
      `${String(await laptop.call('userId'))}:${draft.id}`,
    );
    expect(progress?.lessons.find((l) => l.lessonId === lessonId)?.completed).toBe(true);

    // Back online, the attempts reach the server exactly as answered, and a second device derives the same.
    await server.start();
    await laptop.call('resync');
    await laptop.call('awaitInSync');
    const phone = await spawnDevice(newDir(), server.url, 'Phone');
    cleanups.push(() => phone.close());
    await phone.call('signIn', { email: 'mei@example.com', password: 'correct horse battery' });
    await eventually(async () => {
      await phone.call('resync');
      return (await phone.call<AttemptDoc[]>('find', 'attempts')).length === 3;
    });
    const onLaptop = await laptop.call<ExerciseState>('watchOnce', 'exercises.watch', { lessonId });
    const onPhone = await until(async () => {
      const state = await phone.call<ExerciseState>('watchOnce', 'exercises.watch', { lessonId });
      if (!state.progress) throw new Error('the exercise is not on the phone yet');
      return state;
    });
    expect(onPhone.progress).toEqual(mastered.progress);
    expect(onPhone.attempts).toEqual(onLaptop.attempts);
  }, 90_000);
});
