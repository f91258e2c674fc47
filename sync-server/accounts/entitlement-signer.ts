import { entitlementSignedText, type EntitlementSignedFields } from '../../common/entitlement-payload.js';
import { createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Signs entitlements with Ed25519 so devices can check them offline with the public key
 * (GET /v1/keys/entitlements) and never hold a secret. The key is derived from the token
 * secret, so every server sharing a database signs alike without another setting.
 */
export interface EntitlementSigner {
  sign(fields: EntitlementFields): string;
  verify(fields: EntitlementFields, signature: string): boolean;
  /** Signs other server statements with the same key (provisioning files), domain-separated by their text. */
  signText(text: string): string;
  publicKeyPem: string;
}

export type EntitlementFields = EntitlementSignedFields;

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The exact bytes signed (the text is shared with the device in common/). */
export function entitlementSigningPayload(fields: EntitlementFields): Buffer {
  return Buffer.from(entitlementSignedText(fields));
}

export function createEntitlementSigner(secret: Uint8Array): EntitlementSigner {
  const seed = Buffer.from(hkdfSync('sha256', secret, 'zhiku', 'entitlement-signing-key', 32));
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  return {
    sign: (fields) => sign(null, entitlementSigningPayload(fields), privateKey).toString('base64url'),
    verify: (fields, signature) => verify(null, entitlementSigningPayload(fields), publicKey, Buffer.from(signature, 'base64url')),
    signText: (text) => sign(null, Buffer.from(text), privateKey).toString('base64url'),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}
