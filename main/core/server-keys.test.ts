import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EntitlementDoc } from '../../common/collections/index.js';
import { entitlementSignedText, type ServerKeySet } from '../../common/entitlement-payload.js';
import { useTempDirs } from '../../tests/helpers.js';
import { createServerKeys } from './server-keys.js';

const newDir = useTempDirs();
const SERVER = 'https://learn.example.com';

function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, privateKey, pem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}
const signedBy = (
  key: { kid: string; privateKey: KeyObject },
  doc: Omit<EntitlementDoc, 'signature'>,
): EntitlementDoc => ({
  ...doc,
  signature: `${key.kid}.${sign(null, Buffer.from(entitlementSignedText(doc, key.kid)), key.privateKey).toString('base64url')}`,
});
const doc = {
  id: 'ent_u_c',
  userId: 'u',
  courseId: 'c',
  source: 'purchase' as const,
  grantedAt: 1000,
  updatedAt: 1000,
};

describe('server keys pinned on the device', () => {
  it('accept the server’s signature by its key id and refuse edits, other keys and garbage', async () => {
    const first = keyPair('kfirst001');
    let served: ServerKeySet = {
      active: first.kid,
      keys: [{ kid: first.kid, publicKeyPem: first.pem, createdAt: 1, legacy: false }],
    };
    const keys = createServerKeys({ dataDir: newDir(), fetchKeySet: async () => served });
    const entitlement = signedBy(first, doc);
    const check = (e: EntitlementDoc, url = SERVER) =>
      keys.verify(url, e.signature, (kid) => entitlementSignedText(e, kid));
    expect(await check(entitlement)).toBe(true);
    expect(await check({ ...entitlement, courseId: 'another-course' })).toBe(false);
    expect(await check({ ...entitlement, grantedAt: 999 })).toBe(false);
    expect(await check({ ...entitlement, signature: 'garbage' })).toBe(false);
    // The same key id named by another server is that server's business: nothing is pinned for it yet, and it serves nothing.
    served = { active: 'kother001', keys: [] };
    expect(await check(entitlement, 'https://elsewhere.example.com')).toBe(false);
  });

  it('keep a pinned key when the server later answers another one for the same id, and learn rotated keys', async () => {
    const first = keyPair('kfirst002');
    const impostor = keyPair('kfirst002');
    const next = keyPair('knext0002');
    const dataDir = newDir();
    let served: ServerKeySet = {
      active: first.kid,
      keys: [{ kid: first.kid, publicKeyPem: first.pem, createdAt: 1, legacy: false }],
    };
    const keys = createServerKeys({ dataDir, fetchKeySet: async () => served });
    expect(await keys.refresh(SERVER)).toBe(true);
    served = {
      active: next.kid,
      keys: [
        { kid: first.kid, publicKeyPem: impostor.pem, createdAt: 1, legacy: false },
        { kid: next.kid, publicKeyPem: next.pem, createdAt: 2, legacy: false },
      ],
    };
    expect(await keys.refresh(SERVER)).toBe(true);
    const reopened = createServerKeys({ dataDir, fetchKeySet: async () => null });
    expect(reopened.pinned(SERVER, first.kid)).toBe(first.pem);
    expect(reopened.pinned(SERVER, next.kid)).toBe(next.pem);
    expect(
      await reopened.verify(SERVER, signedBy(impostor, doc).signature, (kid) => entitlementSignedText(doc, kid)),
    ).toBe(false);
    expect(await reopened.verify(SERVER, signedBy(next, doc).signature, (kid) => entitlementSignedText(doc, kid))).toBe(
      true,
    );
    // Retired on the server: no longer listed, no longer trusted.
    served = { active: next.kid, keys: [{ kid: next.kid, publicKeyPem: next.pem, createdAt: 2, legacy: false }] };
    expect(await keys.refresh(SERVER)).toBe(true);
    expect(keys.pinned(SERVER, first.kid)).toBeUndefined();
  });

  it('check offline with what is pinned, and say false (not throw) when a key is unknown and the server unreachable', async () => {
    const keys = createServerKeys({
      dataDir: newDir(),
      fetchKeySet: async () => {
        throw new Error('offline');
      },
    });
    const first = keyPair('kfirst003');
    expect(await keys.verify(SERVER, signedBy(first, doc).signature, (kid) => entitlementSignedText(doc, kid))).toBe(
      false,
    );
    expect(await keys.refresh(SERVER)).toBe(false);
  });
});
