import { z } from 'zod';
import type { CourseDoc } from '../collections/index.js';

/** Why a course is suggested; every suggestion carries one, shown with it. */
export type RecommendationReason =
  | { kind: 'studied'; course: { id: string; title: CourseDoc['title'] } }
  | { kind: 'similar-content'; course: { id: string; title: CourseDoc['title'] } }
  | { kind: 'taken-together'; course: { id: string; title: CourseDoc['title'] } }
  | { kind: 'popular-in-category'; category: CourseDoc['categoryName'] }
  | { kind: 'well-rated' }
  | { kind: 'new-course' };

export interface Recommendation {
  course: CourseDoc;
  reason: RecommendationReason;
}

/** What the course page shows from the recommender. */
export interface CourseRecommendations {
  /** "Learners who took this also took": with how many took both when that was published. */
  alsoTook: { course: CourseDoc; together?: number; reason: RecommendationReason }[];
  /** "You would rate this ★4.3": from the learner's own ratings; null without any. */
  predictedStars: number | null;
}
export const courseRecommendationsSchema = z.custom<CourseRecommendations>();

/** The recommender on this device: whether it has a model, and what it is doing. */
export interface RecommenderStatus {
  state: 'no-data' | 'building' | 'ready' | 'failed';
  /** Courses the model knows, and when the server built the snapshot it learned from. */
  courses: number;
  snapshotBuiltAt: number | null;
  personalized: boolean;
  message?: string;
}
export const recommenderStatusSchema = z.custom<RecommenderStatus>();
