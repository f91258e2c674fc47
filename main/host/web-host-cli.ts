import { workerNextTo } from '../core/recommend/recommender-worker.js';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { APP_VERSION } from '../app-version.js';
import { createCore } from '../core/create-core.js';
import { startWebHost } from './web-host.js';

/**
 * Web mode: runs the desktop core in plain Node and serves the UI to a browser on
 * 127.0.0.1. Prints one JSON line `{"event":"ready",...}` for scripts and tests to wait on.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'renderer-dir': { type: 'string' },
      'sync-server-url': { type: 'string' },
      provisioning: { type: 'string' },
      // Web mode has no keychain either; the desktop app tells the learner so, and this shows that notice here too.
      'announce-secret-storage': { type: 'boolean' },
    },
  });
  const here = dirname(fileURLToPath(import.meta.url));
  const dataDir = resolve(values['data-dir'] ?? process.env.ZHIKU_DATA_DIR ?? join(homedir(), '.zhiku-web'));
  const port = Number(values.port ?? process.env.ZHIKU_HOST_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got ${values.port}`);

  const core = await createCore({
    dataDir,
    appVersion: APP_VERSION,
    runtime: 'node',
    recommendWorker: workerNextTo(import.meta.url),
    // Web mode reads only a file it is given (flag or ZHIKU_PROVISIONING_FILE), never machine-wide ones.
    ...((values.provisioning ?? process.env.ZHIKU_PROVISIONING_FILE)
      ? { provisioning: { locations: [resolve(values.provisioning ?? process.env.ZHIKU_PROVISIONING_FILE!)] } }
      : {}),
    secrets: { announce: values['announce-secret-storage'] === true },
    initialSettings: values['sync-server-url'] ? { syncServerUrl: values['sync-server-url'] } : {},
  });
  const host = await startWebHost({
    core,
    rendererDir: resolve(values['renderer-dir'] ?? join(here, '../renderer')),
    port,
  });

  process.stdout.write(`${JSON.stringify({ event: 'ready', url: host.launchUrl, origin: host.origin, dataDir })}\n`);
  process.stderr.write(`Zhiku is running in web mode. Open ${host.launchUrl}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`Zhiku web host failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
