import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnUntilReady, type ReadyProcess } from '../../scripts/lib/spawn-ready.ts';

export const projectRoot = join(import.meta.dirname, '../..');

export function makeTempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A real sync server from the build, on SQLite in its own data dir, on a free loopback port (or `port`, to restart it where devices expect it). */
export async function startSyncServer(
  dataDir: string,
  port = 0,
  env: Record<string, string> = {},
): Promise<ReadyProcess & { url: string }> {
  const server = await spawnUntilReady(process.execPath, [join(projectRoot, 'dist/sync-server/main.js')], {
    env: {
      ZHIKU_MODE: 'development',
      ZHIKU_DATA_DIR: dataDir,
      ZHIKU_SERVER_PORT: String(port),
      ZHIKU_LOG_LEVEL: 'warn',
      ...env,
    },
  });
  return { ...server, url: String(server.ready.url) };
}

/** The desktop core in web mode, from the build, serving the built renderer. */
export async function startCoreHost(options: {
  dataDir: string;
  syncServerUrl: string;
  provisioningFile?: string;
  announceSecretStorage?: boolean;
}): Promise<ReadyProcess & { launchUrl: string; origin: string }> {
  const host = await spawnUntilReady(
    process.execPath,
    [
      join(projectRoot, 'out/main/web-host.js'),
      '--data-dir',
      options.dataDir,
      '--port',
      '0',
      '--sync-server-url',
      options.syncServerUrl,
      ...(options.provisioningFile ? ['--provisioning', options.provisioningFile] : []),
      ...(options.announceSecretStorage ? ['--announce-secret-storage'] : []),
    ],
    { env: { ZHIKU_CHECK_OUTPUTS: '1' } },
  );
  return { ...host, launchUrl: String(host.ready.url), origin: String(host.ready.origin) };
}
