import { z } from 'zod';
import type { Exam } from './exam.js';
import { isCorrect } from './grading.js';
import type { Answer, Question } from './questions.js';

/** SHA-256 of a UTF-8 text, as lowercase hex (given by the caller: common code imports no Node). */
export type Sha256Hex = (text: string) => string;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const text = z.string().min(1).max(20_000);
const choice = z.object({ id, text }).strict();

/**
 * A question as a learner sees it — in practice and on an exam paper alike — with nothing of
 * its key: options, items and the right-hand column already in the order they are shown.
 */
export const shownQuestionSchema = z.discriminatedUnion('type', [
  z
    .object({ id, type: z.enum(['single', 'multiple']), prompt: text, options: z.array(choice).min(2).max(12) })
    .strict(),
  z.object({ id, type: z.literal('truefalse'), prompt: text }).strict(),
  z.object({ id, type: z.literal('fill'), prompt: text }).strict(),
  z.object({ id, type: z.literal('ordering'), prompt: text, items: z.array(choice).min(2).max(12) }).strict(),
  z
    .object({
      id,
      type: z.literal('matching'),
      prompt: text,
      left: z.array(choice).min(2).max(12),
      right: z.array(choice).min(2).max(12),
    })
    .strict(),
]);
export type DisplayQuestion = z.output<typeof shownQuestionSchema>;

/** What is published for an exam lesson and downloaded by learners: the rules and the key-free questions. */
export const examPaperSchema = z
  .object({
    format: z.literal('zhiku-exam-paper'),
    version: z.literal(1),
    passPercent: z.number().min(1).max(100),
    timeLimitMinutes: z.number().int().min(1).max(600).optional(),
    attempts: z.number().int().min(1).max(20),
    opensAt: z.number().int().min(0).optional(),
    closesAt: z.number().int().min(0).optional(),
    questions: z.array(shownQuestionSchema).min(1).max(200),
  })
  .strict();
export type ExamPaper = z.output<typeof examPaperSchema>;
export type ExamRules = Omit<ExamPaper, 'format' | 'version' | 'questions'>;

export function parseExamPaper(body: string): ExamPaper | null {
  try {
    const parsed = examPaperSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not JSON: not a paper, which is what null says.
    return null;
  }
}

type Role = 'option' | 'item' | 'left' | 'right';

/** The opaque id a paper gives an option, item or column entry: derived from the exam's secret, so it reveals nothing. */
function opaqueIds(exam: Pick<Exam, 'secret'>, hash: Sha256Hex) {
  return (questionId: string, role: Role, itemId: string) =>
    `p${hash(`${exam.secret}\n${questionId}\n${role}\n${itemId}`).slice(0, 20)}`;
}

/** Entries in a fixed order that says nothing about the key: sorted by their opaque ids. */
const byId = <T extends { id: string }>(entries: T[]) => [...entries].sort((a, b) => (a.id < b.id ? -1 : 1));

function shownQuestion(question: Question, paperId: ReturnType<typeof opaqueIds>): DisplayQuestion {
  const { id: qid, prompt } = question;
  switch (question.type) {
    case 'single':
    case 'multiple': {
      // Always in the secret's order: the order written (GIFT puts the right answer first) would tell.
      const options = question.options.map((o) => ({ id: paperId(qid, 'option', o.id), text: o.text }));
      return { id: qid, type: question.type, prompt, options: byId(options) };
    }
    case 'truefalse':
    case 'fill':
      return { id: qid, type: question.type, prompt };
    case 'ordering':
      // Never in the right order: the items are listed by their opaque ids.
      return {
        id: qid,
        type: 'ordering',
        prompt,
        items: byId(question.items.map((i) => ({ id: paperId(qid, 'item', i.id), text: i.text }))),
      };
    case 'matching':
      // Left and right get unrelated ids, so a pair's two halves cannot be told from their ids.
      return {
        id: qid,
        type: 'matching',
        prompt,
        left: question.pairs.map((p) => ({ id: paperId(qid, 'left', p.id), text: p.left })),
        right: byId(question.pairs.map((p) => ({ id: paperId(qid, 'right', p.id), text: p.right }))),
      };
  }
}

