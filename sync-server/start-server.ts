import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createAuthService } from './accounts/auth-service.js';
import { createTokenSigner } from './accounts/tokens.js';
import { catalogDocuments } from './catalog/catalog-documents.js';
import { importCatalog, readCatalogFile } from './catalog/import-catalog.js';
import { publishCatalogDocuments } from './catalog/publish-catalog.js';
import type { ServerConfig } from './config.js';
import { buildServer } from './build-server.js';
import { openSqliteDatabase } from './database/open-sqlite.js';
import type { ServerContext } from './server-context.js';
import { ChangeHub } from './replication/change-hub.js';
import { createDocumentStore } from './replication/document-store.js';
import { sqliteDatabase } from './sql/sqlite-database.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  context: ServerContext;
  close(): Promise<void>;
}

/** The token secret from the environment, or one made once and kept (0600) in the data dir. */
function tokenSecret(config: ServerConfig): Uint8Array {
  if (config.tokenSecret) return new TextEncoder().encode(config.tokenSecret);
  const file = join(config.dataDir, 'token-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

/** Opens storage, imports the demo catalog if configured, and listens. Used by the entry and by tests. */
export async function startServer(config: ServerConfig, version: string, options: { now?: () => number } = {}): Promise<RunningServer> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set, but this build of the sync server stores data in SQLite only; unset it to use the data dir.');
  }
  const now = options.now ?? (() => Date.now());
  const raw = openSqliteDatabase(config.dataDir);
  const db = sqliteDatabase(raw);
  const signer = createTokenSigner(tokenSecret(config), now);
  const hub = new ChangeHub();
  const context: ServerContext = {
    version,
    config,
    db,
    now,
    hub,
    auth: createAuthService({ db, signer, now, maxDevices: config.maxDevicesPerAccount }),
    documents: createDocumentStore({ db, hub, now }),
  };
  const app = await buildServer(context, config);
  try {
    if (config.demoCatalogPath) {
      const catalog = readCatalogFile(config.demoCatalogPath);
      const result = importCatalog(raw, catalog);
      const published = await publishCatalogDocuments(context, catalogDocuments(catalog, config.demoCatalogPath));
      app.log.info({ ...result, published, catalog: config.demoCatalogPath }, 'catalog imported');
    }
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    await db.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    app,
    url: `http://${config.host}:${port}`,
    context,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
