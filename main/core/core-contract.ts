import type { OperationHandlers, SubscriptionSources } from '../../common/contract/index.js';
import { accountOperations } from './session/account-operations.js';
import type { creatorOperations } from './authoring/creator-operations.js';
import { catalogOperations } from './catalog/catalog-operations.js';
import { exactlyOnce } from './compose-handlers.js';
import type { CoreServices } from './core-services.js';
import { deviceOperations } from './device-operations.js';
import { downloadOperations } from './downloads/download-operations.js';
import type { institutionOperations } from './institution-operations.js';
import { learningOperations } from './learning/learning-operations.js';
import { packOperations } from './packs/pack-operations.js';
import { purchaseOperations } from './purchases/purchase-operations.js';
import { recommendationOperations } from './recommend/recommendation-operations.js';
import { syncOperations } from './sync/sync-operations.js';

/**
 * The whole contract, domain by domain. `exactlyOnce` refuses a name two domains handle;
 * the declared return type refuses a name none handles.
 */
export function contractOf(
  services: CoreServices,
  built: { creator: ReturnType<typeof creatorOperations>; institution: ReturnType<typeof institutionOperations> },
): { operations: OperationHandlers; subscriptions: SubscriptionSources } {
  const device = deviceOperations(services);
  const account = accountOperations(services);
  const syncing = syncOperations(services);
  const catalog = catalogOperations(services);
  const learning = learningOperations(services);
  const purchases = purchaseOperations(services);
  const downloads = downloadOperations(services);
  const packs = packOperations(services);
  const recommendations = recommendationOperations(services);
  return {
    operations: exactlyOnce(
      device.operations,
      account.operations,
      syncing.operations,
      catalog.operations,
      learning.operations,
      purchases.operations,
      downloads.operations,
      packs.operations,
      built.creator.operations,
      built.institution,
      services.recovery.operations,
    ),
    subscriptions: exactlyOnce(
      device.subscriptions,
      account.subscriptions,
      syncing.subscriptions,
      catalog.subscriptions,
      learning.subscriptions,
      purchases.subscriptions,
      downloads.subscriptions,
      packs.subscriptions,
      recommendations.subscriptions,
      built.creator.subscriptions,
    ),
  };
}
