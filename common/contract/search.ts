import { z } from 'zod';
import { LESSON_KIND_VALUES } from '../collections/shared-fields.js';
import { courseDocSchema, localizedTextSchema } from './document-schemas.js';
import type { CourseDoc, LessonDoc } from '../collections/index.js';
import type { LocalizedText } from '../collections/shared-fields.js';

/** What the user typed; results come back while typing, so it may be a fragment. */
export const searchInputSchema = z
  .object({
    text: z.string().max(200, 'A search is at most 200 characters.'),
    limit: z.number().int().min(1).max(50).default(20),
    /** Also send each found course's document (for a results page of cards, not the type-ahead). */
    withCourses: z.boolean().default(false),
  })
  .strict();

/** [start, end) UTF-16 offsets of a match in the text shown. */
export type HighlightRange = [number, number];
export interface LocalizedHighlights {
  zh: HighlightRange[];
  en: HighlightRange[];
}

export interface CourseSearchHit {
  courseId: string;
  title: LocalizedText;
  subtitle: LocalizedText;
  titleHighlights: LocalizedHighlights;
  subtitleHighlights: LocalizedHighlights;
  /** The course itself, when asked for `withCourses` and on the device. */
  course?: CourseDoc;
}

export interface LessonSearchHit {
  lessonId: string;
  courseId: string;
  kind: LessonDoc['kind'];
  title: LocalizedText;
  courseTitle: LocalizedText;
  titleHighlights: LocalizedHighlights;
  /** Where the query occurs in the downloaded text of the lesson, when that is where it matched. */
  snippet: { text: string; highlights: HighlightRange[] } | null;
}

export interface SearchResults {
  query: string;
  courses: CourseSearchHit[];
  lessons: LessonSearchHit[];
  tookMs: number;
}

const range = z.tuple([z.number().int().min(0), z.number().int().min(0)]);
const localizedHighlights = z.object({ zh: z.array(range), en: z.array(range) });
export const searchResultsSchema: z.ZodType<SearchResults> = z.object({
  query: z.string(),
  courses: z.array(
    z.object({
      courseId: z.string(),
      title: localizedTextSchema,
      subtitle: localizedTextSchema,
      titleHighlights: localizedHighlights,
      subtitleHighlights: localizedHighlights,
      course: courseDocSchema.optional(),
    }),
  ),
  lessons: z.array(
    z.object({
      lessonId: z.string(),
      courseId: z.string(),
      kind: z.enum(LESSON_KIND_VALUES),
      title: localizedTextSchema,
      courseTitle: localizedTextSchema,
      titleHighlights: localizedHighlights,
      snippet: z.object({ text: z.string(), highlights: z.array(range) }).nullable(),
    }),
  ),
  tookMs: z.number().min(0),
});
