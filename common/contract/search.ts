import { z } from 'zod';
import type { LessonDoc } from '../collections/index.js';
import type { LocalizedText } from '../collections/shared-fields.js';

/** What the user typed; results come back while typing, so it may be a fragment. */
export const searchInputSchema = z
  .object({
    text: z.string().max(200, 'A search is at most 200 characters.'),
    limit: z.number().int().min(1).max(50).default(20),
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

export const searchResultsSchema = z.custom<SearchResults>();
