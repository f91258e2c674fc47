import type { FastifyInstance } from 'fastify';
import { importCatalog, readCatalogFile } from './catalog/import-catalog.js';
import type { ServerConfig } from './config.js';
import { buildServer } from './build-server.js';
import { openSqliteDatabase } from './database/open-sqlite.js';
import { createServerContext } from './server-context.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Opens storage, imports the demo catalog if configured, and listens. Used by the entry and by tests. */
export async function startServer(config: ServerConfig, version: string): Promise<RunningServer> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set, but this build of the sync server stores data in SQLite only; unset it to use the data dir.');
  }
  const db = openSqliteDatabase(config.dataDir);
  const app = buildServer(createServerContext(db, version), config);
  try {
    if (config.demoCatalogPath) {
      const result = importCatalog(db, readCatalogFile(config.demoCatalogPath));
      app.log.info({ ...result, catalog: config.demoCatalogPath }, 'catalog imported');
    }
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    db.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    app,
    url: `http://${config.host}:${port}`,
    async close() {
      await app.close();
      db.close();
    },
  };
}
