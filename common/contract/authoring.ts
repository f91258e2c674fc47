import { z } from 'zod';
import { LESSON_KIND_VALUES } from '../collections/shared-fields.js';
import { courseDocSchema, courseDraftDocSchema, reviewDocSchema } from './document-schemas.js';
import { courseLearnersSchema, publishResponseSchema, saleRecordSchema } from '../server-api/responses.js';
import type { PublishAdvice, PublishProblem } from '../authoring/publish-rules.js';
import { COURSE_FIELDS, type PublishChange } from '../authoring/publish-changes.js';
import type { CourseDoc, CourseDraftDoc, ReviewDoc } from '../collections/index.js';

const idField = z.string().min(1).max(100);
const localized = z.object({ zh: z.string().max(200), en: z.string().max(200) }).strict();
const longLocalized = z.object({ zh: z.string().max(20_000), en: z.string().max(20_000) }).strict();

export const draftCreateSchema = z.object({ title: localized.optional() }).strict();
export const draftIdSchema = z.object({ courseId: idField }).strict();

/** The course fields a creator edits; every field optional, unknown fields refused. */
export const draftPatchSchema = z
  .object({
    courseId: idField,
    title: localized.optional(),
    subtitle: localized.optional(),
    description: longLocalized.optional(),
    categoryId: z.string().trim().max(60).optional(),
    categoryName: localized.optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(12).optional(),
    language: z.enum(['zh-CN', 'en']).optional(),
    level: z.enum(['beginner', 'intermediate', 'advanced']).optional(),
    priceAmount: z.number().int().min(0, 'A price cannot be negative.').max(1e10).optional(),
    currency: z.enum(['CNY', 'USD', 'EUR']).optional(),
    outcomes: z.array(localized).max(12, 'At most 12 outcomes.').optional(),
    requirements: z.array(localized).max(12, 'At most 12 requirements.').optional(),
    /** What completes the course: lessons done, exercises mastered, exams passed. */
    completion: z
      .object({ lessons: z.boolean(), exercises: z.boolean(), exams: z.boolean() })
      .strict()
      .refine((rules) => rules.lessons || rules.exercises || rules.exams, 'A course is completed by something.')
      .optional(),
  })
  .strict();

export const sectionAddSchema = z.object({ courseId: idField, title: localized }).strict();
export const sectionRenameSchema = z.object({ courseId: idField, sectionId: idField, title: localized }).strict();
export const sectionMoveSchema = z
  .object({ courseId: idField, from: z.number().int().min(0), to: z.number().int().min(0) })
  .strict();
export const lessonAddSchema = z
  .object({ courseId: idField, sectionId: idField, kind: z.enum(LESSON_KIND_VALUES), title: localized })
  .strict();
export const lessonPatchSchema = z
  .object({
    courseId: idField,
    lessonId: idField,
    title: localized.optional(),
    freePreview: z.boolean().optional(),
    durationSeconds: z.number().int().min(0).max(1e7).optional(),
    text: z.string().max(500_000, 'A text lesson is at most 500,000 characters.').optional(),
    /** A column's lesson released later (ms); null releases it with the course. */
    releaseAt: z.number().int().min(0).max(1e14).nullable().optional(),
  })
  .strict();
export const lessonMoveSchema = z
  .object({ courseId: idField, lessonId: idField, toSectionId: idField, index: z.number().int().min(0).max(10_000) })
  .strict();
export const lessonRefSchema = z.object({ courseId: idField, lessonId: idField }).strict();

export interface DraftView {
  draft: CourseDraftDoc;
  /** What must be fixed before publishing, computed by the same rules the server applies. */
  problems: PublishProblem[];
  /** The public version, when there is one. */
  published: CourseDoc | null;
  /** The draft differs from what learners see. */
  unpublishedChanges: boolean;
  /** What publishing would change for learners, against the version they see now. */
  changes: PublishChange[];
  /** Recommended before publishing, never required. */
  advice: PublishAdvice[];
  /** How many edits can be undone on this device. */
  undoable: number;
}

