import { hostname } from 'node:os';
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
const PLATFORM_NAMES = { windows: 'Windows', macos: 'Mac', linux: 'Linux' } as const;

/** A device name from the host name (`meis-macbook.local` → `meis-macbook`), or the platform when there is none. */
export function deviceNameOf(host: string, platform: keyof typeof PLATFORM_NAMES): string {
  const name = host
    .replace(/\.(local|lan|home|localdomain)$/i, '')
    .trim()
    .slice(0, 60);
  return name && name !== 'localhost' ? `${name} (${PLATFORM_NAMES[platform]})` : `Zhiku (${PLATFORM_NAMES[platform]})`;
}

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
      // The computer's own name, as its owner knows it ("Mei's MacBook"), for the list of signed-in devices.
      name: options.deviceName ?? deviceNameOf(hostname(), platform),
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
