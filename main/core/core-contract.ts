import type { OperationHandlers, SubscriptionSources } from '../../common/contract/index.js';
import { accountOperations } from './operations/account-operations.js';
import type { creatorOperations } from './authoring/creator-operations.js';
import { catalogOperations } from './operations/catalog-operations.js';
import { certificateOperations } from './operations/certificate-operations.js';
import { payoutOperations } from './operations/payout-operations.js';
import { membershipOperations } from './operations/membership-operations.js';
import { examOperations } from './operations/exam-operations.js';
import { exactlyOnce } from './compose-handlers.js';
import type { CoreServices } from './operations/core-services.js';
import { deviceOperations } from './operations/device-operations.js';
import { downloadOperations } from './operations/download-operations.js';
import type { institutionOperations } from './institution-operations.js';
import type { adminOperations } from './admin-operations.js';
import { learningOperations } from './operations/learning-operations.js';
import { packOperations } from './operations/pack-operations.js';
import { purchaseOperations } from './operations/purchase-operations.js';
import { recommendationOperations } from './operations/recommendation-operations.js';
import { syncOperations } from './operations/sync-operations.js';

/**
 * The whole contract, domain by domain. `exactlyOnce` refuses a name two domains handle;
 * the declared return type refuses a name none handles.
 */
export function contractOf(
  services: CoreServices,
  built: {
    creator: ReturnType<typeof creatorOperations>;
    institution: ReturnType<typeof institutionOperations>;
    admin: ReturnType<typeof adminOperations>;
  },
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
  const examining = examOperations(services);
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
      built.admin,
      certificateOperations(services),
      payoutOperations(services),
      membershipOperations(services),
      examining.operations,
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
      examining.subscriptions,
      built.creator.subscriptions,
    ),
  };
}
