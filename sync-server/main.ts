import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../package.json';
import { readServerConfig } from './config.js';
import { startServer } from './start-server.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/** The demo catalog shipped in resources/, found from the source file or from the build in dist/. */
function bundledDemoCatalog(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = ['..', '../..'].map((up) => join(here, up, 'resources/demo-catalog/catalog.json'));
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}

/** The sync server process: config from the environment, graceful shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = readServerConfig(process.env, { demoCatalogPath: bundledDemoCatalog() });
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
  process.stderr.write(
    `Zhiku sync server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
