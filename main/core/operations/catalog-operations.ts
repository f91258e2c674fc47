import { watchCategories, watchCourse, watchCourses } from '../catalog/catalog-queries.js';
import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** The catalogue on the device: courses, categories, reviews and search. */
export function catalogOperations({ database, search, reviews, lessons }: CoreServices): {
  operations: Pick<OperationHandlers, 'search.query'>;
  subscriptions: Pick<
    SubscriptionSources,
    'catalog.watchCourses' | 'catalog.watchCourse' | 'catalog.watchCategories' | 'catalog.watchReviews'
  >;
} {
  return {
    operations: {
      'search.query': ({ text, limit, withCourses }) => search.search(text, limit, withCourses),
    },
    subscriptions: {
      'catalog.watchCourses': (input, emit) => watchCourses(database.collections, input, emit),
      'catalog.watchCourse': ({ courseId }, emit) =>
        watchCourse(database.collections, courseId, lessons.lessons$(courseId), emit),
      'catalog.watchCategories': (_input, emit) => watchCategories(database.collections, emit),
      'catalog.watchReviews': ({ courseId }, emit) => {
        const subscription = reviews.reviews$(courseId).subscribe(emit);
        return () => subscription.unsubscribe();
      },
    },
  };
}
