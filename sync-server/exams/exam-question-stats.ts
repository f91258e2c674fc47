import { createHash } from 'node:crypto';
import type { ExamSittingDoc } from '../../common/collections/index.js';
import { answerFromPaper } from '../../common/exercises/exam-paper.js';
import type { Exam } from '../../common/exercises/exam.js';
import { isCorrect } from '../../common/exercises/grading.js';
import { questionStats, type AnsweredAttempt, type QuestionStats } from '../../common/exercises/question-stats.js';
import type { Answer } from '../../common/exercises/questions.js';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * How learners answer an exam, per question — from the sittings the server graded (never void
 * ones), each answer judged by the key of the paper it was given on: answers, right answers, the
 * most common wrong answer, and where learners give up (left it unanswered in their latest
 * sitting). Counts only, never who.
 */
export function examQuestionStats(
  current: Exam,
  sittings: readonly { sitting: ExamSittingDoc; exam: Exam }[],
): { learners: number; questions: QuestionStats[] } {
  const byLearner = new Map<string, AnsweredAttempt[]>();
  const latest = new Map<string, ExamSittingDoc>();
  for (const { sitting, exam } of sittings) {
    const answers = sitting.answers as unknown as Record<string, Answer>;
    const list = byLearner.get(sitting.userId) ?? [];
    for (const question of exam.questions) {
      const given = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
      if (!given) continue;
      const answer = answerFromPaper(exam, question, given, sha256Hex);
      list.push({
        id: `${sitting.id}:${question.id}`,
        questionId: question.id,
        correct: isCorrect(question, answer),
        at: sitting.submittedAt,
        answer,
      });
    }
    byLearner.set(sitting.userId, list);
    const before = latest.get(sitting.userId);
    if (!before || before.startedAt < sitting.startedAt) latest.set(sitting.userId, sitting);
  }
  // Every learner answers the exam as a whole, so nothing is "mastered" in it: the stopping point is
  // counted below instead, from what each learner's latest sitting left unanswered.
  const stats = questionStats({ questions: current.questions, mastery: { kind: 'all-correct' } }, byLearner);
  return {
    learners: byLearner.size,
    questions: stats.map((entry) => ({
      ...entry,
      stoppedHere: [...latest.values()].filter((s) => !Object.hasOwn(s.answers, entry.questionId)).length,
    })),
  };
}
