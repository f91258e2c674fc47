import { z } from 'zod';
import type { RxJsonSchema } from 'rxdb';
import {
  courseDraftSchema,
  courseSchema,
  lessonSchema,
  noteSchema,
  orderSchema,
  progressSchema,
  ratingSchema,
  reviewSchema,
  type CourseDoc,
  type CourseDraftDoc,
  type LessonDoc,
  type NoteDoc,
  type OrderDoc,
  type ProgressDoc,
  type RatingDoc,
  type ReviewDoc,
} from '../collections/index.js';

/**
 * The collections' documents as zod schemas, made from the very JSON schemas the device
 * database validates with (collections/), so a document has one definition. Used to check
 * the contract's outputs and the server's answers that carry documents.
 */
function documentSchema<T>(schema: RxJsonSchema<T>): z.ZodType<T> {
  return z.fromJSONSchema(schema as unknown as Parameters<typeof z.fromJSONSchema>[0]) as unknown as z.ZodType<T>;
}

export const courseDocSchema = documentSchema<CourseDoc>(courseSchema);
export const lessonDocSchema = documentSchema<LessonDoc>(lessonSchema);
export const courseDraftDocSchema = documentSchema<CourseDraftDoc>(courseDraftSchema);
export const noteDocSchema = documentSchema<NoteDoc>(noteSchema);
export const progressDocSchema = documentSchema<ProgressDoc>(progressSchema);
export const ratingDocSchema = documentSchema<RatingDoc>(ratingSchema);
export const reviewDocSchema = documentSchema<ReviewDoc>(reviewSchema);
export const orderDocSchema = documentSchema<OrderDoc>(orderSchema);

export const localizedTextSchema = z.object({ zh: z.string(), en: z.string() });
