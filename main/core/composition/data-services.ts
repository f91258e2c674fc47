import { map } from 'rxjs';
import { accountHelpers } from '../account-helpers.js';
import { createRecovery } from '../database/recovery.js';
import { createDownloadManager } from '../downloads/download-manager.js';
import { createOfflineAccess } from '../downloads/offline-access.js';
import { createMediaTickets } from '../learning/media-tickets.js';
import { memoryReducingCollection, releaseMemoryAfterBursts } from '../sync/memory-after-bursts.js';
import { startReplication } from '../sync/replication-manager.js';
import type { AccountLayer } from './account-layer.js';
import type { Foundation } from './foundation.js';

/** What keeps the learner's data: offline access, replication, recovery, downloads and the media they serve. */
export function startDataServices(ground: Foundation, { session, secrets, serverKeys }: AccountLayer) {
  const { database, dataDir, log, fetch, serverUrl, settings, journal } = ground;
  const now = () => ground.now().getTime();
  const access = createOfflineAccess({
    db: database,
    now,
    graceDays: () => settings.get().offlineGraceDays,
    keys: serverKeys,
    serverUrl,
  });
  const memory = releaseMemoryAfterBursts({ collect: memoryReducingCollection(), log: log.child('memory') });
  const sync = startReplication({
    db: database,
    session,
    serverUrl,
    fetch,
    now,
    onPulled: (documents) => memory.pulled(documents),
    onServerReached: () =>
      void access
        .serverReached()
        .catch((error: unknown) => log.child('access').warn('recording contact with the server failed', { error })),
  });
  const syncingWatch = sync.status$.subscribe((status) => memory.syncing(status.syncing));
  const recovery = createRecovery({
    ...{ dataDir, database, journal, syncStatus$: sync.status$ },
    awaitInSync: () => sync.awaitInSync(),
    log: log.child('recovery'),
  });
  const downloads = createDownloadManager({
    ...{ db: database, session, serverUrl, fetch, dataDir, secrets, now, access },
    log: log.child('downloads'),
    online$: sync.status$.pipe(map((status) => status.online)),
  });
  const media = createMediaTickets((lessonId, start, end) => downloads.read(lessonId, start, end));
  return {
    access,
    sync,
    recovery,
    downloads,
    media,
    /** Stops giving memory back after sync bursts (the core is closing). */
    stopMemoryRelease: () => {
      syncingWatch.unsubscribe();
      memory.stop();
    },
    helpers: accountHelpers(session, database, {
      now,
      graceMs: () => settings.get().offlineGraceDays * 86_400_000,
    }),
  };
}

export type DataServices = ReturnType<typeof startDataServices>;
