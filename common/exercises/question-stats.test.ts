import { describe, expect, it } from 'vitest';
import { questionStats, type AnsweredAttempt } from './question-stats.js';
import { exerciseSchema } from './questions.js';

const exercise = exerciseSchema.parse({
  format: 'zhiku-exercise',
  version: 1,
  questions: [
    {
      id: 'q1',
      type: 'single',
      prompt: 'LIFO?',
      options: [
        { id: 'a', text: 'Stack' },
        { id: 'b', text: 'Queue' },
        { id: 'c', text: 'Heap' },
      ],
      correct: 'a',
    },
    { id: 'q2', type: 'fill', prompt: '2^10', accepted: [], numeric: { value: 1024, tolerance: 0 } },
  ],
  mastery: { kind: 'all-correct' },
});
let n = 0;
const a = (questionId: string, correct: boolean, answer: AnsweredAttempt['answer'], at = ++n): AnsweredAttempt => ({
  id: `a${n}`,
  questionId,
  correct,
  answer,
  at,
});

describe('question statistics, by hand-computed cases', () => {
  it('count answers, learners, the most common wrong answer, and where learners gave up', () => {
    const stats = questionStats(
      exercise,
      new Map([
        // Mastered: q1 wrong (Queue) then right, q2 right.
        [
          'mei',
          [
            a('q1', false, { type: 'single', optionId: 'b' }),
            a('q1', true, { type: 'single', optionId: 'a' }),
            a('q2', true, { type: 'fill', text: '1024' }),
          ],
        ],
        // Gave up after a wrong q2.
        [
          'lin',
          [a('q1', true, { type: 'single', optionId: 'a' }), a('q2', false, { type: 'fill', text: ' １０００ ' })],
        ],
        // Gave up after q1: Queue again, then Heap.
        ['han', [a('q1', false, { type: 'single', optionId: 'b' }), a('q1', false, { type: 'single', optionId: 'c' })]],
      ]),
    );
    expect(stats).toEqual([
      {
        questionId: 'q1',
        prompt: 'LIFO?',
        type: 'single',
        answers: 5,
        right: 2,
        learners: 3,
        commonWrong: { label: 'Queue', count: 2 },
        stoppedHere: 1,
      },
      {
        questionId: 'q2',
        prompt: '2^10',
        type: 'fill',
        answers: 2,
        right: 1,
        learners: 2,
        commonWrong: { label: '1000', count: 1 },
        stoppedHere: 1,
      },
    ]);
  });
});
