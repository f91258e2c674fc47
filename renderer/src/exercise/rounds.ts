import { drawRound, type ShownQuestion } from '../../../common/exercises/draw.js';
import type { Exercise } from '../../../common/exercises/questions.js';
import type { ExerciseState } from '../../../common/contract/exercises.js';

/** A round's id: the lesson and its number (its draw and option order come from it). */
export const roundId = (lessonId: string, number: number) => `${lessonId}:r${number}`;

export interface Round {
  id: string;
  number: number;
  questions: ShownQuestion[];
  /** Questions of this round already answered, by question id: whether right. */
  answered: Map<string, boolean>;
}

/**
 * The round the learner is in, from their attempts alone (so a crash, or another device,
 * resumes exactly there): the latest round while it has questions left, else the next one.
 */
export function currentRound(lessonId: string, exercise: Exercise, attempts: ExerciseState['attempts']): Round {
  const numbers = attempts
    .map((a) => (a.round.startsWith(`${lessonId}:r`) ? Number(a.round.slice(lessonId.length + 2)) : 0))
    .filter((n) => Number.isInteger(n) && n > 0);
  const latest = numbers.length ? Math.max(...numbers) : 1;
  const roundOf = (number: number): Round => {
    const id = roundId(lessonId, number);
    const answered = new Map<string, boolean>();
    for (const attempt of attempts) if (attempt.round === id) answered.set(attempt.questionId, attempt.correct);
    return { id, number, questions: drawRound(exercise, id), answered };
  };
  const round = roundOf(latest);
  return round.questions.every((shown) => round.answered.has(shown.question.id)) && round.answered.size > 0
    ? roundOf(latest + 1)
    : round;
}