export const draftSchema: z.ZodType<CourseDraftDoc> = courseDraftDocSchema;
const publishProblemSchema: z.ZodType<PublishProblem> = z.union([
  z.object({
    code: z.enum([
      'title-missing',
      'description-missing',
      'category-missing',
      'no-lessons',
      'all-free-preview',
      'completion-empty',
    ]),
  }),
  z.object({ code: z.literal('empty-section'), sectionId: z.string() }),
  z.object({
    code: z.enum([
      'lesson-title-missing',
      'lesson-media-missing',
      'lesson-text-empty',
      'lesson-exercise-invalid',
      'lesson-exam-invalid',
      'lesson-not-in-outline',
      'outline-unknown-lesson',
    ]),
    lessonId: z.string(),
  }),
  z.object({ code: z.literal('price-too-low'), minimum: z.number() }),
  z.object({ code: z.literal('price-too-high'), maximum: z.number() }),
]);
const changeText = z.object({ zh: z.string().max(5000), en: z.string().max(5000) }).strict();
const changeAmount = z.object({ amount: z.number().int().min(0), currency: z.enum(['CNY', 'USD', 'EUR']) }).strict();
const publishChangeSchema: z.ZodType<PublishChange> = z.union([
  z.object({ kind: z.literal('first-publish'), lessons: z.number().int().min(0) }).strict(),
  z
    .object({
      kind: z.literal('field'),
      field: z.enum(COURSE_FIELDS),
      before: changeText.optional(),
      after: changeText.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('price'), before: changeAmount, after: changeAmount }).strict(),
  z.object({ kind: z.literal('sections') }).strict(),
  z
    .object({
      kind: z.literal('lesson'),
      change: z.enum(['added', 'removed', 'renamed', 'content', 'moved', 'preview-on', 'preview-off']),
      lessonId: z.string(),
      title: changeText,
    })
    .strict(),
]);
const publishAdviceSchema: z.ZodType<PublishAdvice> = z.object({ code: z.literal('no-free-preview') });
export const draftViewSchema: z.ZodType<DraftView | null> = z
  .object({
    draft: courseDraftDocSchema,
    problems: z.array(publishProblemSchema),
    published: courseDocSchema.nullable(),
    unpublishedChanges: z.boolean(),
    changes: z.array(publishChangeSchema),
    advice: z.array(publishAdviceSchema),
    undoable: z.number().int().min(0),
  })
  .nullable();
export const draftListSchema: z.ZodType<CourseDraftDoc[]> = z.array(courseDraftDocSchema);
export const publishResultSchema = publishResponseSchema;

export type SaleRecord = z.output<typeof saleRecordSchema>;
export const salesSchema: z.ZodType<SaleRecord[]> = z.array(saleRecordSchema);

/** One piece of a media file the creator chose, sent in order; the last one finishes it. */
export const mediaChunkSchema = z
  .object({
    courseId: idField,
    lessonId: idField,
    fileName: z.string().min(1).max(255),
    totalBytes: z
      .number()
      .int()
      .min(1)
      .max(4 * 1024 * 1024 * 1024),
    offset: z.number().int().min(0),
    /** Base64 of at most 512 KiB. */
    data: z.string().max(700_000),
    /** Read by the UI from the media element (audio/video), in seconds. */
    durationSeconds: z.number().int().min(0).max(1e7).optional(),
  })
  .strict();

export interface MediaUpload {
  lessonId: string;
  courseId: string;
  fileName: string;
  /** staging: arriving from the UI; waiting: stored here, to be sent when online; uploading; done; failed (see error). */
  stage: 'staging' | 'waiting' | 'uploading' | 'done' | 'failed';
  bytes: number;
  received: number;
  error?: string;
}
export const mediaUploadSchema: z.ZodType<MediaUpload> = z.object({
  lessonId: z.string(),
  courseId: z.string(),
  fileName: z.string(),
  stage: z.enum(['staging', 'waiting', 'uploading', 'done', 'failed']),
  bytes: z.number().min(0),
  received: z.number().min(0),
  error: z.string().optional(),
});
export const mediaUploadsSchema: z.ZodType<MediaUpload[]> = z.array(mediaUploadSchema);

export const conflictResolveSchema = z
  .object({ courseId: idField, field: z.string().min(1).max(200), use: z.enum(['mine', 'theirs']) })
  .strict();

export type CourseLearners = z.output<typeof courseLearnersSchema>;
export const learnersSchema: z.ZodType<CourseLearners[]> = z.array(courseLearnersSchema);

export interface CreatorCourseRatings {
  courseId: string;
  ratingAverage: number;
  ratingCount: number;
  /** Reviews giving 1…5 stars (index 0 is one star). */
  distribution: [number, number, number, number, number];
}
export interface CreatorReviews {
  courses: CreatorCourseRatings[];
  /** The newest reviews of any of the creator's courses. */
  recent: ReviewDoc[];
}
const distribution = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]);
export const creatorReviewsSchema: z.ZodType<CreatorReviews> = z.object({
  courses: z.array(
    z.object({ courseId: z.string(), ratingAverage: z.number(), ratingCount: z.number().int().min(0), distribution }),
  ),
  recent: z.array(reviewDocSchema),
});
