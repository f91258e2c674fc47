import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** Sync status, and syncing now. */
export function syncOperations({ sync, follow }: CoreServices): {
  operations: Pick<OperationHandlers, 'sync.now'>;
  subscriptions: Pick<SubscriptionSources, 'sync.watchStatus'>;
} {
  return {
    operations: {
      'sync.now': async () => {
        sync.resync();
        return sync.status$.value;
      },
    },
    subscriptions: {
      'sync.watchStatus': (_input, emit) => follow(sync.status$, emit),
    },
  };
}
