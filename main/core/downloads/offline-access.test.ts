import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EntitlementDoc } from '../../../common/collections/index.js';
import { entitlementSignedText } from '../../../common/entitlement-payload.js';
import { entitlementSignatureValid } from './offline-access.js';

describe('entitlement signatures on the device', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const signed = (doc: Omit<EntitlementDoc, 'signature'>): EntitlementDoc => ({ ...doc, signature: sign(null, Buffer.from(entitlementSignedText(doc)), privateKey).toString('base64url') });
  const doc = signed({ id: 'ent_u_c', userId: 'u', courseId: 'c', source: 'purchase', grantedAt: 1000, updatedAt: 1000 });

  it('accept the server’s signature', () => {
    expect(entitlementSignatureValid(doc, pem)).toBe(true);
  });

  it('refuse an entitlement edited on the device, or signed by another key', () => {
    expect(entitlementSignatureValid({ ...doc, courseId: 'another-course' }, pem)).toBe(false);
    expect(entitlementSignatureValid({ ...doc, userId: 'someone-else' }, pem)).toBe(false);
    expect(entitlementSignatureValid({ ...doc, revokedAt: undefined, grantedAt: 999 }, pem)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(entitlementSignatureValid(doc, other)).toBe(false);
    expect(entitlementSignatureValid({ ...doc, signature: 'garbage' }, pem)).toBe(false);
    expect(entitlementSignatureValid(doc, 'not a key')).toBe(false);
  });
});
