import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_KEY_FILE } from '../provisioning/provisioning-file.js';
import { createSecretStorage } from '../secrets/secret-storage.js';
import { createServerApi } from '../server-api.js';
import { createServerKeys } from '../server-keys.js';
import { installId } from '../session/install-id.js';
import { createSessionManager } from '../session/session-manager.js';
import { secretTokenVault } from '../session/token-vault.js';
import type { Foundation } from './foundation.js';

const PLATFORMS = { win32: 'windows', darwin: 'macos', linux: 'linux' } as const;

/** Who is signed in and how the core speaks to the server: secrets, the session, the server API and its keys. */
export async function openAccountLayer({ options, dataDir, log, fetch, serverUrl }: Foundation) {
  const platform = PLATFORMS[process.platform as keyof typeof PLATFORMS] ?? 'linux';
  const secrets = createSecretStorage({ dataDir, ...options.secrets });
  const vault = secretTokenVault(secrets, (error) =>
    log.child('secrets').warn('the sign-in could not be saved', { error }),
  );
  const session = createSessionManager({
    vault,
    initial: await vault.load(),
    serverUrl,
    fetch,
    device: () => ({
      installId: installId(dataDir),
      name: options.deviceName ?? `Zhiku (${platform})`,
      platform: options.runtime === 'node' ? 'web' : platform,
    }),
    log: log.child('session'),
  });
  const server = createServerApi({ session, fetch, serverUrl });
  // The server's signing keys, pinned per server (server-keys.ts); a key pinned before keys had ids checks old signatures.
  const legacyKeyFile = join(dataDir, SERVER_KEY_FILE);
  const serverKeys = createServerKeys({
    dataDir,
    fetchKeySet: (url) => server.keySet(url),
    legacyPem: () => (existsSync(legacyKeyFile) ? readFileSync(legacyKeyFile, 'utf8') : undefined),
  });
  return { secrets, vault, session, server, serverKeys };
}

export type AccountLayer = Awaited<ReturnType<typeof openAccountLayer>>;
