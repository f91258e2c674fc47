import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** Suggestions computed on this device. */
export function recommendationOperations({ recommender, userId, follow, perAccount }: CoreServices): {
  operations: Pick<OperationHandlers, never>;
  subscriptions: Pick<SubscriptionSources, 'recommendations.watchCourse' | 'recommendations.watchStatus'>;
} {
  return {
    operations: {},
    subscriptions: {
      'recommendations.watchCourse': ({ courseId }, emit) =>
        perAccount(() => recommender.course$(userId(), courseId), emit),
      'recommendations.watchStatus': (_input, emit) => follow(recommender.status$, emit),
    },
  };
}
