import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addRxPlugin, type RxCollection, type RxReplicationPullStreamItem, type WithDeleted } from 'rxdb';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { runReplicationBaseTestSuite, setConfig } from 'rxdb/plugins/test-utils';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { readServerConfig } from '../../../../sync-server/config.js';
import { startServer, type RunningServer } from '../../../../sync-server/start-server.js';
import { getRxStorageBetterSqlite3 } from '../../storage/index.js';
import { followEventStream } from '../event-stream.js';

/**
 * RxDB's own replication test suite (rxdb/plugins/test-utils), run against our server's
 * endpoints on loopback with a test-only `humans` collection, the client on our storage.
 */
// The suite is written for mocha's global describe/it.
Object.assign(globalThis, { describe, it });
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);

const storage = wrappedValidateAjvStorage({
  storage: getRxStorageBetterSqlite3({ directory: mkdtempSync(join(tmpdir(), 'zhiku-rxdb-suite-')) }),
});
setConfig({
  storage: {
    name: 'better-sqlite3',
    getStorage: () => storage,
    getPerformanceStorage: () => ({ storage, description: 'better-sqlite3' }),
    hasPersistence: true,
    hasMultiInstance: false,
    hasAttachments: true,
    hasReplication: true,
  },
});

let server: RunningServer;
let token = '';

beforeAll(async () => {
  server = await startServer(
    readServerConfig(
      {
        ZHIKU_MODE: 'development',
        ZHIKU_DATA_DIR: mkdtempSync(join(tmpdir(), 'zhiku-rxdb-server-')),
        ZHIKU_SERVER_PORT: '0',
        ZHIKU_LOG_LEVEL: 'silent',
        ZHIKU_DEMO_CATALOG: 'off',
        ZHIKU_TEST_COLLECTIONS: 'humans',
      },
      { demoCatalogPath: '' },
    ),
    'suite',
  );
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/v1/auth/register', {
    email: 'suite@example.com',
    password: 'correct horse battery',
    displayName: 'Suite',
  });
  token = (
    (await (
      await post('/v1/auth/login', {
        email: 'suite@example.com',
        password: 'correct horse battery',
        device: { installId: 'rxdb-suite-install-01', name: 'Suite', platform: 'linux' },
      })
    ).json()) as { accessToken: string }
  ).accessToken;
});
afterAll(async () => {
  await server?.close();
});

type Human = { passportId: string };
const authorized = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });

function replicate(collection: RxCollection<Human>, live: boolean) {
  const stream$ = new Subject<RxReplicationPullStreamItem<Human, { seq: number }>>();
  const stopStream = live
    ? followEventStream({
        open: (signal) => authorized('/v1/sync/stream', { signal }),
        onResync: () => stream$.next('RESYNC'),
        onChange: () => stream$.next('RESYNC'),
        onConnectionChange: () => undefined,
      })
    : () => undefined;
  const state = replicateRxCollection<Human, { seq: number }>({
    // Stable per collection, so a later one-shot sync continues from the earlier one's state.
    replicationIdentifier: `suite-${collection.database.name}-${collection.name}`,
    collection,
    live,
    waitForLeadership: false,
    retryTime: 200,
    pull: {
      stream$: stream$.asObservable(),
      async handler(checkpoint, batchSize) {
        const response = await authorized(`/v1/sync/humans/pull?seq=${checkpoint?.seq ?? 0}&limit=${batchSize}`);
        const body = (await response.json()) as { documents: WithDeleted<Human>[]; checkpoint: { seq: number } };
        return { documents: body.documents, checkpoint: body.checkpoint };
      },
    },
    push: {
      async handler(rows) {
        const response = await authorized('/v1/sync/humans/push', { method: 'POST', body: JSON.stringify(rows) });
        if (!response.ok) throw new Error(`push ${response.status}: ${await response.text()}`);
        return (await response.json()) as WithDeleted<Human>[];
      },
    },
  });
  state.canceled$.subscribe((canceled: boolean) => {
    if (canceled) stopStream();
  });
  return state;
}

describe('RxDB replication base test suite against the sync server', () => {
  runReplicationBaseTestSuite({
    startReplication: (collection) => replicate(collection, true),
    async syncOnce(collection) {
      const state = replicate(collection, false);
      await state.awaitInitialReplication();
      await state.cancel();
    },
    getAllServerDocs: async () =>
      (await server.context.db.all<{ data: string }>("SELECT data FROM documents WHERE collection = 'humans'")).map(
        (row) => JSON.parse(row.data) as Human,
      ),
    cleanUpServer: async () => void (await server.context.db.run("DELETE FROM documents WHERE collection = 'humans'")),
    softDeletes: true,
    isDeleted: (doc: { _deleted?: boolean }) => Boolean(doc._deleted),
    getPrimaryOfServerDoc: (doc: Human) => doc.passportId,
  });
});
