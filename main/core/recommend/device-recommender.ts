import { distinctUntilChanged, filter, map } from 'rxjs';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { SettingsStore } from '../settings-store.js';
import type { ReplicationManager } from '../sync/replication-manager.js';
import { createRecommender, type Recommender } from './recommender.js';

/** The recommender on this device: rebuilt after each sync, from the server's aggregate snapshot (ETag, kept offline). */
export function deviceRecommender(deps: {
  database: ClientDatabase;
  dataDir: string;
  settings: SettingsStore;
  workerEntry: URL | undefined;
  sync: ReplicationManager;
  fetch: typeof fetch;
}): Recommender {
  return createRecommender({
    db: deps.database,
    dataDir: deps.dataDir,
    settings: deps.settings,
    workerEntry: deps.workerEntry,
    synced$: deps.sync.status$.pipe(
      filter((status) => status.online && !status.syncing),
      map((status) => `${deps.settings.get().syncServerUrl} ${status.lastSyncedAt}`),
      distinctUntilChanged(),
    ),
    async fetchSnapshot(etag) {
      const response = await deps.fetch(new URL('/v1/recommend/aggregates', deps.settings.get().syncServerUrl), {
        headers: etag ? { 'if-none-match': etag } : {},
        signal: AbortSignal.timeout(30_000),
      });
      if (response.status === 304) return { status: 304 };
      if (!response.ok) return null;
      return {
        status: 200,
        body: new Uint8Array(await response.arrayBuffer()),
        etag: response.headers.get('etag') ?? '',
      };
    },
  });
}
