import { createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../common/errors.js';
import { provisioningSchema, provisioningSignedText, signedProvisioningSchema, type Provisioning } from '../../../common/provisioning.js';

/** The server's public key as pinned on this device (shared by provisioning files and content packs). */
export const SERVER_KEY_FILE = 'server-key.pem';

/** The pinned server key, else the server's own (fetched now and pinned for next time). */
export async function pinnedServerKey(dataDir: string, fetchKey: () => Promise<string | null>): Promise<string> {
  const path = join(dataDir, SERVER_KEY_FILE);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  const key = await fetchKey().catch(() => null);
  if (key === null) throw new AppError('SERVER_UNREACHABLE', 'The server cannot be reached to check the signature; connect once and try again.');
  writeFileSync(path, key, { mode: 0o600 });
  return key;
}

export type ProvisioningResult =
  | { state: 'none' }
  | { state: 'applied'; source: string; provisioning: Provisioning }
  | { state: 'rejected'; source: string; message: string };

/**
 * Where IT puts an institution's provisioning file, first match wins: an explicit path (the
 * `ZHIKU_PROVISIONING_FILE` variable or the host's flag), the machine-wide location of the OS
 * (deployable without rebuilding the installer), then the installer's own resources.
 */
export function provisioningLocations(options: { explicit?: string | undefined; platform: NodeJS.Platform; env: NodeJS.ProcessEnv; resourcesDir?: string | undefined }): string[] {
  const machineWide =
    options.platform === 'win32'
      ? join(options.env.ProgramData ?? 'C:\\ProgramData', 'Zhiku', 'provisioning.json')
      : options.platform === 'darwin'
        ? '/Library/Application Support/Zhiku/provisioning.json'
        : '/etc/zhiku/provisioning.json';
  return [options.explicit, machineWide, options.resourcesDir ? join(options.resourcesDir, 'provisioning', 'provisioning.json') : undefined].filter((p): p is string => Boolean(p));
}

/**
 * Reads and verifies the first provisioning file found. The signature is checked against a
 * trusted public key: one the installer carries, else the one pinned on this device the
 * first time, else the server's (fetched from the file's own server and pinned). Anything
 * changed after signing, or signed by another key, is rejected with a clear message and
 * nothing of it is applied.
 */
export async function readProvisioning(options: {
  locations: readonly string[];
  dataDir: string;
  installerKeyPath?: string | undefined;
  fetchServerKey: (serverUrl: string) => Promise<string | null>;
}): Promise<ProvisioningResult> {
  const source = options.locations.find((path) => existsSync(path));
  if (!source) return { state: 'none' };
  const reject = (message: string): ProvisioningResult => ({ state: 'rejected', source, message });
  let signed: { provisioning: unknown; signature: string };
  let provisioning: Provisioning;
  try {
    signed = signedProvisioningSchema.parse(JSON.parse(readFileSync(source, 'utf8')));
    provisioning = provisioningSchema.parse(signed.provisioning);
  } catch (error) {
    return reject(`The provisioning file ${source} is not valid: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
  }
  const pinnedPath = join(options.dataDir, SERVER_KEY_FILE);
  let key = options.installerKeyPath && existsSync(options.installerKeyPath) ? readFileSync(options.installerKeyPath, 'utf8') : existsSync(pinnedPath) ? readFileSync(pinnedPath, 'utf8') : null;
  const firstUse = key === null;
  if (key === null) key = await options.fetchServerKey(provisioning.serverUrl).catch(() => null);
  if (key === null) return reject(`The provisioning file ${source} cannot be checked yet: its server ${provisioning.serverUrl} cannot be reached.`);
  let valid: boolean;
  try {
    valid = verify(null, Buffer.from(provisioningSignedText(signed.provisioning)), createPublicKey(key), Buffer.from(signed.signature, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return reject(`The provisioning file ${source} was changed after it was signed, or was not signed by this institution's server. Nothing of it was applied; ask IT for a new file.`);
  if (firstUse) writeFileSync(pinnedPath, key, { mode: 0o600 });
  return { state: 'applied', source, provisioning };
}
