import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signedTextWithKey, splitSignature } from '../../../common/entitlement-payload.js';
import { verifyWithKey, type ServerKeys } from '../server-keys.js';
import {
  provisioningSchema,
  provisioningSignedText,
  signedProvisioningSchema,
  type Provisioning,
} from '../../../common/provisioning.js';

/** Where devices before key ids pinned the server's one key (still read, to check what it signed then). */
export const SERVER_KEY_FILE = 'server-key.pem';

export type ProvisioningResult =
  | { state: 'none' }
  | { state: 'applied'; source: string; provisioning: Provisioning }
  | { state: 'rejected'; source: string; message: string };

/**
 * Where IT puts an institution's provisioning file, first match wins: an explicit path (the
 * `ZHIKU_PROVISIONING_FILE` variable or the host's flag), the machine-wide location of the OS
 * (deployable without rebuilding the installer), then the installer's own resources.
 */
export function provisioningLocations(options: {
  explicit?: string | undefined;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  resourcesDir?: string | undefined;
}): string[] {
  const machineWide =
    options.platform === 'win32'
      ? join(options.env.ProgramData ?? 'C:\\ProgramData', 'Zhiku', 'provisioning.json')
      : options.platform === 'darwin'
        ? '/Library/Application Support/Zhiku/provisioning.json'
        : '/etc/zhiku/provisioning.json';
  return [
    options.explicit,
    machineWide,
    options.resourcesDir ? join(options.resourcesDir, 'provisioning', 'provisioning.json') : undefined,
  ].filter((p): p is string => Boolean(p));
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
  keys: ServerKeys;
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
    return reject(
      `The provisioning file ${source} is not valid: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`,
    );
  }
  const text = (keyId: string | undefined) => signedTextWithKey(provisioningSignedText(signed.provisioning), keyId);
  let valid: boolean;
  if (options.installerKeyPath && existsSync(options.installerKeyPath)) {
    // The institution's installer carries the key: nothing is taken from the network.
    const { keyId, value } = splitSignature(signed.signature);
    valid = verifyWithKey(readFileSync(options.installerKeyPath, 'utf8'), text(keyId), value);
  } else {
    const { keyId } = splitSignature(signed.signature);
    if (
      options.keys.pinned(provisioning.serverUrl, keyId) === undefined &&
      !(await options.keys.refresh(provisioning.serverUrl))
    ) {
      return reject(
        `The provisioning file ${source} cannot be checked yet: its server ${provisioning.serverUrl} cannot be reached.`,
      );
    }
    valid = await options.keys.verify(provisioning.serverUrl, signed.signature, text, { offline: true });
  }
  if (!valid)
    return reject(
      `The provisioning file ${source} was changed after it was signed, or was not signed by this institution's server. Nothing of it was applied; ask IT for a new file.`,
    );
  return { state: 'applied', source, provisioning };
}
