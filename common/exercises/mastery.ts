import type { Exercise, MasteryRule } from './questions.js';

/** One graded answer, as every device and the server record it (append-only). */
export interface GradedAttempt {
  /** Unique per answer; breaks ties between answers given in the same millisecond. */
  id: string;
  questionId: string;
  correct: boolean;
  /** When it was answered (the answering device's clock, corrected to the server's when it syncs). */
  at: number;
}

/** Attempts in the one order everyone uses: by time, then id (two devices may answer in the same millisecond). */
export function inAnswerOrder<T extends GradedAttempt>(attempts: readonly T[]): T[] {
  return [...attempts].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface ExerciseProgress {
  /** Answers given, right and wrong. */
  answered: number;
  correct: number;
  /** Questions whose latest answer is right. */
  questionsRight: number;
  /** How many questions a round asks (the draw, or all). */
  asked: number;
  mastered: boolean;
  /** For m-of-n: how many of the last n are right (what the learner sees as progress toward m). */
  streak?: { right: number; of: number; needed: number };
}

/**
 * Where a learner stands on an exercise, derived from their attempts alone — the same
 * function on the device and on the server, so the two always agree. Attempts for
 * questions no longer in the exercise do not count. Practice never fails anyone: a wrong
 * answer only means more practice.
 */
export function exerciseProgress(
  exercise: Pick<Exercise, 'questions' | 'draw' | 'mastery'>,
  attempts: readonly GradedAttempt[],
): ExerciseProgress {
  const known = new Set(exercise.questions.map((q) => q.id));
  const ordered = inAnswerOrder(attempts.filter((a) => known.has(a.questionId)));
  const latest = new Map<string, boolean>();
  for (const attempt of ordered) latest.set(attempt.questionId, attempt.correct);
  const questionsRight = [...latest.values()].filter(Boolean).length;
  const asked = exercise.draw ?? exercise.questions.length;
  const base = {
    answered: ordered.length,
    correct: ordered.filter((a) => a.correct).length,
    questionsRight,
    asked,
  };
  return { ...base, ...judge(exercise.mastery, ordered, questionsRight, asked) };
}

function judge(
  rule: MasteryRule,
  ordered: readonly GradedAttempt[],
  questionsRight: number,
  asked: number,
): Pick<ExerciseProgress, 'mastered' | 'streak'> {
  switch (rule.kind) {
    case 'm-of-n': {
      const window = ordered.slice(-rule.n);
      const right = window.filter((a) => a.correct).length;
      return { mastered: right >= rule.m, streak: { right, of: window.length, needed: rule.m } };
    }
    case 'all-correct':
      return { mastered: questionsRight >= asked };
    case 'score':
      return { mastered: asked > 0 && (questionsRight / asked) * 100 >= rule.percent };
  }
}
