import { createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KEY_ID_PATTERN, splitSignature, type ServerKeySet } from '../../common/entitlement-payload.js';

/** The servers' signing keys as pinned on this device, per server (origin), by key id. */
export const SERVER_KEYS_FILE = 'server-keys.json';
/** The key id under which a server's pre-rotation key (unprefixed signatures) is pinned. */
const LEGACY = 'legacy';

const keySetSchema = z.object({
  active: z.string().regex(KEY_ID_PATTERN),
  keys: z
    .array(
      z.object({
        kid: z.string().regex(KEY_ID_PATTERN),
        publicKeyPem: z.string().max(2000),
        createdAt: z.number(),
        legacy: z.boolean(),
      }),
    )
    .max(100),
});
const pinnedSchema = z.record(z.string(), z.record(z.string(), z.string()));

export interface ServerKeys {
  /** The pinned key of `serverUrl` with this id (undefined: the key of unprefixed signatures), without asking the network. */
  pinned(serverUrl: string, keyId: string | undefined): string | undefined;
  /**
   * Pins keys of `serverUrl` it did not know yet. A key id once pinned keeps its key: a server
   * answering another key for a known id is not believed (the pinned one stays). Keys the server
   * no longer lists (retired) are dropped. Returns false when the server cannot be reached.
   */
  refresh(serverUrl: string): Promise<boolean>;
  /** Checks a server signature over `textFor(keyId)`, fetching an unknown key id once from `serverUrl`. */
  verify(
    serverUrl: string,
    signature: string,
    textFor: (keyId: string | undefined) => string,
    options?: { offline?: boolean },
  ): Promise<boolean>;
}

export function verifyWithKey(pem: string, text: string, value: string): boolean {
  try {
    return verify(null, Buffer.from(text), createPublicKey(pem), Buffer.from(value, 'base64url'));
  } catch {
    // A malformed signature or key is an invalid signature; the caller reports what it refused.
    return false;
  }
}

/** `legacyPem`: a key this device pinned before keys had ids (it checks the server's old, unprefixed signatures). */
export function createServerKeys(deps: {
  dataDir: string;
  fetchKeySet: (serverUrl: string) => Promise<ServerKeySet | null>;
  legacyPem?: () => string | undefined;
}): ServerKeys {
  const file = join(deps.dataDir, SERVER_KEYS_FILE);
  const origin = (serverUrl: string) => new URL(serverUrl).origin;
  let pinned: Record<string, Record<string, string>> = {};
  try {
    if (existsSync(file)) pinned = pinnedSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    // A damaged pin file starts empty, as on a first start: each server's keys are fetched
    // again from that server when first needed (the core has no log yet; issue 18).
    pinned = {};
  }
  const save = () => {
    writeFileSync(`${file}.tmp`, JSON.stringify(pinned), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  const refreshing = new Map<string, Promise<boolean>>();

  const keys: ServerKeys = {
    pinned(serverUrl, keyId) {
      const own = pinned[origin(serverUrl)];
      return own?.[keyId ?? LEGACY] ?? (keyId === undefined ? deps.legacyPem?.() : undefined);
    },
    refresh(serverUrl) {
      const at = origin(serverUrl);
      let running = refreshing.get(at);
      if (!running) {
        running = (async () => {
          // Unreachable or a malformed answer: `false`, which callers report (server unreachable, not owned).
          const answer = keySetSchema.safeParse(await deps.fetchKeySet(serverUrl).catch(() => null));
          if (!answer.success) return false;
          const own = { ...(pinned[at] ?? {}) };
          const listed = new Set(answer.data.keys.map((key) => (key.legacy ? LEGACY : key.kid)));
          for (const key of answer.data.keys) {
            const id = key.legacy ? LEGACY : key.kid;
            own[id] ??= key.publicKeyPem;
            if (key.legacy) own[key.kid] ??= key.publicKeyPem;
          }
          for (const id of Object.keys(own))
            if (!listed.has(id) && !answer.data.keys.some((key) => key.kid === id)) delete own[id];
          pinned = { ...pinned, [at]: own };
          save();
          return true;
        })().finally(() => refreshing.delete(at));
        refreshing.set(at, running);
      }
      return running;
    },
    async verify(serverUrl, signature, textFor, options = {}) {
      const { keyId, value } = splitSignature(signature);
      let pem = keys.pinned(serverUrl, keyId);
      if (pem === undefined && !options.offline && (await keys.refresh(serverUrl))) pem = keys.pinned(serverUrl, keyId);
      return pem !== undefined && verifyWithKey(pem, textFor(keyId), value);
    },
  };
  return keys;
}
