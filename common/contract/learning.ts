import type { Recommendation } from './recommendations.js';
import type { LocalizedText } from '../collections/index.js';
import {
  courseDocSchema,
  lessonDocSchema,
  localizedTextSchema,
  noteDocSchema,
  orderDocSchema,
  progressDocSchema,
  ratingDocSchema,
  reviewDocSchema,
} from './document-schemas.js';
import { deviceViewSchema } from '../server-api/responses.js';
import { recommendationSchema } from './recommendations.js';
import { z } from 'zod';
import type {
  CourseDoc,
  LessonDoc,
  NoteDoc,
  OrderDoc,
  ProgressDoc,
  RatingDoc,
  ReviewDoc,
} from '../collections/index.js';
import type { DeviceView } from '../server-api/auth.js';

const idField = z.string().min(1).max(100);

/** A lesson ready to study: its text, or an address the media elements and PDF viewer can load. */
export interface OpenedLesson {
  lesson: LessonDoc;
  /** Markdown of a text lesson, or an exercise's JSON; null for PDF, audio and video. */
  text: string | null;
  /** Same-origin path serving the decrypted bytes with Range support (PDF, audio, video). */
  mediaPath: string | null;
  mimeType: string;
  /** Shown over paid PDF and video: the account it was bought by. Null for free previews. */
  watermark: string | null;
  /** Where the learner left off in this lesson (seconds for media, page for PDF, scroll share for text). */
  resumeAt: number;
}

export const openedLessonSchema: z.ZodType<OpenedLesson> = z.object({
  lesson: lessonDocSchema,
  text: z.string().nullable(),
  mediaPath: z.string().nullable(),
  mimeType: z.string(),
  watermark: z.string().nullable(),
  resumeAt: z.number().min(0),
});

export const progressInputSchema = z
  .object({
    lessonId: idField,
    /** Seconds for audio and video, page number for PDF, scrolled share (0–1) for text. */
    position: z.number().min(0).max(1e7),
    /** The lesson's length in the same unit, when known, to count it complete near the end. */
    length: z.number().min(0).max(1e7).optional(),
    /** What was seen since the lesson opened, as ranges of shares of the lesson (0–1). */
    seen: z
      .array(z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]))
      .max(200)
      .optional(),
    /** "Mark complete" (true) or take that back (false). */
    completed: z.boolean().optional(),
  })
  .strict();

export const progressOutputSchema: z.ZodType<ProgressDoc | null> = progressDocSchema.nullable();

const anchorSchema = z
  .object({
    type: z.enum(['text', 'page', 'time']),
    start: z.number().min(0).max(1e9),
    end: z.number().min(0).max(1e9).optional(),
    quote: z.string().max(2000).optional(),
  })
  .strict()
  .refine((anchor) => anchor.end === undefined || anchor.end >= anchor.start, 'An anchor ends after it starts.');

export const noteInputSchema = z
  .object({
    /** Absent to create a note; an existing note's id to edit it. */
    id: idField.optional(),
    lessonId: idField,
    kind: z.enum(['note', 'highlight', 'bookmark']),
    anchor: anchorSchema,
    body: z.string().max(20_000, 'A note is at most 20,000 characters.'),
    color: z.enum(['yellow', 'green', 'blue', 'pink']).optional(),
  })
  .strict();

export const noteIdInputSchema = z.object({ id: idField }).strict();
export const notesQuerySchema = z.object({ courseId: idField, lessonId: idField.optional() }).strict();
export const noteOutputSchema: z.ZodType<NoteDoc> = noteDocSchema;
export const notesOutputSchema: z.ZodType<NoteDoc[]> = z.array(noteDocSchema);
/** The language of headings in the export: the UI's, since "follow the system" is resolved there. */
export const notesExportInputSchema = z
  .object({ courseId: idField, language: z.enum(['zh-CN', 'en']).optional() })
  .strict();
export const notesExportSchema = z.object({ fileName: z.string(), markdown: z.string() });

export const ratingInputSchema = z
  .object({
    courseId: idField,
    stars: z.number().int().min(1, 'Choose 1 to 5 stars.').max(5, 'Choose 1 to 5 stars.'),
    review: z.string().trim().max(5000, 'A review is at most 5,000 characters.').optional(),
  })
  .strict();

export const ratingOutputSchema: z.ZodType<RatingDoc | null> = ratingDocSchema.nullable();

export interface CourseReviews {
  reviews: ReviewDoc[];
  /** How many reviews give 1…5 stars (index 0 is one star). */
  distribution: [number, number, number, number, number];
}
export const courseReviewsSchema: z.ZodType<CourseReviews> = z.object({
  reviews: z.array(reviewDocSchema),
  distribution: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
});

export interface LibraryEntry {
  course: CourseDoc;
  completion: number;
  lastLessonId: string | null;
  lastStudiedAt: number | null;
  downloadedBytes: number;
}

export interface Library {
  /** Owned courses, the most recently studied first. */
  courses: LibraryEntry[];
  orders: OrderDoc[];
}
const libraryEntrySchema: z.ZodType<LibraryEntry> = z.object({
  course: courseDocSchema,
  completion: z.number().min(0).max(1),
  lastLessonId: z.string().nullable(),
  lastStudiedAt: z.number().nullable(),
  downloadedBytes: z.number().min(0),
});
export const librarySchema: z.ZodType<Library> = z.object({
  courses: z.array(libraryEntrySchema),
  orders: z.array(orderDocSchema),
});

export const devicesSchema: z.ZodType<DeviceView[]> = z.array(deviceViewSchema);
export const deviceIdInputSchema = z.object({ deviceId: idField }).strict();

/** The courses the signed-in learner holds (live entitlements), to mark them wherever courses are listed. */
export interface OwnedCourses {
  courseIds: string[];
}
export const ownedCoursesSchema: z.ZodType<OwnedCourses> = z.object({ courseIds: z.array(z.string()) });

export interface HomeSections {
  continueLearning: LibraryEntry[];
  /** From the on-device recommender (or, without history or with personalisation off, popular courses of the learner's interests), each with its reason. */
  recommended: Recommendation[];
  /** Newest and most popular, each without any course an earlier section already shows. */
  newest: CourseDoc[];
  popular: CourseDoc[];
  /** Lessons of the learner's columns released since they last dismissed the notice (the in-app notice). */
  newLessons: NewLesson[];
}
export interface NewLesson {
  courseId: string;
  courseTitle: LocalizedText;
  lessonId: string;
  lessonTitle: LocalizedText;
  releasedAt: number;
}
export const newLessonSchema: z.ZodType<NewLesson> = z.object({
  courseId: z.string(),
  courseTitle: localizedTextSchema,
  lessonId: z.string(),
  lessonTitle: localizedTextSchema,
  releasedAt: z.number(),
});
export const homeSectionsSchema: z.ZodType<HomeSections> = z.object({
  continueLearning: z.array(libraryEntrySchema),
  recommended: z.array(recommendationSchema),
  newest: z.array(courseDocSchema),
  popular: z.array(courseDocSchema),
  newLessons: z.array(newLessonSchema),
});
