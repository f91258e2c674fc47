import { z } from 'zod';
import { courseDocSchema, localizedTextSchema } from './document-schemas.js';
import type { CourseDoc } from '../collections/index.js';

/** Why a course is suggested; every suggestion carries one, shown with it. */
export type RecommendationReason =
  | { kind: 'studied'; course: { id: string; title: CourseDoc['title'] } }
  | { kind: 'similar-content'; course: { id: string; title: CourseDoc['title'] } }
  | { kind: 'taken-together'; course: { id: string; title: CourseDoc['title'] } }
  | { kind: 'popular-in-category'; category: CourseDoc['categoryName'] }
  | { kind: 'well-rated' }
  | { kind: 'new-course' };

const courseRef = z.object({ id: z.string(), title: localizedTextSchema });
const reasonSchema: z.ZodType<RecommendationReason> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('studied'), course: courseRef }),
  z.object({ kind: z.literal('similar-content'), course: courseRef }),
  z.object({ kind: z.literal('taken-together'), course: courseRef }),
  z.object({ kind: z.literal('popular-in-category'), category: localizedTextSchema }),
  z.object({ kind: z.literal('well-rated') }),
  z.object({ kind: z.literal('new-course') }),
]);

export interface Recommendation {
  course: CourseDoc;
  reason: RecommendationReason;
}
export const recommendationSchema: z.ZodType<Recommendation> = z.object({
  course: courseDocSchema,
  reason: reasonSchema,
});

/** What the course page shows from the recommender. */
export interface CourseRecommendations {
  /** "Learners who took this also took": with how many took both when that was published. */
  alsoTook: { course: CourseDoc; together?: number; reason: RecommendationReason }[];
  /** "You would rate this ★4.3": from the learner's own ratings; null without any. */
  predictedStars: number | null;
}
export const courseRecommendationsSchema: z.ZodType<CourseRecommendations> = z.object({
  alsoTook: z.array(
    z.object({ course: courseDocSchema, together: z.number().int().min(0).optional(), reason: reasonSchema }),
  ),
  predictedStars: z.number().min(0).max(5).nullable(),
});

/** The recommender on this device: whether it has a model, and what it is doing. */
export interface RecommenderStatus {
  state: 'no-data' | 'building' | 'ready' | 'failed';
  /** Courses the model knows, and when the server built the snapshot it learned from. */
  courses: number;
  snapshotBuiltAt: number | null;
  personalized: boolean;
  /** While building: how far the build is (0–1). */
  progress?: number;
  message?: string;
}
export const recommenderStatusSchema: z.ZodType<RecommenderStatus> = z.object({
  state: z.enum(['no-data', 'building', 'ready', 'failed']),
  courses: z.number().int().min(0),
  snapshotBuiltAt: z.number().nullable(),
  personalized: z.boolean(),
  progress: z.number().min(0).max(1).optional(),
  message: z.string().optional(),
});