/**
 * The paper of an exam: everything a learner needs to sit it and nothing of its key — no
 * right options, accepted answers, numbers, explanations, secret or authored ids; ordering
 * items and the matching column in an order derived from the secret. A pure function of
 * the exam, so the creator's device, the server and tests build the same bytes. Options are
 * always listed in the secret's order (an exam's `shuffleOptions` does not keep the written
 * order: GIFT, for one, writes the right answer first).
 */
export function examPaper(exam: Exam, hash: Sha256Hex): ExamPaper {
  const paperId = opaqueIds(exam, hash);
  return {
    format: 'zhiku-exam-paper',
    version: 1,
    passPercent: exam.passPercent,
    ...(exam.timeLimitMinutes !== undefined ? { timeLimitMinutes: exam.timeLimitMinutes } : {}),
    attempts: exam.attempts,
    ...(exam.opensAt !== undefined ? { opensAt: exam.opensAt } : {}),
    ...(exam.closesAt !== undefined ? { closesAt: exam.closesAt } : {}),
    questions: exam.questions.map((question) => shownQuestion(question, paperId)),
  };
}

/** The paper as published (its bytes are what lessons' SHA-256 names). */
export function examPaperText(exam: Exam, hash: Sha256Hex): string {
  return JSON.stringify(examPaper(exam, hash));
}

/** An answer given on the paper, in the exam's own ids (unknown ids stay unknown, and so wrong). */
export function answerFromPaper(exam: Exam, question: Question, answer: Answer, hash: Sha256Hex): Answer {
  const paperId = opaqueIds(exam, hash);
  const back = (role: Role, ids: readonly string[]) => {
    const map = new Map(ids.map((original) => [paperId(question.id, role, original), original]));
    return (given: string) => map.get(given) ?? `?${given}`.slice(0, 40);
  };
  switch (answer.type) {
    case 'single':
      return question.type === 'single'
        ? {
            type: 'single',
            optionId: back(
              'option',
              question.options.map((o) => o.id),
            )(answer.optionId),
          }
        : answer;
    case 'multiple':
      return question.type === 'multiple'
        ? {
            type: 'multiple',
            optionIds: answer.optionIds.map(
              back(
                'option',
                question.options.map((o) => o.id),
              ),
            ),
          }
        : answer;
    case 'ordering':
      return question.type === 'ordering'
        ? {
            type: 'ordering',
            itemIds: answer.itemIds.map(
              back(
                'item',
                question.items.map((i) => i.id),
              ),
            ),
          }
        : answer;
    case 'matching': {
      if (question.type !== 'matching') return answer;
      const ids = question.pairs.map((p) => p.id);
      const left = back('left', ids);
      const right = back('right', ids);
      return {
        type: 'matching',
        matches: Object.fromEntries(Object.entries(answer.matches).map(([l, r]) => [left(l), right(r)])),
      };
    }
    default:
      return answer;
  }
}

export interface ExamGrade {
  right: number;
  total: number;
  /** Share right, 0–100, to one decimal. */
  percent: number;
  passed: boolean;
}

/** Grades a sitting's answers (given on the paper) against the exam's key; an unanswered question is wrong. */
export function gradeExam(exam: Exam, answers: Readonly<Record<string, Answer>>, hash: Sha256Hex): ExamGrade {
  let right = 0;
  for (const question of exam.questions) {
    const given = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    if (given && isCorrect(question, answerFromPaper(exam, question, given, hash))) right++;
  }
  const total = exam.questions.length;
  return {
    right,
    total,
    percent: Math.round((right / total) * 1000) / 10,
    passed: right * 100 >= exam.passPercent * total,
  };
}
