import { createHash } from 'node:crypto';
import { sampleCourse, sampleLesson } from '../../main/core/database/samples.js';
import { examPaperText } from '../../common/exercises/exam-paper.js';
import { examSchema } from '../../common/exercises/exam.js';
import type { ReplicatedCollection } from '../replication/collection-rules.js';

type Doc = Record<string, unknown>;

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** An exam (with its key), as a creator writes it; publish it with `publishCourse(..., { exams })`. */
export const SAMPLE_EXAM = {
  format: 'zhiku-exam',
  version: 1,
  questions: [
    { id: 'q1', type: 'truefalse', prompt: 'Is 2 + 2 = 4?', correct: true, explanation: 'Count them.' },
    {
      id: 'q2',
      type: 'single',
      prompt: 'Pick the prime.',
      options: [
        { id: 'a', text: '4' },
        { id: 'b', text: '7' },
      ],
      correct: 'b',
    },
  ],
  passPercent: 50,
  attempts: 2,
  shuffleOptions: true,
  secret: '0123456789abcdef0123456789abcdef',
} as const;
/** The course and lesson `sampleDocument('examsittings')` sits (a free course: publish it first). */
export const SAMPLE_EXAM_COURSE = 'exam-sample';
export const SAMPLE_EXAM_LESSON = 'exam-sample-final';
/** SHA-256 of the sample exam's paper, as the server publishes it. */
export const SAMPLE_EXAM_PAPER_SHA256 = sha256Hex(examPaperText(examSchema.parse(SAMPLE_EXAM), sha256Hex));

/** A valid document of each replicated collection, written by (or about) `userId`. */
export function sampleDocument(collection: ReplicatedCollection, userId: string, suffix = '1'): Doc {
  const courseId = `course-${suffix}`;
  const base = { _deleted: false };
  switch (collection) {
    case 'courses':
      return { ...sampleCourse(courseId, { creatorId: userId }), ...base };
    case 'lessons':
      return { ...sampleLesson(courseId, 0), id: `lesson-${suffix}`, ...base };
    case 'entitlements':
      return {
        id: `ent-${suffix}`,
        userId,
        courseId,
        source: 'grant',
        grantedAt: 1,
        signature: 'sig',
        updatedAt: 1,
        ...base,
      };
    case 'orders':
      return {
        id: `ord-${suffix}`,
        userId,
        status: 'paid',
        items: [{ courseId, amount: 100, currency: 'CNY', refunded: false }],
        totalAmount: 100,
        currency: 'CNY',
        testMode: true,
        createdAt: 1,
        updatedAt: 1,
        ...base,
      };
    case 'ratings':
      // Ratings need a public course the learner may rate: a free course of the demo catalog.
      return {
        id: `${userId}:typography-screens`,
        userId,
        courseId: 'typography-screens',
        stars: 4,
        review: '讲得很清楚',
        createdAt: 1,
        updatedAt: 1,
        ...base,
      };
    case 'progress':
      return {
        id: `${userId}:${courseId}`,
        userId,
        courseId,
        lessons: [{ lessonId: 'l1', positionSeconds: 30, furthestSeconds: 60, completed: false, updatedAt: 1 }],
        completion: 0,
        updatedAt: 1,
        ...base,
      };
    case 'attempts':
      // An answer in a lesson the learner may open: a lesson of a free course of the demo catalog.
      return {
        id: `attempt-${userId}-${suffix}`,
        userId,
        courseId: 'typography-screens',
        lessonId: 'type-l1',
        questionId: 'q1',
        round: 'round-1',
        answer: { type: 'truefalse', value: true },
        correct: true,
        at: 1,
        updatedAt: 1,
        ...base,
      };
    case 'examsittings':
      return {
        id: `sitting-${userId}-${suffix}`,
        userId,
        courseId: SAMPLE_EXAM_COURSE,
        lessonId: SAMPLE_EXAM_LESSON,
        paperSha256: SAMPLE_EXAM_PAPER_SHA256,
        startedAt: 1,
        answers: { q1: { type: 'truefalse', value: true } },
        status: 'open',
        submittedAt: 0,
        updatedAt: 1,
        ...base,
      };
    case 'notes':
      return {
        id: `note-${userId}-${suffix}`,
        userId,
        courseId,
        lessonId: 'l1',
        kind: 'note',
        anchor: { type: 'time', start: 12 },
        body: '重点：背包问题',
        createdAt: 1,
        updatedAt: 1,
        ...base,
      };
    case 'reviews':
      return {
        id: `rev-${suffix}`,
        courseId,
        authorName: 'Lin',
        stars: 5,
        text: 'Great',
        createdAt: 1,
        updatedAt: 1,
        ...base,
      };
    case 'coursedrafts':
      return {
        id: courseId,
        creatorId: userId,
        title: { zh: '草稿', en: 'Draft' },
        subtitle: { zh: '', en: '' },
        description: { zh: '', en: '' },
        categoryId: 'programming',
        categoryName: { zh: '编程', en: 'Programming' },
        tags: [],
        language: 'zh-CN',
        level: 'beginner',
        priceAmount: 0,
        currency: 'CNY',
        sections: [],
        lessons: [],
        draftRevision: 1,
        state: 'draft',
        updatedAt: 1,
        ...base,
      };
    case 'humans':
      return { passportId: `human-${suffix}`, firstName: 'Lin', lastName: 'Xiao', age: 30, ...base };
  }
}
