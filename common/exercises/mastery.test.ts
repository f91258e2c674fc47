import { describe, expect, it } from 'vitest';
import { drawRound } from './draw.js';
import { exerciseProgress, type GradedAttempt } from './mastery.js';
import { exerciseSchema, type Exercise } from './questions.js';

const questions = ['q1', 'q2', 'q3', 'q4'].map((id) => ({
  id,
  type: 'truefalse' as const,
  prompt: `题 ${id}`,
  correct: true,
}));
const exercise = (patch: Partial<Exercise> = {}): Exercise =>
  exerciseSchema.parse({ format: 'zhiku-exercise', version: 1, questions, mastery: { kind: 'all-correct' }, ...patch });
let n = 0;
const attempt = (questionId: string, correct: boolean, at: number): GradedAttempt => ({
  id: `a${String(++n).padStart(3, '0')}`,
  questionId,
  correct,
  at,
});

describe('mastery, by hand-computed cases', () => {
  it('m of the last n: 3 of 5 counts only the newest five answers', () => {
    const rule = exercise({ mastery: { kind: 'm-of-n', m: 3, n: 5 } });
    const answers = [true, true, true, false, false, false, true, true].map((c, i) => attempt('q1', c, i));
    // Last five: F F F T T → 2 right: not yet.
    expect(exerciseProgress(rule, answers)).toMatchObject({ mastered: false, streak: { right: 2, of: 5, needed: 3 } });
    const more = [...answers, attempt('q2', true, 9)];
    // Last five: F F T T T → 3 right.
    expect(exerciseProgress(rule, more)).toMatchObject({ mastered: true, answered: 9, correct: 6 });
    // Fewer than n answers: m right is enough.
    expect(
      exerciseProgress(rule, [attempt('q1', true, 1), attempt('q2', true, 2), attempt('q3', true, 3)]).mastered,
    ).toBe(true);
  });

  it('all correct and score judge each question by its latest answer', () => {
    const all = exercise();
    const base = [attempt('q1', true, 1), attempt('q2', true, 2), attempt('q3', true, 3), attempt('q4', false, 4)];
    expect(exerciseProgress(all, base)).toMatchObject({ mastered: false, questionsRight: 3, asked: 4 });
    expect(exerciseProgress(all, [...base, attempt('q4', true, 5)]).mastered).toBe(true);
    // A later wrong answer undoes an earlier right one.
    expect(exerciseProgress(all, [...base, attempt('q4', true, 5), attempt('q1', false, 6)]).mastered).toBe(false);
    const score = exercise({ mastery: { kind: 'score', percent: 75 } });
    expect(exerciseProgress(score, base).mastered).toBe(true);
    expect(exerciseProgress(score, base.slice(0, 2)).mastered).toBe(false);
    // With a draw of 2, two questions right is everything asked.
    expect(exerciseProgress(exercise({ draw: 2 }), base.slice(0, 2)).mastered).toBe(true);
  });

  it('orders answers by time, then id, whatever order they arrive in; ignores removed questions', () => {
    const rule = exercise({ mastery: { kind: 'm-of-n', m: 1, n: 1 } });
    const same = [attempt('q1', false, 7), attempt('q1', true, 7)];
    expect(exerciseProgress(rule, same).mastered).toBe(true);
    expect(exerciseProgress(rule, [...same].reverse()).mastered).toBe(true);
    expect(exerciseProgress(rule, [attempt('gone', true, 9)])).toMatchObject({ answered: 0, mastered: false });
  });

  it('draws the same round from the same seed, and different rounds from different seeds', () => {
    const withOptions = exercise({
      draw: 2,
      questions: ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].map((id) => ({
        id,
        type: 'single' as const,
        prompt: id,
        options: ['a', 'b', 'c', 'd'].map((o) => ({ id: o, text: o })),
        correct: 'a',
      })),
    });
    const round = drawRound(withOptions, 'round-1');
    expect(round).toHaveLength(2);
    expect(drawRound(withOptions, 'round-1')).toEqual(round);
    for (const shown of round) expect([...shown.order].sort()).toEqual(['a', 'b', 'c', 'd']);
    const rounds = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(drawRound(withOptions, `r${i}`))));
    expect(rounds.size).toBeGreaterThan(10);
    const unshuffled = drawRound({ ...withOptions, draw: undefined, shuffleOptions: false }, 'x');
    expect(unshuffled.map((s) => s.question.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    expect(unshuffled[0]!.order).toEqual(['a', 'b', 'c', 'd']);
  });
});
