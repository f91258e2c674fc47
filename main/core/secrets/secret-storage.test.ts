import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import { useTempDirs } from '../../../tests/helpers.js';
import { deviceContentKey } from '../downloads/download-manager.js';
import { secretTokenVault, type StoredSession } from '../session/token-vault.js';
import type { SecretCodec } from './secret-codec.js';
import { createSecretStorage } from './secret-storage.js';

const newDir = useTempDirs();

/** A keychain like the OS's: AES-GCM under a key the app never sees; `refuse` is a denied Keychain prompt or a failed DPAPI call. */
function keychain(
  key: Buffer = randomBytes(32),
  behaviour: { refuse?: boolean; rotated?: boolean } = {},
): SecretCodec & { key: Buffer } {
  return {
    id: 'os-keychain',
    key,
    seal: async (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]);
    },
    open: async (sealed) => {
      if (behaviour.refuse) throw new Error('User interaction is not allowed.');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(3, 15));
      decipher.setAuthTag(sealed.subarray(15, 31));
      return {
        plain: Buffer.concat([decipher.update(sealed.subarray(31)), decipher.final()]).toString('utf8'),
        reseal: behaviour.rotated === true,
      };
    },
  };
}

const session: StoredSession = {
  serverUrl: 'http://127.0.0.1:4780',
  accessToken: 'a.b.c',
  refreshToken: 'r-1',
  user: { id: 'u1', email: 'a@b.c', displayName: 'A', role: 'learner' },
  deviceId: 'd1',
};
const envelopeOf = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { codec: string; data: string };

describe('secrets at rest', () => {
  it('records the codec of every sealed secret, and reads it back only that way', async () => {
    const dir = newDir();
    const os = keychain();
    const key = await deviceContentKey(createSecretStorage({ dataDir: dir, keychain: os }))();
    expect(envelopeOf(join(dir, 'content-key.bin')).codec).toBe('os-keychain');
    expect(readFileSync(join(dir, 'content-key.bin'), 'utf8')).not.toContain(key.toString('base64'));
    expect(statSync(join(dir, 'content-key.bin')).mode & 0o777).toBe(0o600);
    expect(await deviceContentKey(createSecretStorage({ dataDir: dir, keychain: os }))()).toEqual(key);
  });

  it('never replaces a content key it cannot open: downloads wait with a clear error, and work again once the keychain answers', async () => {
    const dir = newDir();
    const os = keychain();
    const key = await deviceContentKey(createSecretStorage({ dataDir: dir, keychain: os }))();
    const before = readFileSync(join(dir, 'content-key.bin'));

    for (const storage of [
      createSecretStorage({ dataDir: dir }),
      createSecretStorage({ dataDir: dir, keychain: keychain(os.key, { refuse: true }) }),
      createSecretStorage({ dataDir: dir, keychain: keychain() }),
    ]) {
      const open = deviceContentKey(storage);
      const error = await open().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('SECRET_UNAVAILABLE');
      expect(storage.status$.value.problems).toEqual(['content-key-unreadable']);
      expect(readFileSync(join(dir, 'content-key.bin'))).toEqual(before);
    }

    const answering = createSecretStorage({ dataDir: dir, keychain: os });
    expect(await deviceContentKey(answering)()).toEqual(key);
    expect(answering.status$.value.problems).toEqual([]);
  });

  it('reads files from before codecs were recorded by what they hold, and records the codec from then on', async () => {
    const plainDir = newDir();
    const key = randomBytes(32).toString('base64');
    writeFileSync(join(plainDir, 'content-key.bin'), key);
    const os = keychain();
    expect(
      (await deviceContentKey(createSecretStorage({ dataDir: plainDir, keychain: os }))()).toString('base64'),
    ).toBe(key);
    expect(envelopeOf(join(plainDir, 'content-key.bin')).codec).toBe('os-keychain');

    const sealedDir = newDir();
    writeFileSync(join(sealedDir, 'session.bin'), await os.seal(JSON.stringify(session)));
    expect(await secretTokenVault(createSecretStorage({ dataDir: sealedDir, keychain: os })).load()).toEqual(session);
    expect(envelopeOf(join(sealedDir, 'session.bin')).codec).toBe('os-keychain');

    // Sealed by a keychain this start does not have: reported, left as it was.
    const orphan = newDir();
    writeFileSync(join(orphan, 'session.bin'), await keychain().seal(JSON.stringify(session)));
    const bytes = readFileSync(join(orphan, 'session.bin'));
    const storage = createSecretStorage({ dataDir: orphan });
    expect(await secretTokenVault(storage).load()).toBeNull();
    expect(storage.status$.value.problems).toEqual(['sign-in-unreadable']);
    expect(readFileSync(join(orphan, 'session.bin'))).toEqual(bytes);
  });

  it('moves protected-file secrets into the keychain once one exists, and reseals when the keychain asks', async () => {
    const dir = newDir();
    const vault = secretTokenVault(createSecretStorage({ dataDir: dir }));
    vault.save(session);
    await vault.flush();
    expect(envelopeOf(join(dir, 'session.bin')).codec).toBe('protected-file');
    const os = keychain();
    expect(await secretTokenVault(createSecretStorage({ dataDir: dir, keychain: os })).load()).toEqual(session);
    expect(envelopeOf(join(dir, 'session.bin')).codec).toBe('os-keychain');

    const sealedOnce = envelopeOf(join(dir, 'session.bin')).data;
    expect(
      await secretTokenVault(
        createSecretStorage({ dataDir: dir, keychain: keychain(os.key, { rotated: true }) }),
      ).load(),
    ).toEqual(session);
    expect(envelopeOf(join(dir, 'session.bin')).data).not.toBe(sealedOnce);
  });

  it('without a keychain, asks once and lets the learner sign in at each start instead of keeping the sign-in in a file', async () => {
    const dir = newDir();
    const storage = createSecretStorage({ dataDir: dir, announce: true, backend: 'basic_text' });
    expect(storage.status$.value).toEqual({
      storage: 'protected-files',
      backend: 'basic_text',
      keepSignIn: true,
      noticePending: true,
      problems: [],
    });
    const vault = secretTokenVault(storage);
    vault.save(session);
    await vault.flush();
    expect(envelopeOf(join(dir, 'session.bin')).codec).toBe('protected-file');

    await storage.choose({ keepSignIn: false });
    vault.save(session);
    await vault.flush();
    expect(() => readFileSync(join(dir, 'session.bin'))).toThrow(/ENOENT/);
    const again = createSecretStorage({ dataDir: dir, announce: true });
    expect(again.status$.value).toMatchObject({ keepSignIn: false, noticePending: false });
    expect(createSecretStorage({ dataDir: dir, keychain: keychain(), announce: true }).status$.value).toMatchObject({
      storage: 'os-keychain',
      keepSignIn: true,
      noticePending: false,
    });
  });

  it('treats a damaged secret file as unreadable and leaves it for support', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'content-key.bin'), '{"zhikuSecret":1,"codec":"protected-file","data":"bm90IGEga2V5"}');
    const storage = createSecretStorage({ dataDir: dir });
    await expect(deviceContentKey(storage)()).rejects.toMatchObject({ code: 'SECRET_UNAVAILABLE' });
    expect(readFileSync(join(dir, 'content-key.bin'), 'utf8')).toContain('bm90IGEga2V5');
  });
});
