import type { RxJsonSchema } from 'rxdb';
import { id, optionalTimestamp, timestamp } from './shared-fields.js';

export interface ProgressDoc {
  /** `<userId>:<courseId>`: one document per learner and course. */
  id: string;
  userId: string;
  courseId: string;
  lessons: {
    lessonId: string;
    positionSeconds: number;
    furthestSeconds: number;
    completed: boolean;
    updatedAt: number;
    /** What of the lesson was actually seen, as ranges of shares (common/learning/seen-ranges.ts; since version 1). */
    seen?: [number, number][];
    /** The learner said it is done ("mark complete"), whatever was seen (since version 1). */
    markedComplete?: boolean;
  }[];
  lastLessonId?: string;
  /** Share of the course's lessons completed, 0 to 1, for sorting and display. */
  completion: number;
  updatedAt: number;
}

/** Where a learner is in a course. Merged on conflict: furthest position, union of completed lessons. */
export const progressSchema: RxJsonSchema<ProgressDoc> = {
  title: 'progress',
  // 1: optional `seen` ranges and `markedComplete` per lesson.
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 201 },
    userId: id,
    courseId: id,
    lessons: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          lessonId: id,
          positionSeconds: { type: 'number', minimum: 0 },
          furthestSeconds: { type: 'number', minimum: 0 },
          completed: { type: 'boolean' },
          updatedAt: timestamp,
          seen: {
            type: 'array',
            maxItems: 24,
            items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'number', minimum: 0, maximum: 1 } },
          },
          markedComplete: { type: 'boolean' },
        },
        required: ['lessonId', 'positionSeconds', 'furthestSeconds', 'completed', 'updatedAt'],
      },
    },
    lastLessonId: { type: 'string', maxLength: 100 },
    completion: { type: 'number', minimum: 0, maximum: 1 },
    updatedAt: timestamp,
  },
  required: ['id', 'userId', 'courseId', 'lessons', 'completion', 'updatedAt'],
  indexes: ['courseId', 'updatedAt'],
};

export interface NoteDoc {
  id: string;
  userId: string;
  courseId: string;
  lessonId: string;
  kind: 'note' | 'highlight' | 'bookmark';
  /** Where in the lesson: a text range, a PDF page (and range), or a media timestamp. */
  anchor: { type: 'text' | 'page' | 'time'; start: number; end?: number; quote?: string };
  body: string;
  color?: 'yellow' | 'green' | 'blue' | 'pink';
  /** When two devices edited the same note offline, the losing version is kept as a copy pointing here. */
  conflictOf?: string;
  createdAt: number;
  updatedAt: number;
}

/** Notes, highlights and bookmarks. Private to their owner. */
export const noteSchema: RxJsonSchema<NoteDoc> = {
  title: 'note',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    userId: id,
    courseId: id,
    lessonId: id,
    kind: { type: 'string', enum: ['note', 'highlight', 'bookmark'] },
    anchor: {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['text', 'page', 'time'] },
        start: { type: 'number', minimum: 0 },
        end: { type: 'number', minimum: 0 },
        quote: { type: 'string', maxLength: 2000 },
      },
      required: ['type', 'start'],
    },
    body: { type: 'string', maxLength: 20000 },
    color: { type: 'string', enum: ['yellow', 'green', 'blue', 'pink'] },
    conflictOf: { type: 'string', maxLength: 100 },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
  required: ['id', 'userId', 'courseId', 'lessonId', 'kind', 'anchor', 'body', 'createdAt', 'updatedAt'],
  indexes: [['courseId', 'createdAt'], ['lessonId', 'createdAt'], 'updatedAt'],
};

export interface RatingDoc {
  /** `<userId>:<courseId>`: one rating per learner and course. */
  id: string;
  userId: string;
  courseId: string;
  stars: 1 | 2 | 3 | 4 | 5;
  /** Optional review text; published (without the rating's owner id) as a review. */
  review?: string;
  createdAt: number;
  updatedAt: number;
}

/** A learner's own rating of a course. Private; others see only aggregates and reviews. */
export const ratingSchema: RxJsonSchema<RatingDoc> = {
  title: 'rating',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 201 },
    userId: id,
    courseId: id,
    stars: { type: 'integer', minimum: 1, maximum: 5 },
    review: { type: 'string', maxLength: 5000 },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
  required: ['id', 'userId', 'courseId', 'stars', 'createdAt', 'updatedAt'],
  indexes: ['courseId', 'updatedAt'],
};

export interface ReviewDoc {
  id: string;
  courseId: string;
  authorName: string;
  stars: 1 | 2 | 3 | 4 | 5;
  text: string;
  createdAt: number;
  updatedAt: number;
  hiddenAt?: number;
}

/** Published reviews of a course, readable by everyone. Written by the server from ratings. */
export const reviewSchema: RxJsonSchema<ReviewDoc> = {
  title: 'review',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    courseId: id,
    authorName: { type: 'string', maxLength: 100 },
    stars: { type: 'integer', minimum: 1, maximum: 5 },
    text: { type: 'string', maxLength: 5000 },
    createdAt: timestamp,
    updatedAt: timestamp,
    hiddenAt: optionalTimestamp,
  },
  required: ['id', 'courseId', 'authorName', 'stars', 'text', 'createdAt', 'updatedAt'],
  indexes: [['courseId', 'createdAt'], 'updatedAt'],
};

/**
 * One answer to one exercise question: append-only — written once by the device that
 * answered, never changed or deleted — so two devices answering at once, or a crash
 * mid-exercise, lose nothing and never conflict. Progress and mastery derive from these
 * records (common/exercises/mastery.ts), the same on every device and on the server.
 */
export interface AttemptDoc {
  id: string;
  userId: string;
  courseId: string;
  lessonId: string;
  questionId: string;
  /** The round the question was asked in (its draw and option order come from this id). */
  round: string;
  /** What was answered (common/exercises/questions.ts `Answer`). */
  answer: Record<string, unknown>;
  correct: boolean;
  /** When it was answered, on the answering device. */
  at: number;
  updatedAt: number;
}

export const attemptSchema: RxJsonSchema<AttemptDoc> = {
  title: 'attempt',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    userId: id,
    courseId: id,
    lessonId: id,
    questionId: { type: 'string', maxLength: 40 },
    round: { type: 'string', maxLength: 100 },
    answer: { type: 'object' },
    correct: { type: 'boolean' },
    at: timestamp,
    updatedAt: timestamp,
  },
  required: ['id', 'userId', 'courseId', 'lessonId', 'questionId', 'round', 'answer', 'correct', 'at', 'updatedAt'],
  indexes: ['lessonId', 'updatedAt'],
};
