import {
  entitlementSignedText,
  signedTextWithKey,
  splitSignature,
  type EntitlementSignedFields,
} from '../../common/entitlement-payload.js';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { SqlDatabase } from '../sql/sql-database.js';

/**
 * Signs what devices must check offline — entitlements, provisioning files, content-pack
 * manifests — with Ed25519 keys kept in the database, apart from the token secret (rotating that
 * secret signs everyone out but locks nobody's content). Every signature names its key
 * (`<keyId>.<signature>`); old keys keep verifying until retired (docs/security.md, "Keys").
 */
export interface EntitlementSigner {
  sign(fields: EntitlementFields): string;
  verify(fields: EntitlementFields, signature: string): boolean;
  /** Signs other server statements (provisioning files, pack manifests, certificates), domain-separated by their text. */
  signText(text: string): string;
  /** Whether `signature` is this server's signature of `text` (by any key not retired). */
  verifyText(text: string, signature: string): boolean;
  /** The active key's public half (what `GET /v1/keys/entitlements` serves to older devices). */
  publicKeyPem: string;
  activeKeyId: string;
  /** Every key that still verifies, newest first; `legacy` is the key of unprefixed signatures. */
  publicKeys(): PublicSigningKey[];
}

export interface PublicSigningKey {
  kid: string;
  publicKeyPem: string;
  createdAt: number;
  legacy: boolean;
}

export type EntitlementFields = EntitlementSignedFields;

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const keyIdOf = (publicKey: KeyObject) =>
  `k${createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16)}`;

interface KeyRow {
  kid: string;
  private_key: string;
  legacy: number | boolean;
  created_at: number;
  retired_at: number | null;
}

interface LoadedKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  createdAt: number;
  legacy: boolean;
}

/** Servers before key rotation derived their one key from the token secret; it stays the key of their unprefixed signatures. */
function legacyKey(tokenSecret: Uint8Array): KeyObject {
  const seed = Buffer.from(hkdfSync('sha256', tokenSecret, 'zhiku', 'entitlement-signing-key', 32));
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/**
 * The signing keys of this database: made on first start (an upgraded server adopts the key it
 * derived before, so what it signed then still verifies), shared by every instance.
 */
export async function loadSigningKeys(
  db: SqlDatabase,
  options: { now: () => number; tokenSecret: Uint8Array; hadEarlierData: boolean },
): Promise<LoadedKey[]> {
  const select =
    'SELECT kid, private_key, legacy, created_at, retired_at FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid';
  // Instances starting together on one PostgreSQL make one first key between them, not one each.
  const rows = await db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(7410002)');
    const found = await tx.all<KeyRow>(select);
    if (found.length > 0) return found;
    const privateKey = options.hadEarlierData
      ? legacyKey(options.tokenSecret)
      : generateKeyPairSync('ed25519').privateKey;
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const kid = keyIdOf(createPublicKey(privateKey));
    await tx.run('INSERT INTO signing_keys (kid, private_key, legacy, created_at) VALUES (?, ?, ?, ?)', [
      kid,
      pem,
      options.hadEarlierData ? 1 : 0,
      options.now(),
    ]);
    return tx.all<KeyRow>(select);
  });
  return rows.map((row) => {
    const privateKey = createPrivateKey(row.private_key);
    return {
      kid: row.kid,
      privateKey,
      publicKey: createPublicKey(privateKey),
      createdAt: Number(row.created_at),
      legacy: Boolean(row.legacy),
    };
  });
}

/** Adds a new key and makes it the one that signs; the others verify until retired. */
export async function rotateSigningKey(db: SqlDatabase, now: number): Promise<string> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = keyIdOf(publicKey);
  await db.run('INSERT INTO signing_keys (kid, private_key, created_at) VALUES (?, ?, ?)', [
    kid,
    privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    now,
  ]);
  return kid;
}

export function createEntitlementSigner(keys: readonly LoadedKey[]): EntitlementSigner {
  const active = keys.find((key) => !key.legacy) ?? keys[0];
  if (!active) throw new Error('No signing key is active.');
  const byId = new Map(keys.map((key) => [key.kid, key]));
  const legacy = keys.find((key) => key.legacy);
  const signWith = (bytes: Buffer) => `${active.kid}.${sign(null, bytes, active.privateKey).toString('base64url')}`;
  return {
    sign: (fields) => signWith(Buffer.from(entitlementSignedText(fields, active.kid))),
    verify(fields, signature) {
      const { keyId, value } = splitSignature(signature);
      const key = keyId === undefined ? legacy : byId.get(keyId);
      if (!key) return false;
      try {
        return verify(
          null,
          Buffer.from(entitlementSignedText(fields, keyId)),
          key.publicKey,
          Buffer.from(value, 'base64url'),
        );
      } catch {
        // A signature that is not even well-formed is simply not valid; the caller says so.
        return false;
      }
    },
    signText: (text) => signWith(Buffer.from(signedTextWithKey(text, active.kid))),
    verifyText(text, signature) {
      const { keyId, value } = splitSignature(signature);
      const key = keyId === undefined ? undefined : byId.get(keyId);
      if (!key) return false;
      try {
        return verify(
          null,
          Buffer.from(signedTextWithKey(text, keyId)),
          key.publicKey,
          Buffer.from(value, 'base64url'),
        );
      } catch {
        return false;
      }
    },
    publicKeyPem: active.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    activeKeyId: active.kid,
    publicKeys: () =>
      keys.map((key) => ({
        kid: key.kid,
        publicKeyPem: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        createdAt: key.createdAt,
        legacy: key.legacy,
      })),
  };
}

/** Marks a key retired: it no longer verifies (its entitlements must be signed again first: payments/key-rotation.ts). */
export async function retireSigningKey(db: SqlDatabase, kid: string, now: number): Promise<boolean> {
  return (
    (await db.run('UPDATE signing_keys SET retired_at = ? WHERE kid = ? AND retired_at IS NULL', [now, kid])).changes >
    0
  );
}

/** A signer that follows the database's keys: reloaded after a rotation here, and every minute for rotations made on other instances. */
export interface ReloadingSigner extends EntitlementSigner {
  reload(): Promise<void>;
  stop(): void;
}

export async function openSigner(
  db: SqlDatabase,
  options: {
    now: () => number;
    tokenSecret: Uint8Array;
    hadEarlierData: boolean;
    reloadMs?: number;
    onReloadFailed: (error: unknown) => void;
  },
): Promise<ReloadingSigner> {
  let current = createEntitlementSigner(await loadSigningKeys(db, options));
  const reload = async () => {
    current = createEntitlementSigner(await loadSigningKeys(db, { ...options, hadEarlierData: false }));
  };
  // A failed reload (the database away) keeps the keys loaded before; the next one tries again.
  const timer = setInterval(() => void reload().catch(options.onReloadFailed), options.reloadMs ?? 60_000);
  timer.unref();
  return {
    sign: (fields) => current.sign(fields),
    verify: (fields, signature) => current.verify(fields, signature),
    signText: (text) => current.signText(text),
    verifyText: (text, signature) => current.verifyText(text, signature),
    get publicKeyPem() {
      return current.publicKeyPem;
    },
    get activeKeyId() {
      return current.activeKeyId;
    },
    publicKeys: () => current.publicKeys(),
    reload,
    stop: () => clearInterval(timer),
  };
}
