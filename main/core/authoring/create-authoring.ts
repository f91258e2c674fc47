import type { Observable } from 'rxjs';
import { distinctUntilChanged, map } from 'rxjs';
import type { ClientDatabase } from '../database/open-client-database.js';
import { createCovers } from '../learning/covers.js';
import type { ReviewCache } from '../catalog/review-cache.js';
import type { ServerApi } from '../server-api.js';
import type { SessionManager } from '../session/session-manager.js';
import type { ReplicationManager } from '../sync/replication-manager.js';
import { creatorOperations } from './creator-operations.js';
import { createDraftEditor } from './draft-editor.js';
import { createMediaUploads } from './media-uploads.js';

/** The creator's side of the core: drafts, covers, media uploads, and their contract operations. */
export function createAuthoring(deps: {
  database: ClientDatabase;
  session: SessionManager;
  sync: ReplicationManager;
  server: ServerApi;
  dataDir: string;
  fetch: typeof fetch;
  serverUrl: () => string;
  requireCreator: () => string;
  userId: () => string | undefined;
  perAccount: <T>(source: () => Observable<T>, emit: (value: T) => void) => () => void;
  follow: <T>(source: Observable<T>, emit: (value: T) => void) => () => void;
  now: () => number;
  reviews: ReviewCache;
}) {
  const { database, session, sync, server, requireCreator, userId, perAccount, follow } = deps;
  const drafts = createDraftEditor({ db: database, userId: requireCreator, now: deps.now });
  const covers = createCovers({
    db: database,
    dataDir: deps.dataDir,
    fetchCover: (courseId) => {
      const path = `/v1/content/covers/${encodeURIComponent(courseId)}`;
      return session.current() ? session.authorizedFetch(path) : deps.fetch(new URL(path, deps.serverUrl()));
    },
  });
  const mediaUploads = createMediaUploads({
    onCoverReady: (sha256, path) => covers.adopt(sha256, path),
    db: database,
    drafts,
    session,
    dataDir: deps.dataDir,
    awaitDraftSynced: async () => {
      sync.resync();
      await sync.awaitInSync();
    },
    online$: sync.status$.pipe(
      map((status) => status.online),
      distinctUntilChanged(),
    ),
  });
  const creator = creatorOperations({
    database,
    session,
    sync,
    server,
    drafts,
    mediaUploads,
    requireCreator,
    userId,
    perAccount,
    follow,
    now: deps.now,
    reviews: deps.reviews,
  });
  return { covers, mediaUploads, creator };
}
