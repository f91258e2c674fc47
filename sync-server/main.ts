import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../package.json';
import { readServerConfig } from './config.js';
import { startServer } from './start-server.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/** The sync server process: config from the environment, graceful shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const config = readServerConfig(process.env, { demoCatalogPath: join(repoRoot, 'resources/demo-catalog/catalog.json') });
  const server = await startServer(config, version);
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: server.url })}\n`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      server.app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Zhiku sync server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
