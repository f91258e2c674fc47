import type { RxJsonSchema } from 'rxdb';
import { coverImage, type CourseDoc, type CoverImage, type LessonDoc } from './catalog.js';
import {
  completionRulesSchema,
  type CompletionRules,
  currency,
  id,
  LESSON_KIND_VALUES,
  localizedText,
  minorUnits,
  timestamp,
  type LocalizedText,
} from './shared-fields.js';

/** A lesson as its creator is writing it. Media is referenced by the SHA-256 of the uploaded file. */
export interface DraftLesson {
  id: string;
  kind: LessonDoc['kind'];
  title: LocalizedText;
  freePreview: boolean;
  durationSeconds: number;
  /** Markdown of a text lesson, or an exercise lesson's questions as JSON (common/exercises), written in the editor. */
  text?: string;
  /** The uploaded file of a PDF, audio or video lesson (or the text's bytes once published). */
  media?: { sha256: string; bytes: number; mime: string; fileName: string; pageCount?: number };
  /** A column's lesson released later: learners get it at this time (ms). */
  releaseAt?: number;
}

/**
 * A course as its creator is writing it: private to them (synced to their own devices
 * only), edited offline, never seen by learners. Publishing copies a validated snapshot
 * into the public `courses` and `lessons`; later edits stay here until published again.
 */
export interface CourseDraftDoc {
  /** The course's id: the published course has the same one. */
  id: string;
  creatorId: string;
  title: LocalizedText;
  subtitle: LocalizedText;
  description: LocalizedText;
  categoryId: string;
  categoryName: LocalizedText;
  tags: string[];
  language: CourseDoc['language'];
  level: CourseDoc['level'];
  priceAmount: number;
  currency: CourseDoc['currency'];
  sections: { id: string; title: LocalizedText; lessonIds: string[] }[];
  lessons: DraftLesson[];
  /** Bumped by every edit; the published course remembers which revision it shows. */
  draftRevision: number;
  publishedRevision?: number;
  /** published: on sale; unpublished: hidden from new buyers, kept by those who bought it. */
  state: 'draft' | 'published' | 'unpublished';
  /** The cover image, uploaded like lesson media. */
  cover?: CoverImage;
  /** What a learner will be able to do, and what they need first (since version 1). */
  /** What completes the course (since version 3; all of it when absent). */
  completion?: CompletionRules;
  outcomes?: LocalizedText[];
  requirements?: LocalizedText[];
  /** Versions of fields that another device changed at the same time, kept for the creator to choose. */
  conflicts?: { field: string; theirs: string; at: number }[];
  updatedAt: number;
}

const lessonSchema = {
  type: 'object',
  properties: {
    id,
    kind: { type: 'string', enum: [...LESSON_KIND_VALUES] },
    title: localizedText,
    freePreview: { type: 'boolean' },
    durationSeconds: { type: 'integer', minimum: 0, maximum: 1e7 },
    text: { type: 'string', maxLength: 500_000 },
    releaseAt: { type: 'integer', minimum: 0, maximum: 1e14, multipleOf: 1 },
    media: {
      type: 'object',
      properties: {
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        bytes: { type: 'integer', minimum: 1 },
        mime: { type: 'string', maxLength: 100 },
        fileName: { type: 'string', maxLength: 255 },
        pageCount: { type: 'integer', minimum: 1 },
      },
      required: ['sha256', 'bytes', 'mime', 'fileName'],
    },
  },
  required: ['id', 'kind', 'title', 'freePreview', 'durationSeconds'],
} as const;

export const courseDraftSchema: RxJsonSchema<CourseDraftDoc> = {
  title: 'course draft',
  // 1: optional `outcomes` and `requirements`. 2: the `exercise` kind (its JSON in `text`).
  // 3: the `exam` kind (its JSON, keys included, in `text`); optional `completion` rules.
  // 4: a lesson's `releaseAt` (columns).
  version: 4,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    creatorId: id,
    title: localizedText,
    subtitle: localizedText,
    description: localizedText,
    categoryId: { type: 'string', maxLength: 60 },
    categoryName: localizedText,
    tags: { type: 'array', maxItems: 12, items: { type: 'string', maxLength: 40 } },
    language: { type: 'string', enum: ['zh-CN', 'en'] },
    level: { type: 'string', enum: ['beginner', 'intermediate', 'advanced'] },
    priceAmount: minorUnits,
    currency,
    sections: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        properties: {
          id,
          title: localizedText,
          lessonIds: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 100 } },
        },
        required: ['id', 'title', 'lessonIds'],
      },
    },
    lessons: { type: 'array', maxItems: 2000, items: lessonSchema },
    draftRevision: { type: 'integer', minimum: 0 },
    publishedRevision: { type: 'integer', minimum: 0 },
    state: { type: 'string', enum: ['draft', 'published', 'unpublished'] },
    conflicts: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        properties: { field: { type: 'string', maxLength: 200 }, theirs: { type: 'string' }, at: timestamp },
        required: ['field', 'theirs', 'at'],
      },
    },
    updatedAt: timestamp,
    cover: coverImage,
    completion: completionRulesSchema,
    outcomes: { type: 'array', maxItems: 12, items: localizedText },
    requirements: { type: 'array', maxItems: 12, items: localizedText },
  },
  required: [
    'id',
    'creatorId',
    'title',
    'subtitle',
    'description',
    'categoryId',
    'categoryName',
    'tags',
    'language',
    'level',
    'priceAmount',
    'currency',
    'sections',
    'lessons',
    'draftRevision',
    'state',
    'updatedAt',
  ],
  indexes: ['creatorId', 'updatedAt'],
};
