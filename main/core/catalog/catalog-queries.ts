import { combineLatest, map, type Observable } from 'rxjs';
import type { MangoQuery } from 'rxdb';
import type { CourseDoc, LessonDoc } from '../../../common/collections/index.js';
import type {
  CategorySummary,
  CourseDetail,
  CourseList,
  courseListQuerySchema,
} from '../../../common/contract/catalog.js';
import type { z } from 'zod';
import type { ReadableCollections } from '../database/open-client-database.js';

type CourseListInput = z.output<typeof courseListQuerySchema>;

const SORTS: Record<CourseListInput['sort'], MangoQuery<CourseDoc>['sort']> = {
  newest: [{ updatedAt: 'desc' }],
  popular: [{ ratingCount: 'desc' }, { ratingAverage: 'desc' }],
  'price-asc': [{ priceReference: 'asc' }],
  'price-desc': [{ priceReference: 'desc' }],
  rating: [{ ratingAverage: 'desc' }],
};

export function courseListSelector(input: CourseListInput): MangoQuery<CourseDoc>['selector'] {
  return {
    status: 'published',
    ...(input.categoryId ? { categoryId: input.categoryId } : {}),
    ...(input.language ? { language: input.language } : {}),
    ...(input.free === true ? { priceAmount: 0 } : input.free === false ? { priceAmount: { $gt: 0 } } : {}),
    ...(input.minRating ? { ratingAverage: { $gte: input.minRating } } : {}),
  };
}

/** A live list of published courses: pushed again whenever a matching course changes. */
export function watchCourses(
  db: ReadableCollections,
  input: CourseListInput,
  emit: (list: CourseList) => void,
): () => void {
  const selector = courseListSelector(input);
  const subscription = combineLatest([
    db.courses.find({ selector, sort: SORTS[input.sort], skip: input.skip, limit: input.limit }).$,
    db.courses.count({ selector }).$,
  ])
    .pipe(map(([docs, total]) => ({ courses: docs.map((doc) => doc.toJSON() as CourseDoc), total })))
    .subscribe(emit);
  return () => subscription.unsubscribe();
}

/**
 * A live course with its lessons in outline order (`lessons$`: replicated for a course held,
 * fetched for its page otherwise), or null when the device does not have it. An archived
 * (unpublished) course is still shown: the people who bought it keep it.
 */
export function watchCourse(
  db: ReadableCollections,
  courseId: string,
  lessons$: Observable<LessonDoc[]>,
  emit: (detail: CourseDetail | null) => void,
): () => void {
  const subscription = combineLatest([db.courses.findOne(courseId).$, lessons$])
    .pipe(map(([course, lessons]) => (course ? { course: course.toJSON() as CourseDoc, lessons } : null)))
    .subscribe(emit);
  return () => subscription.unsubscribe();
}

/** The categories that have published courses, with how many, largest first. */
export function watchCategories(db: ReadableCollections, emit: (categories: CategorySummary[]) => void): () => void {
  const subscription = db.courses
    .find({ selector: { status: 'published' } })
    .$.pipe(
      map((docs) => {
        const byId = new Map<string, CategorySummary>();
        for (const doc of docs) {
          const entry = byId.get(doc.categoryId) ?? { id: doc.categoryId, name: doc.categoryName, courses: 0 };
          entry.courses++;
          byId.set(doc.categoryId, entry);
        }
        return [...byId.values()].sort((a, b) => b.courses - a.courses || a.id.localeCompare(b.id));
      }),
    )
    .subscribe(emit);
  return () => subscription.unsubscribe();
}
