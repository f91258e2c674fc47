import { normalizeAnswerText } from './grading.js';
import { inAnswerOrder, exerciseProgress, type GradedAttempt } from './mastery.js';
import type { Answer, Exercise, Question } from './questions.js';

/** One question of an exercise, as its creator sees learners answer it (counts only, never who). */
export interface QuestionStats {
  questionId: string;
  prompt: string;
  type: Question['type'];
  answers: number;
  right: number;
  /** Learners who answered it at least once. */
  learners: number;
  /** The wrong answer given most often, as the learner saw it, and how often. */
  commonWrong: { label: string; count: number } | null;
  /** Learners whose last answer (without mastering the exercise) was to this question: where they gave up. */
  stoppedHere: number;
}

export type AnsweredAttempt = GradedAttempt & { answer: Answer | Record<string, unknown> };

/** A wrong answer as words: the options chosen, the text typed, or what kind of mistake it was. */
export function answerLabel(question: Question, answer: Answer | Record<string, unknown>): string {
  const given = answer as Answer;
  switch (question.type) {
    case 'single':
      return given.type === 'single' ? (question.options.find((o) => o.id === given.optionId)?.text ?? '?') : '?';
    case 'multiple':
      return given.type === 'multiple'
        ? question.options
            .filter((o) => given.optionIds.includes(o.id))
            .map((o) => o.text)
            .join(' + ') || '—'
        : '?';
    case 'truefalse':
      return given.type === 'truefalse' ? String(given.value) : '?';
    case 'fill':
      return given.type === 'fill' ? normalizeAnswerText(given.text) || '—' : '?';
    case 'ordering':
      return given.type === 'ordering'
        ? given.itemIds.map((id) => question.items.find((item) => item.id === id)?.text ?? '?').join(' → ')
        : '?';
    case 'matching':
      return given.type === 'matching'
        ? question.pairs
            .map(
              (pair) => `${pair.left} ↔ ${question.pairs.find((p) => p.id === given.matches[pair.id])?.right ?? '—'}`,
            )
            .join('; ')
        : '?';
  }
}

/**
 * Per question: answers, right answers, learners, the most common wrong answer and where
 * learners stopped without mastering — from every learner's attempts at one exercise.
 */
export function questionStats(
  exercise: Pick<Exercise, 'questions' | 'draw' | 'mastery'>,
  byLearner: ReadonlyMap<string, AnsweredAttempt[]>,
): QuestionStats[] {
  const stats = new Map(
    exercise.questions.map((q) => [
      q.id,
      {
        question: q,
        answers: 0,
        right: 0,
        learners: new Set<string>(),
        wrong: new Map<string, number>(),
        stoppedHere: 0,
      },
    ]),
  );
  for (const [learner, attempts] of byLearner) {
    const ordered = inAnswerOrder(attempts.filter((a) => stats.has(a.questionId)));
    for (const attempt of ordered) {
      const entry = stats.get(attempt.questionId)!;
      entry.answers++;
      entry.learners.add(learner);
      if (attempt.correct) entry.right++;
      else {
        const label = answerLabel(entry.question, attempt.answer);
        entry.wrong.set(label, (entry.wrong.get(label) ?? 0) + 1);
      }
    }
    const last = ordered.at(-1);
    if (last && !exerciseProgress(exercise, ordered).mastered) stats.get(last.questionId)!.stoppedHere++;
  }
  return [...stats.values()].map((entry) => {
    const [label, count] = [...entry.wrong.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [];
    return {
      questionId: entry.question.id,
      prompt: entry.question.prompt,
      type: entry.question.type,
      answers: entry.answers,
      right: entry.right,
      learners: entry.learners.size,
      commonWrong: label === undefined ? null : { label, count: count! },
      stoppedHere: entry.stoppedHere,
    };
  });
}
