import type { RxJsonSchema } from 'rxdb';
import {
  completionRulesSchema,
  type CompletionRules,
  currency,
  id,
  LESSON_KIND_VALUES,
  localizedText,
  minorUnits,
  shortText,
  timestamp,
  type LocalizedText,
} from './shared-fields.js';

export interface CourseDoc {
  id: string;
  creatorId: string;
  creatorName: LocalizedText;
  categoryId: string;
  categoryName: LocalizedText;
  language: 'zh-CN' | 'en';
  level: 'beginner' | 'intermediate' | 'advanced';
  title: LocalizedText;
  subtitle: LocalizedText;
  description: LocalizedText;
  /** 0 for free courses. */
  priceAmount: number;
  currency: 'CNY' | 'USD' | 'EUR';
  tags: string[];
  /** The outline: sections in order, each with its lessons' ids in order. */
  sections: { id: string; title: LocalizedText; lessonIds: string[] }[];
  lessonCount: number;
  durationSeconds: number;
  ratingAverage: number;
  ratingCount: number;
  status: 'draft' | 'published' | 'archived';
  publishedAt: number;
  updatedAt: number;
  /** The cover image, served at /v1/content/covers/<id> (since schema version 1). */
  cover?: CoverImage;
  /** The price in US cents at fixed reference rates, to sort mixed currencies (common/money; since version 2). */
  priceReference: number;
  /** How many learners hold the course (derived by the server from entitlements; since version 2). */
  learnerCount: number;
  /** What a learner will be able to do, and what they need first (since version 2). */
  outcomes?: LocalizedText[];
  requirements?: LocalizedText[];
  /** The creator's short biography at publication (since version 2). */
  creatorBio?: LocalizedText;
  /** What completes the course (since version 3; all of it when absent). */
  completion?: CompletionRules;
  /** A column's lessons still to come: their titles and release times, nothing of their content (since version 4). */
  upcoming?: { lessonId: string; title: LocalizedText; releaseAt: number }[];
}

export interface CoverImage {
  sha256: string;
  bytes: number;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
}

export const coverImage = {
  type: 'object',
  properties: {
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    bytes: { type: 'integer', minimum: 1 },
    mime: { type: 'string', enum: ['image/jpeg', 'image/png', 'image/webp'] },
  },
  required: ['sha256', 'bytes', 'mime'],
} as const;

/** Catalog metadata of a course with its section outline. Written by its creator. */
export const courseSchema: RxJsonSchema<CourseDoc> = {
  title: 'course',
  // 1: optional `cover`. 2: `priceReference`, `learnerCount`; optional `outcomes`, `requirements`, `creatorBio`.
  // 3: optional `completion` rules. 4: a column's `upcoming` lessons.
  version: 4,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    creatorId: id,
    creatorName: localizedText,
    categoryId: shortText(60),
    categoryName: localizedText,
    language: { type: 'string', enum: ['zh-CN', 'en'], maxLength: 5 },
    level: { type: 'string', enum: ['beginner', 'intermediate', 'advanced'] },
    title: localizedText,
    subtitle: localizedText,
    description: localizedText,
    priceAmount: minorUnits,
    currency,
    tags: { type: 'array', maxItems: 12, items: { type: 'string', maxLength: 40 } },
    sections: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id,
          title: localizedText,
          lessonIds: { type: 'array', items: { type: 'string', maxLength: 100 } },
        },
        required: ['id', 'title', 'lessonIds'],
      },
    },
    lessonCount: { type: 'integer', minimum: 0, maximum: 10000 },
    durationSeconds: { type: 'integer', minimum: 0 },
    ratingAverage: { type: 'number', minimum: 0, maximum: 5, multipleOf: 0.01 },
    ratingCount: { type: 'integer', minimum: 0, maximum: 1e9, multipleOf: 1 },
    status: { type: 'string', enum: ['draft', 'published', 'archived'], maxLength: 10 },
    publishedAt: timestamp,
    updatedAt: timestamp,
    cover: coverImage,
    priceReference: minorUnits,
    learnerCount: { type: 'integer', minimum: 0, maximum: 1e9 },
    outcomes: { type: 'array', maxItems: 12, items: localizedText },
    requirements: { type: 'array', maxItems: 12, items: localizedText },
    creatorBio: localizedText,
    completion: completionRulesSchema,
    upcoming: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        properties: { lessonId: id, title: localizedText, releaseAt: timestamp },
        required: ['lessonId', 'title', 'releaseAt'],
      },
    },
  },
  required: [
    'id',
    'creatorId',
    'creatorName',
    'categoryId',
    'categoryName',
    'language',
    'level',
    'title',
    'subtitle',
    'description',
    'priceAmount',
    'currency',
    'tags',
    'sections',
    'lessonCount',
    'durationSeconds',
    'ratingAverage',
    'ratingCount',
    'status',
    'publishedAt',
    'updatedAt',
    'priceReference',
    'learnerCount',
  ],
  indexes: [
    ['status', 'updatedAt'],
    ['status', 'categoryId', 'updatedAt'],
    ['status', 'priceReference'],
    ['status', 'ratingAverage'],
    ['language', 'updatedAt'],
    ['creatorId', 'updatedAt'],
  ],
};

export interface LessonDoc {
  id: string;
  courseId: string;
  sectionId: string;
  position: number;
  kind: (typeof LESSON_KIND_VALUES)[number];
  title: LocalizedText;
  durationSeconds: number;
  freePreview: boolean;
  /** Size and SHA-256 of the downloadable body, so a download can be verified. */
  contentBytes: number;
  contentSha256: string;
  /** A column's lesson: when it was released to learners (since version 3). */
  releasedAt?: number;
  updatedAt: number;
}

/** Lesson metadata (the body itself is content, downloaded, never replicated). */
export const lessonSchema: RxJsonSchema<LessonDoc> = {
  title: 'lesson',
  // 1: the `exercise` kind. 2: the `exam` kind. 3: `releasedAt` of a column's lessons.
  version: 3,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    courseId: id,
    sectionId: id,
    position: { type: 'integer', minimum: 0, maximum: 100000, multipleOf: 1 },
    kind: { type: 'string', enum: [...LESSON_KIND_VALUES] },
    title: localizedText,
    durationSeconds: { type: 'integer', minimum: 0 },
    freePreview: { type: 'boolean' },
    contentBytes: { type: 'integer', minimum: 0 },
    contentSha256: { type: 'string', pattern: '^[0-9a-f]{64}$|^$' },
    releasedAt: timestamp,
    updatedAt: timestamp,
  },
  required: [
    'id',
    'courseId',
    'sectionId',
    'position',
    'kind',
    'title',
    'durationSeconds',
    'freePreview',
    'contentBytes',
    'contentSha256',
    'updatedAt',
  ],
  indexes: [['courseId', 'position'], 'updatedAt'],
};

/**
 * Lessons of courses the learner does not hold, as their course page showed them: fetched on
 * demand and kept in a bounded cache (main/core/catalog/lesson-cache.ts), never replicated.
 */
export const shownLessonSchema: RxJsonSchema<LessonDoc> = { ...lessonSchema, title: 'shown lesson', version: 0 };
