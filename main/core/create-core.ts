import type { Core, CoreOptions } from './core-options.js';
import type { CoreServices } from './operations/core-services.js';
import { contractOf } from './core-contract.js';
import { checkedContract } from './checked-contract.js';
import { appInfoOf } from './operations/device-operations.js';
import { institutionOperations } from './institution-operations.js';
import { adminOperations } from './admin-operations.js';
import { openFoundation } from './composition/foundation.js';
import { openAccountLayer } from './composition/account-layer.js';
import { clearReplicatedLessons } from './catalog/lesson-cache.js';
import { startDataServices } from './composition/data-services.js';
import { startFeatureServices } from './composition/feature-services.js';

export type { Core, CoreOptions } from './core-options.js';

/**
 * The desktop core: everything the UI can ask for, in plain Node. Electron's main process
 * and the web-mode host both create it and only carry its operations to the UI.
 *
 * Composition only, floor by floor (composition/): the foundation (clock, log, settings,
 * database), the account layer (secrets, session, server API), the data services (sync,
 * downloads, recovery) and the features (authoring, search, packs, recommendations).
 * The operations themselves live with their domains (core-contract.ts).
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const ground = await openFoundation(options);
  const startedAt = ground.now().toISOString();
  const account = await openAccountLayer(ground);
  // Before the first pull: lessons an earlier version replicated for every course are cleared (once).
  await clearReplicatedLessons(ground.database, () => ground.now().getTime()).catch((error: unknown) =>
    ground.log.child('lessons').warn('clearing replicated lessons failed', { error }),
  );
  const data = startDataServices(ground, account);
  const features = startFeatureServices(ground, account, data);
  const { log, database, settings, serverStatus, journal } = ground;
  const { session, vault, secrets, server } = account;
  const { sync, downloads, recovery, media } = data;
  const { search, provisioning, packs, recommender, covers, mediaUploads, creator, packUnlock } = features;
  const { exams, examResults, reviews, lessons, reviewsChanged } = features;
  const stopRecheckOnUrlChange = settings.onChange(() => void serverStatus.check());

  const services: CoreServices = {
    ...{ appInfo: appInfoOf(options, startedAt), now: ground.now, log, database, settings, serverStatus },
    ...{ secrets, vault, session, serverCall: server.call, serverGet: server.get, sync, downloads },
    ...{ access: data.access, media, search, recommender, packs, recovery, provisioning, exams, reviews, lessons },
    ...{ openExternal: options.openExternal, ...data.helpers },
  };

  const contract = contractOf(services, {
    creator,
    institution: institutionOperations(server),
    admin: adminOperations(server),
  });
  const checkOutputs = options.checkOutputs ?? process.env.ZHIKU_CHECK_OUTPUTS === '1';
  return {
    ...(checkOutputs ? checkedContract(contract, log.child('contract')) : contract),
    ...{ database, session, sync, downloads, search, media, covers, provisioning, lessons },
    async close() {
      stopRecheckOnUrlChange();
      search.close();
      await recommender.close();
      provisioning.close();
      packUnlock.unsubscribe();
      examResults.unsubscribe();
      reviewsChanged.unsubscribe();
      mediaUploads.close();
      serverStatus.close();
      downloads.close();
      recovery.close();
      data.stopMemoryRelease();
      await sync.stop();
      await database.close();
      journal.close();
      await vault.flush();
      log.info('closed');
    },
  };
}
