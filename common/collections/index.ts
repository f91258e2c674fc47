import { referencePrice } from '../money/reference-price.js';
import { courseDraftSchema, type CourseDraftDoc } from './authoring.js';
import { courseSchema, lessonSchema, shownLessonSchema, type CourseDoc, type LessonDoc } from './catalog.js';
import { entitlementSchema, orderSchema, type EntitlementDoc } from './commerce.js';
import { localStateSchema } from './device.js';
import { examSittingSchema } from './exams.js';
import { attemptSchema, noteSchema, progressSchema, ratingSchema, reviewSchema, type ProgressDoc } from './learning.js';

export * from './authoring.js';
export * from './catalog.js';
export * from './commerce.js';
export * from './device.js';
export * from './exams.js';
export * from './learning.js';
export type { LocalizedText } from './shared-fields.js';

/**
 * Every collection of the client database. Open-source RxDB allows 13 open collections
 * per process and we use all 13: a new kind of record joins an existing collection (a new
 * schema version) rather than adding one.
 *
 * Migration strategy: a released schema is never edited. A change bumps its `version` and
 * adds `migrationStrategies[version]` below, a pure function from the old document to the
 * new one, tested against a database written by the previous version.
 */
export const COLLECTIONS = {
  courses: {
    schema: courseSchema,
    migrationStrategies: {
      // v1 added an optional cover: documents of v0 are valid as they are.
      1: (doc: CourseDoc) => doc,
      // v2 keys prices for mixed-currency sorting; the learner count arrives with the server's next write.
      2: (doc: CourseDoc) => ({
        ...doc,
        priceReference: referencePrice(doc.priceAmount, doc.currency),
        learnerCount: doc.learnerCount ?? 0,
      }),
      // v3 added optional completion rules, v4 a column's upcoming lessons: earlier documents are valid as they are.
      3: (doc: CourseDoc) => doc,
      4: (doc: CourseDoc) => doc,
    },
    replicated: true,
  },
  // v1 added the exercise kind, v2 the exam kind: earlier documents are valid as they are.
  lessons: {
    schema: lessonSchema,
    migrationStrategies: { 1: (doc: LessonDoc) => doc, 2: (doc: LessonDoc) => doc, 3: (doc: LessonDoc) => doc },
    replicated: true,
  },
  // v1 added memberships (source, validity, scope): documents of v0 are valid as they are.
  entitlements: {
    schema: entitlementSchema,
    migrationStrategies: { 1: (doc: EntitlementDoc) => doc },
    replicated: true,
  },
  orders: { schema: orderSchema, migrationStrategies: {}, replicated: true },
  ratings: { schema: ratingSchema, migrationStrategies: {}, replicated: true },
  // Lessons of courses not held, fetched when their page is shown (main/core/catalog/lesson-cache.ts).
  shownlessons: { schema: shownLessonSchema, migrationStrategies: {}, replicated: false },
  // Fetched when a course is shown and kept in a bounded cache (main/core/catalog/review-cache.ts).
  reviews: { schema: reviewSchema, migrationStrategies: {}, replicated: false },
  // v1 added optional seen ranges and markedComplete: documents of v0 are valid as they are.
  progress: { schema: progressSchema, migrationStrategies: { 1: (doc: ProgressDoc) => doc }, replicated: true },
  notes: { schema: noteSchema, migrationStrategies: {}, replicated: true },
  // Append-only answers to exercise questions.
  attempts: { schema: attemptSchema, migrationStrategies: {}, replicated: true },
  // Exam sittings: answered on the device, sealed, graded by the server.
  examsittings: { schema: examSittingSchema, migrationStrategies: {}, replicated: true },
  // v1 added optional outcomes and requirements, v2 the exercise kind, v3 the exam kind and
  // completion rules: earlier documents are valid as they are.
  coursedrafts: {
    schema: courseDraftSchema,
    migrationStrategies: {
      1: (doc: CourseDraftDoc) => doc,
      2: (doc: CourseDraftDoc) => doc,
      3: (doc: CourseDraftDoc) => doc,
      4: (doc: CourseDraftDoc) => doc,
    },
    replicated: true,
  },
  localstate: { schema: localStateSchema, migrationStrategies: {}, replicated: false },
} as const;

export type CollectionName = keyof typeof COLLECTIONS;
