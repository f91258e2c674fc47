import { z } from 'zod';
import { reviewDocSchema } from '../contract/document-schemas.js';

/** The most reviews one answer carries (newest first); the distribution always counts them all. */
export const REVIEWS_PAGE_LIMIT = 100;

export const courseReviewsQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(REVIEWS_PAGE_LIMIT).default(50) })
  .strict();

/** A course's published reviews as the server has them: the newest, and how many give each number of stars. */
export const courseReviewsAnswerSchema = z
  .object({
    reviews: z.array(reviewDocSchema),
    /** How many published reviews give 1…5 stars (index 0 is one star). */
    distribution: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
  })
  .strict();
export type CourseReviewsAnswer = z.infer<typeof courseReviewsAnswerSchema>;
