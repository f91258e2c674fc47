import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { exerciseProgress, type GradedAttempt } from '../../common/exercises/mastery.js';
import { exerciseSchema } from '../../common/exercises/questions.js';
import { useTempDirs } from '../../tests/helpers.js';
import { serverMastery } from '../certificates/server-mastery.js';
import { publishCourse, signUpAndIn, startTestServer, type TestServer } from './server-harness.js';

const newDir = useTempDirs();
let api: TestServer | undefined;
afterAll(async () => api?.close());

const QUIZ = {
  format: 'zhiku-exercise',
  version: 1,
  questions: ['q1', 'q2', 'q3'].map((id) => ({ id, type: 'truefalse', prompt: id, correct: true })),
  shuffleOptions: true,
  mastery: { kind: 'm-of-n', m: 3, n: 4 },
};

describe('mastery on the device and on the server', () => {
  it('agree for random sequences of answers, pushed through real replication', async () => {
    api = await startTestServer(newDir(), { ZHIKU_DEMO_CATALOG: 'off' });
    const server = api;
    const creator = await signUpAndIn(server, 'lin@example.com', { role: 'creator' });
    await publishCourse(server, creator, 'quiz', {
      priceAmount: 0,
      freePreview: true,
      lessonIds: ['quiz-l1'],
      exercises: { 'quiz-l1': QUIZ },
    });
    const exercise = exerciseSchema.parse(QUIZ);
    let learners = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            questionId: fc.constantFrom('q1', 'q2', 'q3'),
            correct: fc.boolean(),
            at: fc.integer({ min: 1, max: 30 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (answers) => {
          const learner = await signUpAndIn(server, `learner${++learners}@example.com`);
          const attempts: GradedAttempt[] = answers.map((a, i) => ({ id: `attempt-${learners}-${i}`, ...a }));
          // Pushed in a random-ish order (reversed), as devices may; the server keeps them as written.
          const pushed = await server.call('POST', '/v1/sync/attempts/push', {
            token: learner.accessToken,
            body: [...attempts].reverse().map((a) => ({
              assumedMasterState: null,
              newDocumentState: {
                ...a,
                userId: learner.userId,
                courseId: 'quiz',
                lessonId: 'quiz-l1',
                round: 'quiz-l1:r1',
                answer: { type: 'truefalse', value: a.correct },
                updatedAt: a.at,
                _deleted: false,
              },
            })),
          });
          expect(pushed.status).toBe(200);
          const onServer = await serverMastery(server.context.db, (lessonId, courseId) =>
            server.context.content.lessonBodyPath(lessonId, courseId),
          ).masteredBy(learner.userId);
          expect(onServer.has('quiz-l1')).toBe(exerciseProgress(exercise, attempts).mastered);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
