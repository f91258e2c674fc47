import { z } from 'zod';
import { courseDocSchema, lessonDocSchema, localizedTextSchema } from './document-schemas.js';
import type { CourseDoc, LessonDoc } from '../collections/index.js';

export const COURSE_SORTS = ['newest', 'popular', 'rating', 'price-asc', 'price-desc'] as const;

export const courseListQuerySchema = z
  .object({
    categoryId: z.string().min(1).max(60).optional(),
    language: z.enum(['zh-CN', 'en']).optional(),
    /** true: free courses only; false: paid only; absent: both. */
    free: z.boolean().optional(),
    /** Courses rated at least this (0 for any). */
    minRating: z.number().min(0).max(5).optional(),
    sort: z.enum(COURSE_SORTS).default('newest'),
    /** A window of the list (virtualized lists ask for the rows on screen). */
    skip: z.number().int().min(0).max(1_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export type CourseListQuery = z.input<typeof courseListQuerySchema>;

export interface CourseList {
  courses: CourseDoc[];
  /** How many published courses match, beyond the `limit` shown. */
  total: number;
}

export interface CourseDetail {
  course: CourseDoc;
  /** The course's lessons in outline order. */
  lessons: LessonDoc[];
}

export const courseListSchema: z.ZodType<CourseList> = z.object({
  courses: z.array(courseDocSchema),
  total: z.number().int().min(0),
});
export const courseDetailSchema: z.ZodType<CourseDetail | null> = z
  .object({ course: courseDocSchema, lessons: z.array(lessonDocSchema) })
  .nullable();
export const courseIdInputSchema = z.object({ courseId: z.string().min(1).max(100) }).strict();

export interface CategorySummary {
  id: string;
  name: { zh: string; en: string };
  /** Published courses in the category. */
  courses: number;
}
export const categoriesSchema: z.ZodType<CategorySummary[]> = z.array(
  z.object({ id: z.string(), name: localizedTextSchema, courses: z.number().int().min(0) }),
);
