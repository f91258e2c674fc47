import type { RxJsonSchema } from 'rxdb';
import { id, timestamp } from './shared-fields.js';

/**
 * One sitting of an exam by one learner, on the device that sat it: started, answered
 * question by question (each answer saved at once, so a crash resumes the sitting), then
 * sealed — submitted, by the learner or when time ran out — after which it never changes.
 * The device cannot grade it (it has no key); the server grades it once it syncs.
 */
export interface ExamSittingDoc {
  id: string;
  userId: string;
  courseId: string;
  lessonId: string;
  /** SHA-256 of the paper that was sat (the lesson's published content then). */
  paperSha256: string;
  /** On the sitting device's clock. */
  startedAt: number;
  /** Answers given on the paper (common/exercises/questions.ts `Answer`, in the paper's ids), by question id. */
  answers: Record<string, Record<string, unknown>>;
  status: 'open' | 'submitted';
  /** When it was sealed (0 while open). */
  submittedAt: number;
  /** Who sealed it: the learner, or the device when its time ran out. */
  sealedBy?: 'learner' | 'time';
  updatedAt: number;
}

export const examSittingSchema: RxJsonSchema<ExamSittingDoc> = {
  title: 'exam sitting',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    userId: id,
    courseId: id,
    lessonId: id,
    paperSha256: { type: 'string', maxLength: 64 },
    startedAt: timestamp,
    answers: { type: 'object' },
    status: { type: 'string', enum: ['open', 'submitted'] },
    submittedAt: timestamp,
    sealedBy: { type: 'string', enum: ['learner', 'time'] },
    updatedAt: timestamp,
  },
  required: [
    'id',
    'userId',
    'courseId',
    'lessonId',
    'paperSha256',
    'startedAt',
    'answers',
    'status',
    'submittedAt',
    'updatedAt',
  ],
  indexes: ['lessonId', 'updatedAt'],
};
