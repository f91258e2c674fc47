import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exerciseProgress, type GradedAttempt } from './mastery.js';
import { exerciseSchema } from './questions.js';

const questions = ['q1', 'q2', 'q3', 'q4', 'q5'].map((id) => ({
  id,
  type: 'truefalse' as const,
  prompt: id,
  correct: true,
}));
const rules = [{ kind: 'm-of-n', m: 3, n: 5 }, { kind: 'all-correct' }, { kind: 'score', percent: 60 }] as const;

const attempts = fc.array(
  fc.record({
    id: fc.uuid(),
    questionId: fc.constantFrom('q1', 'q2', 'q3', 'q4', 'q5', 'removed'),
    correct: fc.boolean(),
    // Few distinct times, so answers in the same millisecond (two devices at once) are common.
    at: fc.integer({ min: 0, max: 40 }),
  }),
  { maxLength: 60 },
);

describe('progress derived from attempts', () => {
  it('is the same whichever device holds the attempts, in whatever order they arrived or were merged', () => {
    fc.assert(
      fc.property(
        attempts,
        fc.constantFrom(...rules),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (list: GradedAttempt[], mastery, seed) => {
          const exercise = exerciseSchema.parse({ format: 'zhiku-exercise', version: 1, questions, mastery });
          // The server's copy: everything in arrival order. A device's copy: shuffled, and split across
          // two devices whose halves were merged (with duplicates from a retried upload).
          const random = fc.sample(fc.shuffledSubarray(list, { minLength: list.length }), { seed, numRuns: 1 })[0]!;
          const half = Math.floor(random.length / 2);
          const merged = [...random.slice(half), ...random.slice(0, half), ...random.slice(0, 3)];
          const deduplicated = [...new Map(merged.map((a) => [a.id, a])).values()];
          expect(exerciseProgress(exercise, deduplicated)).toEqual(exerciseProgress(exercise, list));
        },
      ),
      { numRuns: 500 },
    );
  });
});
