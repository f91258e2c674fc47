import { z } from 'zod';
import { LESSON_KIND_VALUES } from '../collections/shared-fields.js';
import { localizedTextSchema } from '../contract/document-schemas.js';

/** The most matches of each kind one answer carries. */
export const CATALOG_SEARCH_LIMIT = 50;

/** `GET /v1/search?q=&limit=`: what the user typed (a fragment while typing). */
export const catalogSearchQuerySchema = z
  .object({
    q: z.string().max(200, 'A search is at most 200 characters.'),
    limit: z.coerce.number().int().min(1).max(CATALOG_SEARCH_LIMIT).default(20),
  })
  .strict();

/** The public, published courses and their lessons that match, best first. */
export const catalogSearchAnswerSchema = z
  .object({
    courses: z
      .array(z.object({ courseId: z.string(), title: localizedTextSchema, subtitle: localizedTextSchema }).strict())
      .max(CATALOG_SEARCH_LIMIT),
    lessons: z
      .array(
        z
          .object({
            lessonId: z.string(),
            courseId: z.string(),
            kind: z.enum(LESSON_KIND_VALUES),
            title: localizedTextSchema,
            courseTitle: localizedTextSchema,
          })
          .strict(),
      )
      .max(CATALOG_SEARCH_LIMIT),
  })
  .strict();
export type CatalogSearchAnswer = z.infer<typeof catalogSearchAnswerSchema>;
